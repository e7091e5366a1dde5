"""Indicator values by territory and period (Diagnostic › Indicateurs); secret cells read "s", not 0."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.diagnostic import IndicatorInfo, IndicatorTable, TerritoryValues
from app.domain.enums import ValueStatus
from app.formatting import percent
from app.services.diagnostic import indicator_table, list_indicators
from app.ui.item_models.row_filter_proxy import RowFilterProxy
from app.ui.item_models.summary_table_model import RIGHT, Column, SummaryTableModel
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_fields import find_data
from app.ui.widgets.page_header import count_text
from app.ui.widgets.value_format import cell_sort_key, cell_text


class IndicatorsView(QWidget):
    """Pick an indicator and a level; the table shows one row per territory and one column per period."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.indicator_combo = QComboBox(self)
        self.indicator_combo.setObjectName("indicator")
        self.indicator_combo.setMinimumWidth(360)
        self.level_combo = QComboBox(self)
        self.level_combo.setObjectName("level")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Filtrer les territoires…"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.definition = QLabel(self)
        self.definition.setWordWrap(True)
        self.definition.setStyleSheet("color: #555;")
        self.model = SummaryTableModel((), self)
        self.proxy = RowFilterProxy(self.model, self)
        self.table = QTableView(self)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setModel(self.proxy)
        self._layout()
        self.indicator_combo.currentIndexChanged.connect(self._on_indicator_combo_changed)
        self.level_combo.currentIndexChanged.connect(self._on_level_combo_changed)
        self.search.textChanged.connect(self._on_search_text_changed)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Indicateur :"), self))
        bar.addWidget(self.indicator_combo, 2)
        bar.addWidget(QLabel(self.tr("Niveau :"), self))
        bar.addWidget(self.level_combo)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        legend = QLabel(
            self.tr(
                "« s » : secret statistique (valeur non diffusée) · « (e) » : estimation · "
                "« — » : valeur non publiée."
            ),
            self,
        )
        legend.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.definition)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)

    @Slot()
    def refresh(self) -> None:
        self._runner.submit(job(list_indicators), owner=self, on_success=self._on_indicators_loaded)

    def _on_indicators_loaded(self, indicators: list[IndicatorInfo]) -> None:
        current = self.indicator_combo.currentData()
        self.indicator_combo.blockSignals(True)
        self.indicator_combo.clear()
        for info in indicators:
            self.indicator_combo.addItem(f"{info.label} ({info.unit})" if info.unit else info.label, info.id)
        index = find_data(self.indicator_combo, current) if current is not None else 0
        self.indicator_combo.setCurrentIndex(max(index, 0))
        self.indicator_combo.blockSignals(False)
        if indicators:
            self._load()
        else:
            self.definition.setText(
                self.tr(
                    "Aucun indicateur. Importez des valeurs (INSEE, CAF, France Travail…) "
                    "pour les voir ici par territoire."
                )
            )

    @Slot(int)
    def _on_indicator_combo_changed(self, _index: int) -> None:
        self._load()

    @Slot(int)
    def _on_level_combo_changed(self, _index: int) -> None:
        self._load()

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self.count_label.setText(count_text(self.proxy.rowCount(), self.model.rowCount()))

    def _load(self) -> None:
        indicator_id = self.indicator_combo.currentData()
        if indicator_id is None:
            return
        level = self.level_combo.currentData()
        self._runner.submit(
            job(indicator_table, indicator_id, level), owner=self, on_success=self._on_table_loaded
        )

    def _on_table_loaded(self, table: IndicatorTable) -> None:
        self.level_combo.blockSignals(True)
        self.level_combo.clear()
        for level in table.levels:
            self.level_combo.addItem(level.label, level)
        self.level_combo.setCurrentIndex(max(self.level_combo.findData(table.level), 0))
        self.level_combo.blockSignals(False)
        info = table.indicator
        shown = (
            f" Les {len(table.periods)} dernières périodes sur {table.all_periods} sont affichées."
            if table.all_periods > len(table.periods)
            else ""
        )
        self.definition.setText(
            f"{info.definition} Source : {info.source}. Unité : {info.unit or '—'}.{shown}"
        )
        old_model, old_proxy = self.model, self.proxy
        self.model = SummaryTableModel(_columns(table), self)
        self.model.set_rows(table.rows)
        self.proxy = RowFilterProxy(self.model, self)
        self.proxy.set_search_text(self.search.text())
        self.table.setModel(self.proxy)
        old_proxy.deleteLater()
        old_model.deleteLater()
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.count_label.setText(count_text(self.proxy.rowCount(), self.model.rowCount()))


def _columns(table: IndicatorTable) -> list[Column]:
    decimals = table.indicator.decimals
    columns = [Column("Code", lambda r: r.code), Column("Territoire", lambda r: r.name)]
    for index, period in enumerate(table.periods):
        columns.append(Column(period, _display(index, decimals), _sort(index), alignment=RIGHT))
    if len(table.periods) >= 2:
        title = f"Évolution {table.periods[0]}-{table.periods[-1]}"
        columns.append(
            Column(
                title,
                lambda r: percent(_change(r), decimals=1) if _change(r) is not None else "—",
                _change_key,
                alignment=RIGHT,
            )
        )
    return columns


def _change_key(row: TerritoryValues) -> float:
    change = _change(row)
    return float("-inf") if change is None else change


def _change(row: TerritoryValues) -> float | None:
    """Relative change between the first and the last period, when both are published values."""
    first, last = row.cells[0], row.cells[-1]
    if (
        first is None
        or last is None
        or first.status is not ValueStatus.OK
        or last.status is not ValueStatus.OK
    ):
        return None
    if not first.value or last.value is None:
        return None
    return float((last.value - first.value) / first.value)


def _display(index: int, decimals: int) -> Any:
    return lambda row: cell_text(row.cells[index], decimals)


def _sort(index: int) -> Any:
    def key(row: TerritoryValues) -> float:
        return cell_sort_key(row.cells[index])

    return key
