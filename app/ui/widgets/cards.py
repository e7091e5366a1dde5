"""Dashboard building blocks: a key-figure card and a titled panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

CARD_STYLE = """
QFrame#card, QFrame#panel { background: #ffffff; border: 1px solid #d5dce4; border-radius: 6px; }
QLabel#card_value { color: #1f3b57; }
QLabel#card_caption, QLabel#card_note { color: #555; }
QLabel#panel_title { color: #1f4e79; font-weight: bold; }
"""


class KeyFigureCard(QFrame):
    """A caption, a big value and a one-line note ("dont 12 en cours")."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("card_caption")
        self.value = QLabel("…", self)
        self.value.setObjectName("card_value")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.note = QLabel(self)
        self.note.setObjectName("card_note")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        for label in (self.caption, self.value, self.note):
            layout.addWidget(label)
        layout.addStretch(1)  # captions line up whatever the length of the notes
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # same height in a row

    def set_figure(self, value: str, note: str = "", *, alert: bool = False) -> None:
        self.value.setText(value)
        self.value.setStyleSheet("color: #b3261e;" if alert else "")
        self.note.setText(note)


class Panel(QFrame):
    """A titled white panel holding one widget (a chart, a list)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.title = QLabel(title, self)
        self.title.setObjectName("panel_title")
        self.title.setWordWrap(True)  # a long indicator name must not widen the whole dashboard
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 10, 12, 10)
        self._layout.addWidget(self.title)
        self.body: QWidget | None = None

    def set_body(self, widget: QWidget) -> None:
        if self.body is not None:
            self._layout.removeWidget(self.body)
            self.body.deleteLater()
        self.body = widget
        self._layout.addWidget(widget, 1)


def rich_label(html: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(html, parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label
