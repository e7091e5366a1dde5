"""Aide › Raccourcis clavier (F1): the keys of the menus and of the page in front, read from their actions
(so the list follows the actions as they are), then the keys every list page shares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.ui.widgets import html
from app.ui.widgets.screen_fit import fit_to_screen

# The list pages' own keys: QShortcuts and the table's, which no action names.
LIST_KEYS = (
    ("Rechercher dans la liste", "Ctrl+F"),
    ("Passer d'un élément à l'autre", "↑ ↓, Page préc. / Page suiv."),
    ("Trier par une colonne", "clic sur son en-tête"),
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what, keys) for each action that has keys, in order, once each: « &Quitter » reads « Quitter »."""
    rows: list[tuple[str, str]] = []
    for action in actions:
        keys = " ou ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts())
        what = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
        if keys and what and (what, keys) not in rows:
            rows.append((what, keys))
    return rows


def shortcuts_html(general: Sequence[tuple[str, str]], page_title: str,
                   page_rows: Sequence[tuple[str, str]]) -> str:
    sections = [html.section("Partout", _keys_table(general))]
    if page_title:
        body = _keys_table(page_rows) if page_rows else html.muted(
            "Cette page n'a pas de raccourci qui lui soit propre.")
        sections.append(html.section(f"Page « {page_title} »", body))
    sections.append(html.section("Dans les listes", _keys_table(LIST_KEYS)))
    return html.page("Raccourcis clavier", "Les touches de Maillage, et celles de la page affichée.",
                     *sections)


def _keys_table(rows: Sequence[tuple[str, str]]) -> str:
    """Action and keys, the keys' column at the same place in every section."""
    body = "".join(f"<tr><td width='60%'>{escape(what)}</td><td>{escape(keys)}</td></tr>"
                   for what, keys in rows)
    return f"<table cellspacing='0' width='100%'><tr><th>Action</th><th>Touches</th></tr>{body}</table>"


class ShortcutsDialog(QDialog):
    """Read-only; Échap or « Fermer » closes it."""

    def __init__(self, general: Sequence[tuple[str, str]], page_title: str,
                 page_rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Raccourcis clavier"))
        fit_to_screen(self, 560, 620)
        self.browser = QTextBrowser(self)
        self.browser.setHtml(shortcuts_html(general, page_title, page_rows))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
