"""Write an ExportTable as XLSX (openpyxl) or as the CSV that French Excel opens (issue 5).

XLSX: frozen header row, column widths, autofilter, amounts as numbers in euros shown "1 234,50 €" by a
number format, dates as dates. The stored format code is Excel's invariant one (`#,##0.00 "€"`); French
Excel displays it with a space for thousands and a decimal comma.
CSV: `;` separator, UTF-8 with BOM, decimal comma, dates dd/mm/yyyy, no thousands separator (so Excel
reads the amounts as numbers).
A text typed on any workstation is never a formula in the export: « === Bilan === » stays a text in the
XLSX (openpyxl would write it as a broken formula), and a CSV text that Excel would evaluate (starting
with =, +, -, @, a tab or a carriage return: OWASP's « CSV injection ») is written after an apostrophe.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from app.domain.exports import Cell, CellKind, ExportTable

EURO_FORMAT = '#,##0.00\\ "€"'
DATE_FORMAT = "dd/mm/yyyy"


def euros_decimal(cents: int) -> Decimal:
    """12345 → Decimal("123.45"): exact, never through a float of ours."""
    return Decimal(cents) / 100


def write_xlsx(table: ExportTable, path: Path) -> None:
    """Streamed (write-only workbook): 10,000 projects in about a second, not ten."""
    from openpyxl import Workbook  # lazy: not needed at start-up

    with path.open("wb") as stream:  # an unwritable path fails here, before openpyxl starts streaming
        _fill_and_save(Workbook(write_only=True), table, stream)


def _fill_and_save(book: Any, table: ExportTable, stream: BinaryIO) -> None:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.title[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    sheet.append(_header(sheet, table))
    formats = [{CellKind.MONEY: EURO_FORMAT, CellKind.DATE: DATE_FORMAT}.get(c.kind) for c in table.columns]
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value, column.kind, number_format)
                      for value, column, number_format in zip(row, table.columns, formats, strict=True)])
    book.save(stream)


def _header(sheet: Any, table: ExportTable) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    cells = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6EDF5")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cells.append(cell)
    return cells


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _xlsx_cell(sheet: Any, value: Cell, kind: CellKind, number_format: str | None) -> object:
    as_formula = isinstance(value, str) and value.startswith("=")
    if (number_format is None and not as_formula) or value is None:
        return _xlsx_value(value, kind)
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=_xlsx_value(value, kind))
    if as_formula:
        cell.data_type = "s"  # a text, shown as typed
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _xlsx_value(value: Cell, kind: CellKind) -> object:
    if value is None or value == "":
        return None
    if kind is CellKind.MONEY and isinstance(value, int):
        return euros_decimal(value)
    return value


def write_csv(table: ExportTable, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow([column.header for column in table.columns])
        for row in table.rows:
            writer.writerow([csv_text(value, column.kind)
                             for value, column in zip(row, table.columns, strict=True)])


def csv_text(value: Cell, kind: CellKind) -> str:
    """One CSV field as French Excel reads it: "1234,50", "14/07/2026"."""
    if value is None:
        return ""
    if kind is CellKind.MONEY and isinstance(value, int):
        return f"{euros_decimal(value):.2f}".replace(".", ",")
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    text = str(value)
    return f"'{text}" if kind is CellKind.TEXT and text.startswith(FORMULA_STARTS) else text
