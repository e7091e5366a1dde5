"""A toolbar button that opens a menu (« Changer le statut », « Exporter », « Générer… »): its arrow
sits beside the text, vertically centred, with room of its own; Fusion glued a tiny arrow to the
last letter's foot."""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton

_STYLE = ("QToolButton { padding: 3px 15px 3px 4px; } "
          "QToolButton::menu-indicator { subcontrol-origin: padding; subcontrol-position: center right; "
          "right: 3px; }")


def as_menu_button(button: QToolButton) -> QToolButton:
    """The menu opens on a click anywhere on the button; the arrow says so."""
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setStyleSheet(_STYLE)
    return button
