"""The live sheet's quorum banner says why nobody counts: no presence noted yet, or everyone has left."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from pytestqt.qtbot import QtBot

from app.domain.enums import QuorumBasis
from app.domain.quorum import Quorum
from app.ui.widgets.quorum_indicator import QuorumIndicator

NOBODY = Quorum(required=True, reached=False, basis=QuorumBasis.RIGHTS, threshold=Fraction(1, 2),
                present_heads=0, represented_heads=0, total_heads=8, present_rights=Decimal(0),
                represented_rights=Decimal(0), total_rights=Decimal(100))


def test_an_empty_room_says_whether_presences_were_noted(qtbot: QtBot) -> None:
    banner = QuorumIndicator()
    qtbot.addWidget(banner)
    banner.show_quorum(NOBODY)
    assert banner.verdict.text() == "Quorum non atteint : aucune présence notée"
    banner.show_quorum(NOBODY, all_left=True)  # a séance left open after the day: everyone left at 11 h 31
    assert banner.verdict.text() == "Quorum non atteint : tous les membres notés présents sont partis"
    assert banner.detail.text().startswith("0 membre sur 8 présent ou représenté")
