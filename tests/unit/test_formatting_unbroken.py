"""French typography for wrapped UI text (app.formatting.unbroken)."""

from __future__ import annotations

from app.formatting import unbroken


def test_unbroken_keeps_guillemets_and_high_punctuation_with_their_words() -> None:
    text = unbroken("Depuis les pages Instances (menu « Générer… ») : voir ; oui ! non ?")

    assert text == ("Depuis les pages Instances (menu «\u00a0Générer…\u00a0»)\u00a0: voir\u00a0; oui\u00a0! "
                    "non\u00a0?")
