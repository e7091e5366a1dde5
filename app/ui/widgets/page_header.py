"""A page's title and one-line explanation, and the French row count."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.formatting import number


def count_text(shown: int, total: int) -> str:
    """"1 234 éléments", or "12 sur 1 234 éléments" when a filter hides some."""
    noun = "élément" if total <= 1 else "éléments"
    if shown == total:
        return f"{number(total)} {noun}"
    return f"{number(shown)} sur {number(total)} {noun}"


class PageHeader(QWidget):
    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("page_title")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title_label.setFont(font)
        self.explanation_label = QLabel(explanation, self)
        self.explanation_label.setObjectName("page_explanation")
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.explanation_label)
