"""The fields of the fiche action form, in tabs, mapped to and from a ProjectDraft (issue 5)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import MilestoneStatus, Novelty
from app.domain.project_form import (
    DraftMilestone,
    DraftPartner,
    DraftRisk,
    DraftService,
    FormChoices,
    ProjectDraft,
)
from app.domain.sync import ConflictInfo
from app.ui.widgets.conflict_badge import mark_label
from app.ui.widgets.form_fields import (
    INVALID_STYLE,
    CheckList,
    ChoiceRowEditor,
    RowEditor,
    error_label,
    find_data,
    french_spaces,
    is_typing_in,
    select_code,
)

NO_DATE = QDate(2000, 1, 1)
CHILD_FIELDS = {"project_partner": "partners", "project_service": "services", "milestone": "milestones",
                "project_risk": "risks", "project_axis": "axis_ids", "project_need": "need_ids",
                "project_territory": "territory_ids"}  # synced table → the form's field
DATE_FORMAT = "%Y-%m-%d"


class ProjectFormTabs(QTabWidget):
    """Présentation, Public et territoires, Acteurs, Calendrier et jalons, Besoins et axes, Risques."""

    changed = Signal(str)  # the name of the ProjectDraft field the user edited

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft = ProjectDraft(code="", title="")
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self._tab_of: dict[str, int] = {}
        self._captions: dict[str, QLabel] = {}  # the field labels, marked red on a sync conflict
        self._build_presentation()
        self._build_public()
        self.carrier_box = QGroupBox(self.tr("Nouveau porteur (s'il n'est pas dans la liste)"), self)
        self._build_actors()
        self._build_calendar()
        self._build_needs()
        self._build_risks()

    # -- construction ------------------------------------------------------------------------------
    def _tab(self, title: str) -> QFormLayout:
        page = QWidget(self)
        form = QFormLayout(page)
        self.addTab(page, title)
        return form

    def _add(self, form: QFormLayout, name: str, label: str, widget: QWidget, signal: object) -> None:
        box = QWidget(form.parentWidget())
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        self._errors[name] = error_label(box)
        column.addWidget(self._errors[name])
        form.addRow(label, box)
        caption = form.labelForField(box)
        if isinstance(caption, QLabel):
            self._captions[name] = caption
        widget.setAccessibleName(label.rstrip(" :*"))
        self._fields[name] = widget
        self._tab_of[name] = self.count() - 1
        signal.connect(partial(self._on_field_changed, name))  # type: ignore[attr-defined]

    def _build_presentation(self) -> None:
        form = self._tab(self.tr("Présentation"))
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(self.tr("par exemple FA-1.2-01"))
        self.title_edit = QLineEdit(self)
        self.novelty = QComboBox(self)
        for novelty in Novelty:
            self.novelty.addItem(novelty.label, novelty)
        self.summary = QPlainTextEdit(self)
        self.objectives = QPlainTextEdit(self)
        self._add(form, "code", self.tr("Code * :"), self.code, self.code.textEdited)
        self._add(form, "title", self.tr("Intitulé * :"), self.title_edit, self.title_edit.textEdited)
        self._add(form, "novelty", self.tr("Nouveauté :"), self.novelty, self.novelty.activated)
        self._add(form, "summary", self.tr("Résumé :"), self.summary, self.summary.textChanged)
        self._add(form, "objectives", self.tr("Objectifs :"), self.objectives, self.objectives.textChanged)

    def _build_public(self) -> None:
        form = self._tab(self.tr("Public et territoires"))
        self.target_public = QPlainTextEdit(self)
        self.target_volume = QSpinBox(self)
        self.target_volume.setRange(-1, 1_000_000)
        self.target_volume.setSpecialValueText(self.tr("non précisé"))
        self.target_volume.setSuffix(self.tr(" personnes"))
        self.territories = CheckList(self.tr("Filtrer les territoires…"), self)
        self._add(form, "target_public", self.tr("Public visé :"), self.target_public,
                  self.target_public.textChanged)
        self._add(form, "target_volume", self.tr("Volume visé :"), self.target_volume,
                  self.target_volume.valueChanged)
        self._add(form, "territory_ids", self.tr("Territoires :"), self.territories, self.territories.changed)

    def _build_actors(self) -> None:
        form = self._tab(self.tr("Acteurs"))
        self.carrier = QComboBox(self)
        self.carrier_name, self.carrier_siren, self.carrier_siret = QLineEdit(self), QLineEdit(self), \
            QLineEdit(self)
        self.carrier_siret.setPlaceholderText(self.tr("14 chiffres, par exemple 123 456 789 00012"))
        self.duplicate_label = QLabel(self)
        self.duplicate_label.setWordWrap(True)
        self.duplicate_label.setStyleSheet("color: #a15c00;")
        self.duplicate_label.hide()
        new_form = QFormLayout(self.carrier_box)
        self._add(new_form, "carrier_name", self.tr("Nom :"), self.carrier_name, self.carrier_name.textEdited)
        self._add(new_form, "siren", self.tr("SIREN :"), self.carrier_siren, self.carrier_siren.textEdited)
        self._add(new_form, "siret", self.tr("SIRET :"), self.carrier_siret, self.carrier_siret.textEdited)
        new_form.addRow(self.duplicate_label)
        self._tab_of.update(carrier_name=2, siren=2, siret=2)
        self.partners = ChoiceRowEditor((self.tr("Partenaire"), self.tr("Rôle dans le projet *")),
                                        self.tr("Ajouter un partenaire"), self)
        self.services = ChoiceRowEditor((self.tr("Service d'un membre"), self.tr("Contribution apportée *")),
                                        self.tr("Ajouter un service"), self)
        self.pilot = QComboBox(self)
        self._add(form, "carrier_id", self.tr("Porteur :"), self.carrier, self.carrier.activated)
        form.addRow(self.carrier_box)
        self._add(form, "partners", self.tr("Partenaires :"), self.partners, self.partners.changed)
        self._add(form, "services", self.tr("Services mobilisés :"), self.services, self.services.changed)
        self._add(form, "pilot_id", self.tr("Pilote (agent du pool) :"), self.pilot, self.pilot.activated)

    def _build_calendar(self) -> None:
        form = self._tab(self.tr("Calendrier et jalons"))
        self.starts_on, self.ends_on = self._date_edit(), self._date_edit()
        statuses = " / ".join(status.label for status in MilestoneStatus)
        self.milestones = RowEditor(
            (self.tr("Jalon"), self.tr("Échéance (AAAA-MM-JJ)"),
             self.tr("Statut (%1)").replace("%1", statuses)),
            ("", "", MilestoneStatus.PLANNED.label), self)
        self.milestones.table.setColumnWidth(1, 180)
        self.milestones.table.setColumnWidth(2, 340)
        self._add(form, "starts_on", self.tr("Début :"), self.starts_on, self.starts_on.dateChanged)
        self._add(form, "ends_on", self.tr("Fin :"), self.ends_on, self.ends_on.dateChanged)
        self._add(form, "milestones", self.tr("Jalons :"), self.milestones, self.milestones.changed)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("non précisée"))
        edit.setDate(NO_DATE)
        return edit

    def _build_needs(self) -> None:
        form = self._tab(self.tr("Besoins et axes"))
        self.needs = CheckList(self.tr("Filtrer les besoins…"), self)
        self.axes = CheckList(self.tr("Filtrer les axes…"), self)
        self._add(form, "need_ids", self.tr("Besoins auxquels répond la fiche :"), self.needs,
                  self.needs.changed)
        self._add(form, "axis_ids", self.tr("Axes des cadres stratégiques :"), self.axes, self.axes.changed)

    def _build_risks(self) -> None:
        form = self._tab(self.tr("Risques"))
        self.risks = RowEditor((self.tr("Risque"), self.tr("Probabilité (1 à 4)"), self.tr("Impact (1 à 4)"),
                                self.tr("Mesures d'atténuation")), ("", "2", "2", ""), self)
        for column, width in ((1, 140), (2, 120), (3, 300)):
            self.risks.table.setColumnWidth(column, width)
        self._add(form, "risks", self.tr("Risques :"), self.risks, self.risks.changed)

    def _on_field_changed(self, name: str, *_args: object) -> None:
        self.changed.emit(name)

    # -- choices and draft -------------------------------------------------------------------------
    def set_choices(self, choices: FormChoices) -> None:
        for combo, options, empty in ((self.carrier, choices.organisations, self.tr("— aucun porteur —")),
                                      (self.pilot, choices.pool_members, self.tr("— aucun pilote —"))):
            combo.clear()
            combo.addItem(empty, None)
            for choice in options:
                text = f"{choice.label} ({choice.detail})" if choice.detail else choice.label
                combo.addItem(text, choice.id)
        self.territories.set_choices(choices.territories)
        self.partners.set_choices(choices.organisations)
        self.services.set_choices(choices.services)
        self.needs.set_choices(choices.needs)
        self.axes.set_choices(choices.axes)

    def set_draft(self, draft: ProjectDraft) -> None:
        """Show `draft` without emitting `changed` (loading, undo, redo, a round's change); a widget
        already showing its value is left as it is (a row being edited in a table stays open)."""
        try:
            shown: ProjectDraft | None = self.draft()
        except ValueError:  # a half-typed cell: every field is set
            shown = None
        self._draft = draft
        widgets = [*self._fields.values(), self.carrier_name, self.carrier_siren, self.carrier_siret]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self._fill(draft, lambda name: shown is None or getattr(shown, name) != getattr(draft, name))
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def _fill(self, draft: ProjectDraft, changed: Callable[[str], bool]) -> None:
        _set_text(self.code, draft.code)
        _set_text(self.title_edit, draft.title)
        select_code(self.novelty, draft.novelty)
        _set_plain(self.summary, draft.summary)
        _set_plain(self.objectives, draft.objectives)
        _set_plain(self.target_public, draft.target_public)
        self.target_volume.setValue(-1 if draft.target_volume is None else draft.target_volume)
        self.territories.set_checked_ids(draft.territory_ids)
        self.carrier.setCurrentIndex(max(find_data(self.carrier, draft.carrier_id), 0))
        if changed("partners"):
            self.partners.set_rows([(p.organisation_id, p.role) for p in draft.partners])
        if changed("services"):
            self.services.set_rows([(s.service_id, s.contribution) for s in draft.services])
        self.pilot.setCurrentIndex(max(find_data(self.pilot, draft.pilot_id), 0))
        self.starts_on.setDate(_qdate(draft.starts_on))
        self.ends_on.setDate(_qdate(draft.ends_on))
        if changed("milestones"):
            self.milestones.set_rows([(m.id, (m.title, m.due_on.isoformat() if m.due_on else "",
                                              m.status.label)) for m in draft.milestones])
        self.needs.set_checked_ids(draft.need_ids)
        self.axes.set_checked_ids(draft.axis_ids)
        if changed("risks"):
            self.risks.set_rows([(r.id, (r.description, str(r.likelihood), str(r.impact), r.mitigation))
                                 for r in draft.risks])

    def draft(self) -> ProjectDraft:
        """The draft the fields show now (ids of the loaded draft kept); raises ValueError on a bad cell."""
        return ProjectDraft(
            id=self._draft.id, code=self.code.text(), title=self.title_edit.text(),
            summary=self.summary.toPlainText(), objectives=self.objectives.toPlainText(),
            target_public=self.target_public.toPlainText(),
            target_volume=None if self.target_volume.value() < 0 else self.target_volume.value(),
            territory_ids=self.territories.checked_ids(), carrier_id=self.carrier.currentData(),
            partners=tuple(DraftPartner(i, role) for i, role in self.partners.rows()),
            services=tuple(DraftService(i, text) for i, text in self.services.rows()),
            milestones=self._milestones(), need_ids=self.needs.checked_ids(), risks=self._risks(),
            axis_ids=self.axes.checked_ids(), starts_on=_pydate(self.starts_on.date()),
            ends_on=_pydate(self.ends_on.date()), novelty=self.novelty.currentData(),
            pilot_id=self.pilot.currentData())

    def _milestones(self) -> tuple[DraftMilestone, ...]:
        by_label = {status.label.lower(): status for status in MilestoneStatus}
        out = []
        for row_id, (title, due, status) in self.milestones.rows():
            due_on = date.fromisoformat(due.strip()) if due.strip() else None
            state = by_label.get(status.strip().lower(), MilestoneStatus.PLANNED)
            out.append(DraftMilestone(title, due_on, state, _uuid(row_id)))
        return tuple(out)

    def _risks(self) -> tuple[DraftRisk, ...]:
        return tuple(DraftRisk(text, int(likelihood or 0), int(impact or 0), mitigation, _uuid(row_id))
                     for row_id, (text, likelihood, impact, mitigation) in self.risks.rows())

    # -- errors ------------------------------------------------------------------------------------
    def show_problems(self, problems: dict[str, str]) -> None:
        """Red outline and message next to every field in `problems`; the others are cleared."""
        for name, label in self._errors.items():
            message = problems.get(name, "")
            label.setText(french_spaces(message))
            label.setVisible(bool(message))
            widget = getattr(self._fields[name], "table", self._fields[name])  # row editors: the table only
            widget.setStyleSheet(INVALID_STYLE if message else "")
        first = next((self._tab_of[name] for name in problems if name in self._tab_of), None)
        if first is not None:
            self.setCurrentIndex(first)

    # -- sync conflicts (issue 3) -------------------------------------------------------------------
    def mark_conflicts(self, conflicts: Sequence[ConflictInfo]) -> tuple[str, ...]:
        """Tint the label of every field with an open conflict (tooltip: the competing values), and mark
        its tab with ⚠; clear the others. Returns the names of the fields marked."""
        by_field = {c.column: c for c in conflicts if c.table == "project"}
        for conflict in conflicts:  # a partner's role, a milestone… marks the list it belongs to
            by_field.setdefault(CHILD_FIELDS.get(conflict.table, ""), conflict)
        for name, caption in self._captions.items():
            mark_label(caption, by_field.get(name))
        marked = tuple(name for name in self._captions if name in by_field)
        tabs = {self._tab_of[name] for name in marked}
        for index in range(self.count()):
            title = self.tabText(index).removesuffix(" ⚠")
            self.setTabText(index, f"{title} ⚠" if index in tabs else title)
            self.setTabToolTip(index, self.tr("Un champ de cet onglet est en conflit de synchronisation")
                               if index in tabs else "")
        return marked

    def caption(self, name: str) -> QLabel:
        return self._captions[name]

    def field(self, name: str) -> QWidget:
        return self._fields[name]

    def is_editing(self, name: str) -> bool:
        """Whether a cell of this list is being typed in (its editor open): not a time to redraw it."""
        table = getattr(self._fields.get(name), "table", None)
        return table is not None and is_typing_in(table)

    def error_text(self, name: str) -> str:
        label = self._errors[name]  # as the user reads it (no-break spaces read as spaces)
        return label.text().replace("\u00a0", " ") if not label.isHidden() else ""


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)


def _set_plain(edit: QPlainTextEdit, text: str) -> None:
    if edit.toPlainText() != text:
        edit.setPlainText(text)


def _qdate(day: date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else NO_DATE


def _pydate(day: QDate) -> date | None:
    return None if day == NO_DATE else date(day.year(), day.month(), day.day())


def _uuid(value: object) -> uuid.UUID | None:
    return value if isinstance(value, uuid.UUID) else None
