"""The document's views as an Excel workbook: a cover sheet, then one sheet per view holding one real Excel
table (autofilter and banded rows), dates as date cells, and the view's charts as native Excel charts
beside the table (drawn by Excel itself, so they stay live if a reader filters or edits the data).

A chart needs its numbers in cells: each chart's data is written under the table, one column a series.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from bot.archive.fonts import SHEET_FONT
from fm_domain.archive import Chart, ChartKind, ColumnKind, Document, View

DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
WIDTHS = {ColumnKind.TEXT: 14, ColumnKind.NUMBER: 9, ColumnKind.DATE: 17, ColumnKind.LONG_TEXT: 48}
_SHEET_FORBIDDEN = re.compile(r"[\[\]\*\?/\\:]")


def write_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "封面"
    _cover(cover, document)
    used: set[str] = {cover.title}
    for n, view in enumerate(document.views, start=1):
        name = _sheet_name(view.name, used)
        used.add(name)
        _view(workbook.create_sheet(name), view, n)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("_", name)[:31] or "表"
    candidate, n = base, 2
    while candidate in used:
        candidate = f"{base[:28]}({n})"
        n += 1
    return candidate


def _cover(sheet: Worksheet, document: Document) -> None:
    sheet["A1"] = document.title
    sheet["A1"].font = Font(name=SHEET_FONT, size=16, bold=True)
    sheet["A2"] = document.subtitle
    sheet["A2"].font = Font(name=SHEET_FONT, size=12)
    for row, (label, value) in enumerate(document.facts, start=4):
        sheet.cell(row=row, column=1, value=label).font = Font(name=SHEET_FONT, bold=True)
        sheet.cell(row=row, column=2, value=value).font = Font(name=SHEET_FONT)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 40


def _view(sheet: Worksheet, view: View, number: int) -> None:
    table = view.table
    for column, spec in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=column, value=spec.title)
        cell.font = Font(name=SHEET_FONT, bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[spec.kind]
    for row_number, row in enumerate(table.rows, start=2):
        for column, (value, spec) in enumerate(zip(row, table.columns, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            cell.font = Font(name=SHEET_FONT)
            if isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            if spec.kind is ColumnKind.LONG_TEXT:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last_row = max(len(table.rows) + 1, 2)  # an Excel table needs a data row, even an empty one
    reference = f"A1:{get_column_letter(len(table.columns))}{last_row}"
    excel_table = ExcelTable(displayName=f"视图{number}", ref=reference)
    excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(excel_table)
    sheet.freeze_panes = "A2"
    anchor_row = last_row + 3
    for chart in view.charts:
        if chart.empty:
            continue
        anchor_row = _chart(sheet, chart, anchor_row, len(table.columns) + 2)


def _chart(sheet: Worksheet, chart: Chart, data_row: int, chart_column: int) -> int:
    """Write the chart's data from ``data_row`` (categories down column A, a series a column), place the
    chart to the right of the table, and return the row after the data."""
    sheet.cell(row=data_row, column=1, value=chart.title).font = Font(name=SHEET_FONT, bold=True)
    for n, series in enumerate(chart.series, start=2):
        sheet.cell(row=data_row, column=n, value=series.name)
    for offset, category in enumerate(chart.categories, start=1):
        sheet.cell(row=data_row + offset, column=1, value=category)
        for n, series in enumerate(chart.series, start=2):
            sheet.cell(row=data_row + offset, column=n, value=series.values[offset - 1])
    last = data_row + len(chart.categories)
    bar = BarChart()
    bar.type = "col"
    bar.title = chart.title
    bar.y_axis.title = chart.y_title
    if chart.kind is ChartKind.STACKED_BAR:
        bar.grouping, bar.overlap = "stacked", 100
    data = Reference(sheet, min_col=2, max_col=1 + len(chart.series), min_row=data_row, max_row=last)
    bar.add_data(data, titles_from_data=True)
    bar.set_categories(Reference(sheet, min_col=1, min_row=data_row + 1, max_row=last))
    bar.width, bar.height = 18, 9
    sheet.add_chart(bar, f"{get_column_letter(chart_column)}{2 + 20 * _charts_on(sheet)}")
    return last + 3


def _charts_on(sheet: Worksheet) -> int:
    return len(sheet._charts)  # the charts placed so far: the next goes below them
