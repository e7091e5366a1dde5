"""French typography and agreement in the forms (app.ui.widgets.form_fields): no-break spaces in
wrapped text, counts agreed with their noun."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.ui.widgets.form_fields import CountSpinBox, french_spaces


def test_french_spaces_keep_guillemets_and_high_punctuation_with_their_words() -> None:
    text = french_spaces("Depuis les pages Instances (menu « Générer… ») : voir ; oui ! non ?")

    assert text == ("Depuis les pages Instances (menu «\u00a0Générer…\u00a0»)\u00a0: voir\u00a0; oui\u00a0! "
                    "non\u00a0?")


def test_a_count_agrees_with_its_noun_while_typed(qtbot: QtBot) -> None:
    spin = CountSpinBox(" jour avant la séance", " jours avant la séance", 90)
    qtbot.addWidget(spin)
    spin.setValue(1)
    assert spin.text() == "1 jour avant la séance"

    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "20")

    assert spin.value() == 20 and spin.text() == "20 jours avant la séance"
    spin.setValue(0)
    assert spin.text() == "0 jour avant la séance"  # French: singular up to 1
