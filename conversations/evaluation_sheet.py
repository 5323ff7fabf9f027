"""The sheet an evaluating office fills (考评表): written from the scheme, one row a department, and read
back cell by cell for fm_domain.performance.build_evaluation to check.

    年度     | 2026
    评价来源  | 信访
    填表说明  | 每个部门一行；…
    部门代码  | 部门名称     | 群众来信来访按时办结、办理满意（0–100） | … | 说明
    jiaoyu   | 南通市教育局 | 92                                  | … |

Here rather than in bot: staff send a filled sheet to the bot in chat as well as to ``fmbot perf import``,
and ``/考评模板`` hands the template out in chat. The file is measured (zip_limits) before openpyxl opens
it, as any attachment is.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

from conversations import performance_texts as texts
from conversations.workbook_rows import first_sheet_rows
from fm_domain.catalog.raw import Raw
from fm_domain.errors import EvaluationError
from fm_domain.models import Catalog
from fm_domain.performance import Scheme, Sheet, SheetRow

log = logging.getLogger("fmbot.conversations")

YEAR_LABEL = "年度"
SOURCE_LABEL = "评价来源"
INSTRUCTIONS_LABEL = "填表说明"
CODE_LABEL = "部门代码"
NAME_LABEL = "部门名称"
NOTE_LABEL = "说明"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 2000  # a city has fewer than a hundred departments; more rows is not a sheet from the template


def write_template(scheme: Scheme, source: str, catalog: Catalog) -> bytes:
    """The template for one source: the source's items as columns, each department of the catalog a row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    items = scheme.fed_by(source)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = texts.sheet_title(scheme.year, source)[:31]
    sheet.append([YEAR_LABEL, scheme.year])
    sheet.append([SOURCE_LABEL, source])
    sheet.append([INSTRUCTIONS_LABEL, texts.SHEET_INSTRUCTIONS])
    sheet.append([])
    sheet.append([CODE_LABEL, NAME_LABEL, *(texts.sheet_column(item) for item in items), NOTE_LABEL])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    for department in catalog:
        sheet.append([department.code, department.name])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 24
    for index in range(len(items) + 1):
        sheet.column_dimensions[chr(ord("C") + index)].width = 22
    sheet.freeze_panes = "C6"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_sheet(name: str, content: bytes) -> Sheet:
    """What a filled sheet holds, each value with its cell; EvaluationError for a file that is no sheet."""
    from openpyxl.utils import get_column_letter

    try:
        rows = first_sheet_rows(content, MAX_ROWS)
    except Exception as error:  # a damaged or hostile file may make the parser raise anything
        log.info("unreadable evaluation sheet %s: %s: %s", name, type(error).__name__, error)
        raise EvaluationError("不是有效的 xlsx 文件，请用 Excel/WPS 另存为 .xlsx 后重发", name) from None
    if len(rows) > MAX_ROWS:
        raise EvaluationError(f"行数超过 {MAX_ROWS}，不是由模板生成的考评表", name)

    def cell(row: int, column: int) -> str:
        return f"{name} 单元格 {get_column_letter(column)}{row}"

    def value(row: Sequence[object], index: int) -> object:
        return row[index] if index < len(row) else None

    fields: dict[str, Raw] = {}
    header: list[Raw] = []
    note_column: int | None = None
    body: list[SheetRow] = []
    for number, row in enumerate(rows, start=1):
        if all(_blank(v) for v in row):
            continue
        label = str(row[0]).strip() if isinstance(row[0], str) else row[0]
        if not header and label in (YEAR_LABEL, SOURCE_LABEL, INSTRUCTIONS_LABEL):
            fields[str(label)] = Raw(value(row, 1), cell(number, 2))
        elif not header and label == CODE_LABEL:
            labels = [(i, v) for i, v in enumerate(row) if not _blank(v)]
            if len(labels) < 3 or str(value(row, 1) or "").strip() != NAME_LABEL:
                raise EvaluationError(
                    f"表头应为「{CODE_LABEL}」「{NAME_LABEL}」、各指标，最后是「{NOTE_LABEL}」",
                    cell(number, 1),
                )
            last = labels[-1]
            if str(last[1]).strip() == NOTE_LABEL:
                note_column = last[0]
                labels = labels[:-1]
            header = [Raw(v, cell(number, i + 1)) for i, v in labels[2:]]
            columns = [i for i, _ in labels[2:]]
        elif not header:
            raise EvaluationError(
                f"不认识的项目「{row[0]}」：表头之前只能有{YEAR_LABEL}、{SOURCE_LABEL}、{INSTRUCTIONS_LABEL}",
                cell(number, 1),
            )
        else:
            body.append(
                SheetRow(
                    code=Raw(value(row, 0), cell(number, 1)),
                    name=Raw(value(row, 1), cell(number, 2)),
                    values=tuple(Raw(value(row, i), cell(number, i + 1)) for i in columns),
                    note=Raw(value(row, note_column) if note_column is not None else None, cell(number, 1)),
                    where=f"{name} 第 {number} 行",
                )
            )
    for label in (YEAR_LABEL, SOURCE_LABEL):
        if label not in fields:
            raise EvaluationError(f"缺少「{label}」行（A 列写“{label}”，B 列写内容）", name)
    if not header:
        raise EvaluationError(f"找不到表头：应有一行 A 列为「{CODE_LABEL}」", name)
    return Sheet(name, fields[YEAR_LABEL], fields[SOURCE_LABEL], tuple(header), tuple(body))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
