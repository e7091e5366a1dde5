"""SIREN and SIRET as INSEE prints them, with no-break spaces; anything else untouched."""

from __future__ import annotations

import pytest

from app.formatting import company_number


@pytest.mark.parametrize(("digits", "shown"), [
    ("779681675", "779\u00a0681\u00a0675"),
    ("77968167500715", "779\u00a0681\u00a0675\u00a000715"),
    ("", ""),
    ("12345", "12345"),  # a value refused by the forms, shown as stored
    ("77968167A", "77968167A"),
])
def test_company_number(digits: str, shown: str) -> None:
    assert company_number(digits) == shown
