"""French everywhere: Qt's own translations (standard buttons read "Annuler"), the locale, collation."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable

from PySide6.QtCore import QCollator, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)


def install_french(app: QApplication) -> QTranslator | None:
    """Set the French locale and load `qtbase_fr.qm`; the translator is parented to the app."""
    QLocale.setDefault(FRENCH)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(FRENCH, "qtbase", "_", folder):
        log.warning("qtbase_fr.qm not found in %s", folder)
        return None
    app.installTranslator(translator)
    return translator


def french_collator() -> QCollator:
    """French order, case-insensitive, numbers compared as numbers ("FA-2" before "FA-10")."""
    collator = QCollator(FRENCH)
    collator.setNumericMode(True)
    return collator


def collation_ranks(values: Iterable[str]) -> dict[str, int]:
    """Each distinct text → its rank in French order ("Évry" before "Zuydcoote"); ints sort fast."""
    collator = french_collator()
    ordered = sorted(set(values), key=collator.sortKey)
    return {value: rank for rank, value in enumerate(ordered)}


_LIGATURES = (("œ", "oe"), ("æ", "ae"), ("’", "'"))


def fold(text: str) -> str:
    """Lower case without accents: what a French search field matches on ("evry" finds "Évry").

    NFKD then ASCII, in C: 10,000 rows fold in a few milliseconds. No-break spaces become spaces,
    so "1 234" finds a formatted amount; symbols without an ASCII form (€, –) are dropped.
    """
    folded = text.casefold()
    if folded.isascii():
        return folded
    for ligature, spelt in _LIGATURES:
        folded = folded.replace(ligature, spelt)
    return unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
