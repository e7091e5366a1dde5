"""`formatting.euros` (fast integer path) prints exactly what Babel's fr_FR pattern prints."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.formatting import babel_euros, euros


def test_known_amounts() -> None:
    assert euros(123456750) == "1\u00a0234\u00a0567,50\u00a0€"
    assert euros(-50) == "-0,50\u00a0€"
    assert euros(250, decimals=False) == "2\u00a0€" and euros(350, decimals=False) == "4\u00a0€"
    assert euros(None) == "—"


@given(st.integers(min_value=-10**14, max_value=10**14), st.booleans())
def test_same_text_as_babel(cents: int, decimals: bool) -> None:
    assert euros(cents, decimals=decimals) == babel_euros(cents, decimals=decimals)
