"""The status-bar sync indicator: « À jour (il y a 3 min) », « Synchronisation… » with a bar (then the
round's step, « Réception : partie 12 sur 94 — 13 % »), « Hors ligne », « N conflits », « N points à
vérifier », « Phrase secrète à saisir » (a share known from the CLI, no passphrase saved here) or « Non
configurée » (these open the Synchronisation page)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

from app.ui.sync_controller import RoundOutcome, SyncController
from app.ui.tasks import SHOW_AFTER_MS
from app.ui.widgets.sync_format import ago, percent_text, when

_STYLE = "QToolButton#sync_indicator {{ color: {colour}; border: none; padding: 0 6px; }}" \
         "QToolButton#sync_indicator:hover {{ text-decoration: underline; }}"
GREEN, GREY, AMBER, RED = "#1b7a3a", "#6b6b6b", "#b26a00", "#b3261e"
STEPS_AFTER_MS = SHOW_AFTER_MS  # a quick round (every 5 min) keeps « Synchronisation… »: no flicker
STEP_TEXT_PX = 380  # a long step's text is elided there: the database and the profile keep their room


class SyncIndicator(QWidget):
    """Fed by the controller's signals; a click asks for the Synchronisation page."""

    open_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None, *,
                 configured: bool = True) -> None:
        super().__init__(parent)
        self._controller = controller
        self.button = QToolButton(self)
        self.button.setObjectName("sync_indicator")
        self.button.setAutoRaise(True)
        self.progress = QProgressBar(self)
        self.progress.setFixedSize(90, 12)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self._round_time = QElapsedTimer()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addStretch(1)  # the status bar may give more room than needed: keep the pair together
        layout.addWidget(self.button)
        layout.addWidget(self.progress)
        self._ticker = QTimer(self, interval=30_000)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._ticker.start()
        self.button.clicked.connect(self._on_button_clicked)
        controller.round_started.connect(self._on_controller_round_started)
        controller.round_progressed.connect(self._on_controller_round_progressed)
        controller.round_finished.connect(self._on_controller_round_finished)
        controller.round_failed.connect(self._on_controller_round_failed)
        controller.conflicts_changed.connect(self._on_controller_conflicts_changed)
        if configured:
            self._set(self.tr("Synchronisation prévue"), GREY,
                      self.tr("Le premier tour part quelques secondes après l'ouverture de la base"))
        else:  # as the first round will find: no flash of « prévue » on a base that never syncs
            self._show_not_configured()

    def text(self) -> str:
        return self.button.text()

    def _set(self, text: str, colour: str, tooltip: str) -> None:
        self.button.setText(text)
        self.button.setToolTip(tooltip)
        self.button.setStyleSheet(_STYLE.format(colour=colour))

    @Slot()
    def _on_controller_round_started(self) -> None:
        self._round_time.start()
        self.progress.setRange(0, 0)
        self.progress.show()
        self._set(self.tr("Synchronisation…"), GREY, self.tr("Échange avec le dossier partagé en cours"))

    @Slot(int, int, str)
    def _on_controller_round_progressed(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total > 0 else 0)
        percent = percent_text(done, total)
        told = f"{message} — {percent}" if percent else message
        self.progress.setToolTip(told)
        self.button.setToolTip(told)
        if self._round_time.isValid() and self._round_time.elapsed() >= STEPS_AFTER_MS:
            self.button.setText(self._elided(message, percent))

    def _elided(self, message: str, percent: str) -> str:
        """The step's text within STEP_TEXT_PX, its percentage always whole."""
        tail = f" — {percent}" if percent else ""
        metrics = self.button.fontMetrics()
        room = STEP_TEXT_PX - metrics.horizontalAdvance(tail)
        return metrics.elidedText(message, Qt.TextElideMode.ElideRight, room) + tail

    @Slot(object)
    def _on_controller_round_finished(self, _outcome: RoundOutcome) -> None:
        self.progress.hide()
        self._show_state()

    @Slot(str)
    def _on_controller_round_failed(self, _message: str) -> None:
        self.progress.hide()
        self._show_state()

    @Slot(int)
    def _on_controller_conflicts_changed(self, _count: int) -> None:
        if not self._controller.running:
            self._show_state()

    @Slot()
    def _on_ticker_timeout(self) -> None:
        if not self._controller.running:
            self._show_state()

    @Slot()
    def _on_button_clicked(self) -> None:
        self.open_requested.emit()

    def _show_state(self) -> None:
        outcome, error = self._controller.last_outcome, self._controller.last_error
        conflicts = len(outcome.status.conflicts) if outcome is not None else 0
        if conflicts:
            many = self.tr("%1 conflits").replace("%1", str(conflicts))
            text = self.tr("1 conflit") if conflicts == 1 else many
            self._set(text, RED, self.tr("Valeurs concurrentes à arbitrer dans Synchronisation"))
        elif error:
            text = self.tr("Hors ligne") if self._controller.offline else self.tr("Échec de synchronisation")
            self._set(text, AMBER if self._controller.offline else RED,
                      self.tr("%1\nLes modifications restent sur ce poste et partiront au prochain tour.")
                      .replace("%1", error))
        elif outcome is not None and not outcome.configured and outcome.status.share:
            hint = self.tr("Cette base se synchronise avec « %1 », mais la phrase secrète n'est pas "
                           "enregistrée sur ce poste : cliquez pour la saisir")
            self._set(self.tr("Phrase secrète à saisir"), AMBER, hint.replace("%1", outcome.status.share))
        elif outcome is None or not outcome.configured:
            self._show_not_configured()
        else:
            self._show_up_to_date(outcome)

    def _show_not_configured(self) -> None:
        self._set(self.tr("Non configurée"), GREY,
                  self.tr("Aucun dossier de synchronisation : cliquez pour en rejoindre un"))

    def _show_up_to_date(self, outcome: RoundOutcome) -> None:
        to_review = len(outcome.status.to_review)
        if to_review:  # data is through, but two workstations broke a rule together: say so until fixed
            text = (self.tr("1 point à vérifier") if to_review == 1 else
                    self.tr("%1 points à vérifier").replace("%1", str(to_review)))
            self._set(text, AMBER, self.tr("Règles rompues ensemble par deux postes (deux pilotes, un "
                                           "numéro donné deux fois…) : à corriger, voir Synchronisation"))
            return
        since = ago(outcome.finished_at, datetime.now().astimezone())
        pending = outcome.status.pending
        text = self.tr("À jour (%1)").replace("%1", since)
        if pending:
            text = self.tr("%1 en attente d'envoi").replace("%1", str(pending))
        last = outcome.status.last_round
        self._set(text, GREEN if not pending else AMBER,
                  self.tr("Dernier tour : %1").replace("%1", when(last.started) if last else "—"))
