"""Writing a catalog as a workbook in the layout the xlsx reader accepts, so export → import round-trips."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from bot.catalog_files.xlsx_layout import (
    DEPARTMENT_LABELS,
    DIVISION_COLUMNS,
    DIVISION_SEPARATOR,
    DUTY_COLUMNS,
    NO,
    YES,
)
from fm_domain.models import Catalog, Department, Duty

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_COLUMN_WIDTHS = {"A": 16, "B": 80, "C": 18, "D": 10, "E": 8, "F": 24}


def write_catalog_xlsx(catalog: Catalog, path: Path) -> None:
    """Write one sheet per department (titled with its code); the catalog must not be empty."""
    if not catalog.departments:
        raise ValueError("an empty catalog has no sheet to write")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for department in catalog:
        _write_department(workbook.create_sheet(title=department.code), department)
    workbook.save(path)


def _write_department(sheet: Worksheet, department: Department) -> None:
    staffing = department.staffing
    fields = {
        "code": department.code,
        "name": department.name,
        "short": department.short or None,
        "partial": YES if department.partial else NO,
        "administrative": staffing.administrative,
        "leaders": staffing.leaders,
        "bodies": staffing.bodies,
    }
    for key, label in DEPARTMENT_LABELS.items():
        sheet.append([label, fields[key]])
        sheet.cell(sheet.max_row, 1).font = _BOLD
    sheet.append([])
    _append_header(sheet, list(DUTY_COLUMNS.values()))
    for duty in department.duties:
        sheet.append(_duty_row(duty))
        sheet.cell(sheet.max_row, 2).alignment = _WRAP
    if department.divisions:
        sheet.append([])
        _append_header(sheet, list(DIVISION_COLUMNS.values()))
        for division in department.divisions:
            sentences = division.duties or (None,)
            for index, sentence in enumerate(sentences):
                # the name only on a division's first row: a blank name continues it, as the reader expects
                sheet.append([division.name if index == 0 else None, sentence])
                sheet.cell(sheet.max_row, 2).alignment = _WRAP
    for column, width in _COLUMN_WIDTHS.items():
        sheet.column_dimensions[column].width = width


def _append_header(sheet: Worksheet, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD


def _duty_row(duty: Duty) -> list[object]:
    return [
        duty.n,
        duty.text,
        # a guessed category stays blank, so re-importing keeps it marked as a guess
        None if duty.category_guessed else duty.category.value,
        duty.status.label,
        YES if duty.periodic else NO,
        DIVISION_SEPARATOR.join(duty.divisions) or None,
    ]
