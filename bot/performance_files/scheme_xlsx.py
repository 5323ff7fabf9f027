"""A performance scheme as a workbook: the reader (into raw records that remember their cells, checked by
fm_domain.performance.build_scheme) and the writer (so the default can be edited in Excel and imported).

One sheet. Column A labels the scheme's fields, value in column B; then a header row and one row per item:

    年度 | 2026
    名称 | 部门职能履行绩效考评方案
    说明 | …
    维度代码 | 维度 | 指标代码 | 指标 | 分值 | 方向 | 来源 | 来源名称 | 计分方式 | 说明
    done     | 做了没有 | duty_coverage | 三定主要职责履行覆盖率 | 6 | 加分 | 本系统 | duty_coverage | ratio
    done     |          | reports_on_time | …                 ← a blank 维度 continues the dimension above
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from conversations import ZipOverLimit, check_zip
from fm_domain.catalog.raw import Raw
from fm_domain.errors import SchemeError
from fm_domain.performance import Direction, Scheme, SourceKind, build_scheme

SCHEME_FIELDS = {"year": "年度", "name": "名称", "note": "说明"}
ITEM_COLUMNS = {
    "dimension_code": "维度代码",
    "dimension": "维度",
    "code": "指标代码",
    "name": "指标",
    "points": "分值",
    "direction": "方向",
    "source": "来源",
    "from": "来源名称",
    "scoring": "计分方式",
    "note": "说明",
}
DIRECTION_LABELS = {Direction.BONUS: "加分", Direction.PENALTY: "扣分"}
SOURCE_LABELS = {
    SourceKind.RECORD: "本系统",
    SourceKind.EVALUATION: "外部评价",
    SourceKind.RATING: "领导评价",
}
SHEET_TITLE = "考评方案"


def read_xlsx_scheme(content: bytes, source: str) -> Scheme:
    """The scheme in a workbook's first sheet; SchemeError naming the cell for anything wrong."""
    try:
        check_zip(content)
        workbook = load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except (zipfile.BadZipFile, ZipOverLimit, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise SchemeError(
            f"不是有效的 xlsx 文件（{type(error).__name__}），请用 Excel/WPS 另存为 .xlsx", source
        ) from None
    sheet = workbook.worksheets[0]
    where = f"{source} 工作表「{sheet.title}」"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return build_scheme(_SheetReader(where).read(rows))


def write_xlsx_scheme(scheme: Scheme, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append([SCHEME_FIELDS["year"], scheme.year])
    sheet.append([SCHEME_FIELDS["name"], scheme.name])
    sheet.append([SCHEME_FIELDS["note"], scheme.note])
    sheet.append(list(ITEM_COLUMNS.values()))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for dimension in scheme.dimensions:
        for number, item in enumerate(dimension.indicators):
            sheet.append(
                [
                    dimension.code,
                    dimension.name if number == 0 else None,
                    item.code,
                    item.name,
                    float(item.points) if item.points != item.points.to_integral() else int(item.points),
                    DIRECTION_LABELS[item.direction],
                    SOURCE_LABELS[item.source],
                    item.origin,
                    item.rule.text,
                    item.note or None,
                ]
            )
    for column, width in zip("ABCDEFGHIJ", (12, 12, 26, 36, 8, 8, 10, 24, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(path)


class _SheetReader:
    def __init__(self, where: str) -> None:
        self.where = where

    def cell(self, row: int, column: int) -> str:
        return f"{self.where}单元格 {get_column_letter(column)}{row}"

    def read(self, rows: Sequence[Sequence[object]]) -> Raw:
        fields: dict[str, Raw] = {}
        field_where: dict[str, str] = {}
        columns: dict[int, str] = {}
        dimensions: list[tuple[Raw, Raw | None, list[Raw]]] = []  # (code, name, items)
        for number, row in enumerate(rows, start=1):
            if all(_blank(value) for value in row):
                continue
            if not columns and _label(row[0]) == ITEM_COLUMNS["dimension_code"]:
                columns = self._header(number, row)
            elif not columns:
                self._field(number, row, fields, field_where)
            else:
                self._item(number, row, columns, dimensions)
        if not columns:
            raise SchemeError(
                f"找不到指标表头：应有一行 A 列为「{ITEM_COLUMNS['dimension_code']}」", self.where
            )
        records = []
        for code, name, items in dimensions:
            values = {"code": code, "items": Raw(items, code.where)}
            if name is not None:
                values["name"] = name
            records.append(Raw(values, code.where))
        fields["dimensions"] = Raw(records, self.where)
        return Raw(fields, self.where, field_where)

    def _field(
        self, number: int, row: Sequence[object], fields: dict[str, Raw], where: dict[str, str]
    ) -> None:
        key = next((k for k, label in SCHEME_FIELDS.items() if _label(row[0]) in (label, k)), None)
        if key is None:
            raise SchemeError(
                f"不认识的项目「{row[0]}」（可用：{'、'.join(SCHEME_FIELDS.values())}；"
                f"指标表头应以「{ITEM_COLUMNS['dimension_code']}」开头）",
                self.cell(number, 1),
            )
        if key in fields:
            raise SchemeError(f"项目「{row[0]}」重复（{where[key]}已出现）", self.cell(number, 1))
        fields[key] = Raw(row[1] if len(row) > 1 else None, self.cell(number, 2))
        where[key] = self.cell(number, 1)

    def _header(self, number: int, row: Sequence[object]) -> dict[int, str]:
        columns: dict[int, str] = {}
        for index, label in enumerate(row):
            if _blank(label):
                continue
            key = next((k for k, text in ITEM_COLUMNS.items() if _label(label) in (text, k)), None)
            if key is None:
                raise SchemeError(
                    f"不认识的列「{label}」（可用：{'、'.join(ITEM_COLUMNS.values())}）",
                    self.cell(number, index + 1),
                )
            if key in columns.values():
                raise SchemeError(f"列「{label}」重复", self.cell(number, index + 1))
            columns[index] = key
        return columns

    def _item(
        self,
        number: int,
        row: Sequence[object],
        columns: dict[int, str],
        dimensions: list[tuple[Raw, Raw | None, list[Raw]]],
    ) -> None:
        cells = {
            key: Raw(row[i] if i < len(row) else None, self.cell(number, i + 1)) for i, key in columns.items()
        }
        code = cells.pop("dimension_code", Raw(None, self.cell(number, 1)))
        name = cells.pop("dimension", None)
        if _blank(code.value):
            if not dimensions:
                raise SchemeError("第一行指标没有维度代码", code.where)
            code = dimensions[-1][0]
        if not dimensions or dimensions[-1][0].value != code.value:
            if any(existing.value == code.value for existing, _, _ in dimensions):
                raise SchemeError(f"维度「{code.value}」的指标应写在相邻的行", code.where)
            dimensions.append((code, name if name is not None and not _blank(name.value) else None, []))
        values = {key: raw for key, raw in cells.items() if not _blank(raw.value)}
        key_where = {key: raw.where for key, raw in cells.items()}
        dimensions[-1][2].append(Raw(values, f"{self.where}第 {number} 行", key_where))


def _label(value: object) -> str:
    return str(value).strip() if isinstance(value, str) else ""


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
