"""The generic table model: French order, folded search, roles, and Qt's model checks."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from app.ui.item_models.row_filter_proxy import RowFilterProxy
from app.ui.item_models.summary_table_model import RIGHT, Column, PreparedRows, SummaryTableModel


@dataclass(frozen=True)
class Town:
    id: int
    name: str
    people: int


TOWNS = [
    Town(1, "Zuydcoote", 1600),
    Town(2, "Évry", 50000),
    Town(3, "abbeville", 23000),
    Town(4, "Eaubonne", 25000),
]


def _model() -> SummaryTableModel:
    model = SummaryTableModel(
        (
            Column("Commune", lambda t: t.name),
            Column(
                "Habitants", lambda t: f"{t.people:,}".replace(",", " "), lambda t: t.people, alignment=RIGHT
            ),
        )
    )
    model.set_rows(TOWNS)
    return model


def test_text_sorts_in_french_order(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = _model()
    proxy = RowFilterProxy(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)

    names = [proxy.index(row, 0).data() for row in range(proxy.rowCount())]

    assert names == ["abbeville", "Eaubonne", "Évry", "Zuydcoote"]
    qtmodeltester.check(model)


def test_numbers_sort_by_value_not_text() -> None:
    proxy = RowFilterProxy(_model())
    proxy.sort(1, Qt.SortOrder.DescendingOrder)

    assert proxy.index(0, 0).data() == "Évry"


def test_search_ignores_case_and_accents_and_needs_every_word() -> None:
    proxy = RowFilterProxy(_model())

    proxy.set_search_text("EVRY")
    assert proxy.rowCount() == 1
    proxy.set_search_text("e 25")
    assert [proxy.index(0, 0).data()] == ["Eaubonne"] and proxy.rowCount() == 1


def test_roles_give_id_alignment_and_header() -> None:
    model = _model()

    assert model.index(1, 0).data(SummaryTableModel.ID_ROLE) == 2
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Commune"
    assert model.row_at(2).name == "abbeville" and model.row_of(4) == 3


def _view(qtbot, proxy: RowFilterProxy):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    return view


def _select_row(view, row: int) -> None:  # type: ignore[no-untyped-def]
    """Not QTableView.selectRow: it picks the column under the header's left edge, none in a view never
    laid out (and it follows the keyboard modifiers an earlier test may have left pressed)."""
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().select(view.model().index(row, 0), flags)


def test_sorting_keeps_the_selection_on_the_same_row(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = _model()
    proxy = RowFilterProxy(model)
    view = _view(qtbot, proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    _select_row(view, 2)  # Évry
    assert proxy.index(2, 0).data() == "Évry"

    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by inhabitants: Évry is last

    [selected] = view.selectionModel().selectedRows()
    assert selected.data() == "Évry" and selected.row() == 3


def test_proxy_passes_qt_checks_while_filtering_and_sorting(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    proxy = RowFilterProxy(_model())
    qtmodeltester.check(proxy)  # the tester stays connected: it checks every layout change below

    proxy.set_search_text("e")
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    proxy.set_search_text("")

    assert [proxy.index(row, 0).data() for row in range(proxy.rowCount())] == [
        "Zuydcoote", "abbeville", "Eaubonne", "Évry"]


def test_filtering_keeps_the_selection_on_a_row_still_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    proxy = RowFilterProxy(_model())
    view = _view(qtbot, proxy)
    _select_row(view, 1)  # Évry, in load order
    proxy.set_search_text("v")  # Évry, abbeville

    [selected] = view.selectionModel().selectedRows()
    assert selected.data() == "Évry" and proxy.mapToSource(selected).row() == 1

    proxy.set_search_text("zuyd")
    assert view.selectionModel().selectedRows() == []


def test_predicates_and_words_combine_and_survive_new_rows() -> None:
    model = _model()
    proxy = RowFilterProxy(model)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    proxy.set_predicate("big", lambda town: town.people > 20000)
    proxy.set_search_text("E")

    model.set_rows([*TOWNS, Town(5, "Étampes", 25000)])

    names = [proxy.index(row, 0).data() for row in range(proxy.rowCount())]
    assert names == ["Évry", "Eaubonne", "Étampes", "abbeville"]  # equal keys keep the load order
    assert proxy.mapFromSource(model.index(4, 0)).row() == 2
    proxy.set_predicate("big", None)
    assert proxy.rowCount() == 5 and proxy.is_filtering()


def test_sort_ties_keep_the_previous_order() -> None:
    model = _model()
    model.set_rows([Town(1, "B", 10), Town(2, "A", 20), Town(3, "C", 10)])
    proxy = RowFilterProxy(model)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)  # C, B, A

    proxy.sort(1, Qt.SortOrder.AscendingOrder)

    assert [proxy.index(row, 0).data() for row in range(3)] == ["C", "B", "A"]


def test_rows_prepared_off_the_gui_thread_are_shown_as_they_are() -> None:
    calls: list[int] = []
    columns = (Column("Commune", lambda t: calls.append(t.id) or t.name),)
    prepared = PreparedRows.of(columns, TOWNS, sorted_by=[0])  # what a list page's worker does
    model = SummaryTableModel(columns)
    calls.clear()

    model.set_rows(prepared)

    assert calls == [] and model.sort_keys(0) == [3, 2, 0, 1]
    other = SummaryTableModel((Column("Habitants", lambda t: str(t.people)),))
    other.set_rows(prepared)  # prepared for other columns: prepared again
    assert other.index(0, 0).data() == "1600"


def test_a_search_keeping_the_same_rows_changes_nothing() -> None:
    proxy = RowFilterProxy(_model())
    proxy.set_search_text("evr")
    changes: list[object] = []
    proxy.layoutChanged.connect(lambda *args: changes.append(args))

    proxy.set_search_text("evry")  # still Évry alone: no layout change, so no repaint
    proxy.set_search_text("EVRY ")

    assert changes == [] and proxy.rowCount() == 1
