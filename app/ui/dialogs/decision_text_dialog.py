"""« Modifier le texte de la décision… » (issue 4): objet, visas, considérants, articles (one per line) and
date d'effet. The usual visas are proposed when none is stored; a withdrawn décision, or one whose
délibération was signed or sent, opens read-only with the reason."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.meeting_editing import DecisionText
from app.domain.progress import Progress
from app.domain.rebase import attributes
from app.drafts import changed
from app.formatting import long_date
from app.services.decision_texts import FORM_LABELS, decision_text, save_decision_text
from app.ui.dialogs.saving_dialog import ERROR_STYLE, SavingDialog
from app.ui.draft_keeper import DraftKeeper
from app.ui.i18n import FRENCH
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_conflicts import FormConflicts
from app.ui.widgets.received_notice import Taken, take_into
from app.ui.widgets.screen_fit import fit_to_screen


def _lines(editor: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in editor.toPlainText().splitlines() if line.strip())


class DecisionTextDialog(SavingDialog):
    """Loads `decision_text`, saves through `save_decision_text`."""

    watch_received = True

    def __init__(self, runner: TaskRunner, decision_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._decision_id = decision_id
        self.text: DecisionText | None = None
        self.setWindowTitle(self.tr("Texte de la décision"))
        fit_to_screen(self, 860, 760)
        self.heading = QLabel(self.tr("Chargement…"), self)
        self.heading.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("Objet, ex. : Adoption du budget primitif 2027"))
        self.visas = self._editor(self.tr("Un visa par ligne : « Vu la loi n° 2011-525… ; »"), 130)
        self.considerations = self._editor(self.tr("Un considérant par ligne : « Considérant que… ; »"), 130)
        self.articles = self._editor(self.tr("Un article par ligne (numérotés à l'impression) : "
                                             "« Le budget primitif 2027 est adopté. »"), 150)
        self.has_effective = QCheckBox(self.tr("Date d'effet"), self)
        self.effective_on = QDateEdit(QDate.currentDate(), self)
        self.effective_on.setCalendarPopup(True)
        self.effective_on.setLocale(FRENCH)
        self.effective_on.setDisplayFormat("dddd d MMMM yyyy")
        self.effective_on.setEnabled(False)
        self.visas_hint = QLabel(self)
        self.visas_hint.setWordWrap(True)
        self.visas_hint.setObjectName("hint")
        self.form_conflicts = FormConflicts(self, runner, "decision", decision_id, {
            "title": self.title, "visas": self.visas, "considerations": self.considerations,
            "articles": self.articles, "effective_on": self.has_effective})
        self._build_layout()
        self.drafts = DraftKeeper(self, f"decision-{decision_id}", self._draft_state)
        self.form_conflicts.reload()
        self.has_effective.toggled.connect(self._on_has_effective_toggled)
        self.load(job(decision_text, decision_id), self._on_text_loaded)

    def _editor(self, placeholder: str, height: int) -> QPlainTextEdit:
        editor = QPlainTextEdit(self)
        editor.setPlaceholderText(placeholder)
        editor.setTabChangesFocus(True)  # Tab leaves the field: the dialog stays keyboard-usable
        editor.setMinimumHeight(height)
        return editor

    def _build_layout(self) -> None:
        effective = QHBoxLayout()
        effective.addWidget(self.has_effective)
        effective.addWidget(self.effective_on)
        effective.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Objet"), self.title)
        form.addRow(self.tr("Visas"), self.visas)
        form.addRow("", self.visas_hint)
        form.addRow(self.tr("Considérants"), self.considerations)
        form.addRow(self.tr("Articles"), self.articles)
        form.addRow("", effective)
        hint = QLabel(self.tr("Une ligne par visa, par considérant et par article ; les lignes vides sont "
                              "ignorées. Tab passe au champ suivant."), self)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form_conflicts.badge)
        layout.addWidget(self.notice)
        layout.addLayout(form, 1)
        layout.addWidget(hint)
        layout.addWidget(self.received)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _on_text_loaded(self, text: DecisionText) -> None:
        first = self.text is None
        self.text = text
        self._show_heading(text)
        self._fill(attributes(text, FORM_LABELS))
        self.title.setCursorPosition(0)
        default = text.effective_on or text.meeting_day
        if default is not None:
            self.effective_on.setDate(QDate(default.year, default.month, default.day))
        self.visas_hint.setText(self.tr("Visas habituels proposés (aucun n'était saisi) : vérifiez-les et "
                                        "complétez-les.") if text.visas_proposed else "")
        self.visas_hint.setVisible(text.visas_proposed)
        if first and not text.locked:
            self._take_draft()

    def _take_draft(self) -> None:
        """Edits left unsaved when Maillage stopped, put over the stored text if the user wants them."""
        draft = self.drafts.offer(self.tr("ce texte de décision"))
        if draft is not None:
            self._fill(changed(draft.base, draft.mine, list(FORM_LABELS)))
        self.drafts.start()

    def _draft_state(self) -> tuple[Any, Any] | None:
        if self.text is None or self.text.locked or not self.is_modified():
            return None
        return attributes(self.text, FORM_LABELS), self._typed()

    def _show_heading(self, text: DecisionText) -> None:
        day = long_date(text.meeting_day) if text.meeting_day else self.tr("date de séance à préciser")
        number = text.number or self.tr("sans numéro")
        self.heading.setText(f"<b>{text.kind.label} n° {number}</b> · {text.body_name} · {day} · "
                             f"{text.status.label}")
        self._show_notice(text)

    def _fill(self, values: Mapping[str, Any]) -> None:
        """Show these fields' values (by attribute, as _typed gives them)."""
        editors = {"visas": self.visas, "considerations": self.considerations, "articles": self.articles}
        for name, value in values.items():
            if name == "title":
                self.title.setText(value)
            elif name == "effective_on":
                self.has_effective.setChecked(value is not None)
                if value is not None:
                    self.effective_on.setDate(QDate(value.year, value.month, value.day))
            else:
                editors[name].setPlainText("\n".join(value))

    def _show_notice(self, text: DecisionText) -> None:
        self.notice.setText(text.locked or text.caution)
        self.notice.setStyleSheet(ERROR_STYLE if text.locked else "color: #8a5a00")
        self.notice.setVisible(bool(text.locked or text.caution))
        for editor in (self.visas, self.considerations, self.articles):
            editor.setReadOnly(bool(text.locked))
        self.title.setReadOnly(bool(text.locked))
        self.has_effective.setEnabled(not text.locked)
        self.effective_on.setEnabled(not text.locked and self.has_effective.isChecked())

    def can_save(self) -> bool:
        return self.text is not None and not self.text.locked

    @Slot(bool)
    def _on_has_effective_toggled(self, checked: bool) -> None:
        self.effective_on.setEnabled(checked)

    def save_job(self) -> Callable[[Progress], DecisionText]:
        return job(save_decision_text, self._decision_id, **self._typed(), base=self.text)

    def _typed(self) -> dict[str, Any]:
        """The texts as the form holds them, as save_decision_text takes them."""
        effective = self.effective_on.date().toPython() if self.has_effective.isChecked() else None
        assert effective is None or isinstance(effective, date)
        return {"title": self.title.text(), "visas": _lines(self.visas),
                "considerations": _lines(self.considerations), "articles": _lines(self.articles),
                "effective_on": effective}

    @override
    def is_modified(self) -> bool:
        return self.text is None or self._typed() != attributes(self.text, FORM_LABELS)

    @override
    def take_received(self, fresh: Any) -> Taken | None:
        assert self.text is not None  # loaded: the form is being edited
        text: DecisionText = fresh
        base, taken = take_into(attributes(self.text, FORM_LABELS), self._typed(),
                                attributes(text, FORM_LABELS), self._fill, FORM_LABELS.__getitem__)
        self.text = replace(text, **base)  # the fields changed on both sides keep their base
        self._show_heading(text)
        return taken

    @override
    def rebase_on(self, theirs: dict[str, Any]) -> None:
        assert self.text is not None  # a save follows the load
        self.text = replace(self.text, **theirs)  # the fields keep what the user typed
