"""The live-meeting mode's permanent quorum indicator: reached or not, shares present or represented, the
threshold of the body's convention (recomputed by app.domain.quorum at every change)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.domain.enums import QuorumBasis
from app.domain.quorum import Quorum, fraction_text, percent_text


class QuorumIndicator(QFrame):
    """A coloured banner; `reached` mirrors the last quorum shown (tests read it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quorum")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.verdict = QLabel(self.tr("Quorum : en attente des présences"), self)
        self.verdict.setObjectName("verdict")
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.reached: bool | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.verdict)
        layout.addWidget(self.detail)

    def show_quorum(self, quorum: Quorum, *, all_left: bool = False) -> None:
        """`all_left`: presences were noted, but every member noted present has left by now."""
        self.reached = quorum.reached
        heads = quorum.present_heads + quorum.represented_heads
        if heads == 0 and quorum.required:
            verdict = (self.tr("Quorum non atteint : tous les membres notés présents sont partis") if all_left
                       else self.tr("Quorum non atteint : aucune présence notée"))
            colour = "#8a5a00"
        elif not quorum.required:
            verdict, colour = self.tr("Pas de condition de quorum"), "#1b5e20"
        elif quorum.reached:
            verdict, colour = self.tr("Quorum atteint"), "#1b5e20"
        else:
            verdict, colour = self.tr("Quorum non atteint"), "#b3261e"
        self.verdict.setText(verdict)
        self.verdict.setStyleSheet(f"font-size: 16pt; font-weight: 600; color: {colour}")
        self.setStyleSheet(f"QFrame#quorum {{ border: 2px solid {colour}; border-radius: 6px; }}")
        basis = self.tr("des droits statutaires") if quorum.basis is QuorumBasis.RIGHTS else self.tr(
            "des membres")
        self.detail.setText(_fill(
            self.tr("%1 · %2 des droits statutaires · %3 des membres · seuil fixé %4 %5"),
            quorum.heads_text(), percent_text(quorum.rights_share), percent_text(quorum.heads_share),
            fraction_text(quorum.threshold), basis))


def _fill(text: str, *values: object) -> str:
    """Qt-style %1…%9 placeholders (what lupdate expects in tr() strings)."""
    for number, value in enumerate(values, start=1):
        text = text.replace(f"%{number}", str(value))
    return text
