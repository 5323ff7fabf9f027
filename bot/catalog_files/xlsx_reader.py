"""Reading a catalog workbook (one sheet per department) into raw records that remember their cells."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from bot.catalog_files.xlsx_layout import (
    DEPARTMENT_LABELS,
    DIVISION_COLUMNS,
    DUTY_COLUMNS,
    REQUIRED_DUTY_COLUMNS,
    STAFFING_FIELDS,
    key_for,
)
from fm_domain.catalog.builder import build_departments
from fm_domain.catalog.raw import Raw
from fm_domain.errors import CatalogError
from fm_domain.models import Catalog


def read_xlsx_catalog(path: Path) -> Catalog:
    """The catalog in an xlsx workbook; CatalogError naming the sheet and cell for anything wrong."""
    try:
        workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise CatalogError(
            f"不是有效的 xlsx 文件（{type(error).__name__}），请用 Excel/WPS 另存为 .xlsx", path.name
        ) from None
    sheets = [sheet for sheet in workbook.worksheets if _has_content(sheet)]
    if not sheets:
        raise CatalogError("工作簿中没有部门：每个部门应占一个工作表", path.name)
    return build_departments([_SheetReader(sheet, path.name).department() for sheet in sheets])


def _has_content(sheet: Worksheet) -> bool:
    return any(_blank(value) is False for row in sheet.iter_rows(values_only=True) for value in row)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _SheetReader:
    """Walks one sheet top to bottom: department fields, then the duties table, then the divisions table."""

    def __init__(self, sheet: Worksheet, source: str) -> None:
        self.sheet = sheet
        self.source = source
        self.where = f"{source} 工作表「{sheet.title}」"
        self.fields: dict[str, Raw] = {}
        self.field_where: dict[str, str] = {}
        self.staffing: dict[str, Raw] = {}
        self.duties: list[Raw] = []
        self.duties_where = self.where
        self.duty_columns: dict[int, str] = {}
        self.divisions: list[tuple[Raw, list[Raw]]] = []
        self.divisions_where = self.where

    def cell(self, row: int, column: int) -> str:
        return f"{self.where}单元格 {get_column_letter(column)}{row}"

    def department(self) -> Raw:
        section = "fields"
        for row_number, row in enumerate(self.sheet.iter_rows(values_only=True), start=1):
            if all(_blank(value) for value in row):
                continue
            first = row[0] if row else None
            if key_for(first, {"n": DUTY_COLUMNS["n"]}):
                section = "duties"
                self._duty_header(row_number, row)
            elif key_for(first, {"division": DIVISION_COLUMNS["division"]}):
                section = "divisions"
                self._division_header(row_number, row)
            elif section == "fields":
                self._field(row_number, row)
            elif section == "duties":
                self._duty(row_number, row)
            else:
                self._division_row(row_number, row)
        if not self.duty_columns:
            raise CatalogError(
                f"找不到职责表头：应有一行 A 列为「{DUTY_COLUMNS['n']}」，其后各列为 "
                + "、".join(DUTY_COLUMNS.values()),
                self.where,
            )
        return self._record()

    def _field(self, row_number: int, row: Sequence[object]) -> None:
        key = key_for(row[0], DEPARTMENT_LABELS)
        if key is None:
            raise CatalogError(
                f"不认识的项目「{row[0]}」（可用：{'、'.join(DEPARTMENT_LABELS.values())}，"
                f"职责表头应以「{DUTY_COLUMNS['n']}」开头）",
                self.cell(row_number, 1),
            )
        if key in self.field_where:
            raise CatalogError(
                f"项目「{row[0]}」重复（{self.field_where[key]}已出现）", self.cell(row_number, 1)
            )
        value = Raw(row[1] if len(row) > 1 else None, self.cell(row_number, 2))
        (self.staffing if key in STAFFING_FIELDS else self.fields)[key] = value
        self.field_where[key] = self.cell(row_number, 1)

    def _duty_header(self, row_number: int, row: Sequence[object]) -> None:
        if self.duty_columns:
            raise CatalogError("职责表头重复：每个工作表只能有一个职责表", self.cell(row_number, 1))
        self.duties_where = self.cell(row_number, 1)
        self.duty_columns = self._columns(row_number, row, DUTY_COLUMNS)
        missing = [
            DUTY_COLUMNS[key] for key in REQUIRED_DUTY_COLUMNS if key not in self.duty_columns.values()
        ]
        if missing:
            raise CatalogError(f"职责表头缺少列：{'、'.join(missing)}", self.duties_where)

    def _duty(self, row_number: int, row: Sequence[object]) -> None:
        values = {
            key: Raw(row[index] if index < len(row) else None, self.cell(row_number, index + 1))
            for index, key in self.duty_columns.items()
        }
        key_where = {key: raw.where for key, raw in values.items()}
        self.duties.append(Raw(values, f"{self.where}第 {row_number} 行", key_where))

    def _division_header(self, row_number: int, row: Sequence[object]) -> None:
        self.divisions_where = self.cell(row_number, 1)
        if self._columns(row_number, row, DIVISION_COLUMNS) != {0: "division", 1: "duty"}:
            raise CatalogError("内设机构表头应为 A 列「内设机构」、B 列「职责」", self.divisions_where)

    def _division_row(self, row_number: int, row: Sequence[object]) -> None:
        name, sentence = [*row, None, None][:2]
        if _blank(name):
            if not self.divisions:
                raise CatalogError("第一行内设机构没有名称", self.cell(row_number, 1))
        else:
            self.divisions.append((Raw(name, self.cell(row_number, 1)), []))
        if not _blank(sentence):
            self.divisions[-1][1].append(Raw(sentence, self.cell(row_number, 2)))
        for index, extra in enumerate(row[2:], start=3):
            if not _blank(extra):
                raise CatalogError("内设机构表只有 A、B 两列，此处多出内容", self.cell(row_number, index))

    def _columns(self, row_number: int, row: Sequence[object], labels: dict[str, str]) -> dict[int, str]:
        columns: dict[int, str] = {}
        for index, label in enumerate(row):
            if _blank(label):
                continue
            key = key_for(label, labels)
            if key is None:
                raise CatalogError(
                    f"不认识的列「{label}」（可用：{'、'.join(labels.values())}）",
                    self.cell(row_number, index + 1),
                )
            if key in columns.values():
                raise CatalogError(f"列「{label}」重复", self.cell(row_number, index + 1))
            columns[index] = key
        return columns

    def _record(self) -> Raw:
        values = dict(self.fields)
        key_where = dict(self.field_where)
        if self.staffing:
            staffing_where = {key: self.field_where[key] for key in self.staffing}
            first = next(iter(staffing_where.values()))
            values["staffing"] = Raw(dict(self.staffing), first, staffing_where)
            key_where["staffing"] = first
        values["duties"] = Raw(self.duties, self.duties_where)
        key_where["duties"] = self.duties_where
        if self.divisions:
            values["divisions"] = Raw(
                [
                    Raw({"name": name_raw, "duties": Raw(sentences, name_raw.where)}, name_raw.where)
                    for name_raw, sentences in self.divisions
                ],
                self.divisions_where,
            )
            key_where["divisions"] = self.divisions_where
        return Raw(values, self.where, key_where)
