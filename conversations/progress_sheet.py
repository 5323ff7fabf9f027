"""The 统计表 workbook: the template staff publish (one row a matter, a column a figure) and a department's
filled copy read back, every problem with its cell, so that a table is taken whole or not at all.

    标题     | 职能履行和工作推进情况统计表
    期次     | 2026-11
    部门     | 南通市教育局
    填表说明 | 每个项目一行……
    序号 | 项目           | 计划数 | 完成数
    1    | 行政许可办件   |        |
    2    | 执法检查       |        |

The file is measured (zip_limits) before openpyxl opens it, as any attachment is.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from conversations import report_texts as texts
from conversations.workbook_rows import first_sheet_rows
from fm_domain.records import Figures, ProgressTable, figure, missing_rows

log = logging.getLogger("fmbot.conversations")

MAX_ROWS = 2000  # a 统计表 has tens of rows; more is not a sheet from the template


def write_template(table: ProgressTable, department: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "统计表"
    sheet.append([texts.TITLE_LABEL, table.title])
    sheet.append([texts.PERIOD_LABEL, table.period])
    sheet.append([texts.DEPARTMENT_LABEL, department])
    sheet.append([texts.INSTRUCTIONS_LABEL, texts.SHEET_INSTRUCTIONS])
    sheet.append([])
    sheet.append([texts.NUMBER_LABEL, texts.ROW_LABEL, *table.columns])
    for cell in sheet[6]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    for n, row in enumerate(table.rows, start=1):
        sheet.append([n, row])
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 36
    for index in range(len(table.columns)):
        sheet.column_dimensions[chr(ord("C") + index)].width = 14
    sheet.freeze_panes = "C7"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class ReadTable:
    """What a filled sheet gave: each row's figures, and every problem (then nothing is to be kept)."""

    figures: dict[int, Figures] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_filled(name: str, content: bytes, table: ProgressTable) -> ReadTable:
    from openpyxl.utils import get_column_letter

    result = ReadTable()
    try:
        rows = first_sheet_rows(content, MAX_ROWS)
    except Exception as error:  # a damaged or hostile file may make the parser raise anything
        log.info("unreadable 统计表 %s: %s: %s", name, type(error).__name__, error)
        result.problems.append(texts.NOT_A_WORKBOOK)
        return result
    if len(rows) > MAX_ROWS:
        result.problems.append(texts.too_many_rows(MAX_ROWS))
        return result

    def cell(row: int, column: int) -> str:
        return f"{get_column_letter(column)}{row}"

    period: str | None = None
    header = False
    for number, row in enumerate(rows, start=1):
        values = [*row, *([None] * (2 + len(table.columns) - len(row)))]
        label = _text(values[0])
        if not header:
            if label == texts.PERIOD_LABEL:
                period = _text(values[1])
                if period != table.period:
                    result.problems.append(
                        texts.cell_problem(cell(number, 2), texts.wrong_period(period, table.period))
                    )
            elif label == texts.NUMBER_LABEL:
                header = True
            continue
        if all(_blank(v) for v in values):
            continue
        row_number = figure(values[0])
        if row_number is None or row_number != int(row_number) or not 1 <= row_number <= len(table.rows):
            result.problems.append(texts.cell_problem(cell(number, 1), texts.unknown_row(values[0])))
            continue
        n = int(row_number)
        found: list[float] = []
        for index, column in enumerate(table.columns):
            value = values[2 + index]
            if _blank(value):
                continue  # counted as missing below
            number_value = figure(value)
            if number_value is None:
                problem = texts.not_a_number(n, table.rows[n - 1], column, value)
                result.problems.append(texts.cell_problem(cell(number, 3 + index), problem))
            else:
                found.append(number_value)
        if len(found) == len(table.columns):
            result.figures[n] = tuple(found)
    if period is None:
        result.problems.insert(0, texts.NO_PERIOD)
    if not header:
        result.problems.append(texts.NO_HEADER)
    elif not result.problems and (absent := missing_rows(table, result.figures)):
        result.problems.append(texts.missing(absent))
    return result


def problems_text(problems: Sequence[str]) -> str:
    shown = list(problems[: texts.PROBLEMS_SHOWN])
    more = (
        [f"……另有 {len(problems) - texts.PROBLEMS_SHOWN} 处"] if len(problems) > texts.PROBLEMS_SHOWN else []
    )
    return "\n".join([texts.problems_heading(len(problems)), *shown, *more])


def _text(value: object) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip() if value is not None else ""


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
