"""Work items from an attached file: .docx (paragraphs and table rows), .xlsx (rows), or plain .txt.

A table row or spreadsheet row is one item. When the table has a header row ("序号 / 工作目标 / 具体措施 /
责任处室"), the item is the cell under the header that names the work (工作目标, 工作任务, 事项 …), so a
longer 具体措施 beside it is not taken instead; a row with that cell empty continues the item above (merged
cells) and gives none. Without such a header the item is the row's longest text cell (the others are
usually a number, a deadline or a responsible division). Header rows are skipped, and so are the title and
notes above the header (「南通市民政局2026年度工作目标任务分解表」), total rows (合计) and the form's footer
(填表人：…, 联系电话：…), and a document's title and headings (「某局2026年度工作目标」, 「一、重点工作」 as
标题 1): they name or sign the list, they are not in it. Numbering is stripped the same way as for pasted
text.

A .docx or .xlsx is a zip archive measured before it is parsed (``zip_limits``), so that a small file
cannot unpack to gigabytes; one over the limits gets the same answer as a damaged file.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from conversations import texts
from conversations.messages import Attachment
from conversations.zip_limits import check_zip
from fm_domain.items import Plan, read_plan
from fm_domain.plain_text import decode_plain_text

if TYPE_CHECKING:
    from docx.oxml.styles import CT_Styles
    from docx.oxml.text.paragraph import CT_P
    from lxml import etree

log = logging.getLogger("fmbot.conversations")

_HEADER_WORDS = re.compile(
    r"^(序号|编号|事项|目标|内容|任务|工作|名称|备注|时限|完成时限|责任|责任处室|责任单位|牵头|进度|类别)"
)
_HEADER_CELL_MAX = 8
# Headers of the column that holds the work itself, most telling first (a 目标 column beats a 内容 one).
_ITEM_HEADERS = (
    "工作目标", "目标任务", "工作任务", "重点任务", "重点工作", "工作事项", "工作内容", "主要内容",
    "事项", "任务", "目标", "内容", "项目", "名称",
)  # fmt: skip
# Rows that total or sign a form rather than list work: 合计 alone, or a label with its colon.
_FOOTER = re.compile(
    r"^(?:(?:合计|小计|总计)$"
    r"|(?:填表人|填报人|制表人|制表|审核人|审核|联系人|联系电话|电话|填报单位|填表单位|填报日期|填表日期"
    r"|日期|单位负责人|负责人|注|备注|说明)[:：])"
)
_ZIP_FORMATS = frozenset({"docx", "xlsx"})
# Style names as Word and WPS store them (in English for built-in styles, whatever the display language).
_HEADING_STYLE = re.compile(r"^(heading|title|subtitle|标题|副标题)", re.IGNORECASE)
_BODY_TEXT_LEVEL = 9  # w:outlineLvl 0–8 are heading levels; 9 is body text
_STYLE_CHAIN_MAX = 16  # basedOn chains are short; a longer one is a loop
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_PPR, _W_PSTYLE, _W_VAL = f"{_W}pPr", f"{_W}pStyle", f"{_W}val"
_W_OUTLINE_LEVEL, _W_ALIGNMENT = f"{_W}outlineLvl", f"{_W}jc"


class AttachmentError(ValueError):
    """A file that gives no items; the message is Chinese and goes to the user as it is."""


def read_items(attachment: Attachment) -> list[str]:
    """The work items of a .docx, .xlsx or .txt file."""
    return read_attachment_plan(attachment).items


def read_attachment_plan(attachment: Attachment) -> Plan:
    """The work items of a .docx, .xlsx or .txt file, and the section headings left out of them."""
    readers = {"docx": _docx_lines, "xlsx": _xlsx_lines, "txt": _txt_lines}
    reader = readers.get(attachment.extension)
    if reader is None:
        raise AttachmentError(texts.ATTACHMENT_UNSUPPORTED)
    try:
        if attachment.extension in _ZIP_FORMATS:
            check_zip(attachment.content)
        lines = list(reader(attachment.content))
    except Exception as error:  # a damaged or hostile file may make a parser raise anything (lxml too)
        log.info("unreadable attachment %s: %s: %s", attachment.name, type(error).__name__, error)
        raise AttachmentError(texts.ATTACHMENT_UNREADABLE) from None
    plan = read_plan("\n".join(lines))
    if not plan.items:
        raise AttachmentError(texts.ATTACHMENT_EMPTY)
    return plan


def _docx_lines(content: bytes) -> Iterator[str]:
    import docx

    document = docx.Document(io.BytesIO(content))
    styles = document.styles.element
    heading_styles: dict[str, bool] = {}  # per style id: a document has few styles and many paragraphs
    for block in document.element.body.iterchildren():
        tag = block.tag.rpartition("}")[2]
        if tag == "p":
            if _is_heading(block, styles, heading_styles):
                continue
            yield "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            yield from _row_items([cell.text for cell in row.cells] for row in table.rows)


def _is_heading(paragraph: CT_P, styles: CT_Styles, known: dict[str, bool]) -> bool:
    """A title or heading: by its style (heading 1, Title, 标题…), an outline level, or centred."""
    properties = paragraph.find(_W_PPR)
    if properties is None:  # neither a style nor formatting of its own: body text
        return False
    if _marks_heading(properties):
        return True
    style = properties.find(_W_PSTYLE)
    style_id = style.get(_W_VAL) if style is not None else None
    if not style_id:
        return False
    if style_id not in known:
        known[style_id] = _style_is_heading(styles, style_id)
    return known[style_id]


def _style_is_heading(styles: CT_Styles, style_id: str) -> bool:
    style = styles.get_by_id(style_id)
    for _ in range(_STYLE_CHAIN_MAX):
        if style is None:
            return False
        properties = style.find(_W_PPR)
        if _HEADING_STYLE.match(style.name_val or "") or (
            properties is not None and _marks_heading(properties)
        ):
            return True
        style = styles.get_by_id(style.basedOn_val) if style.basedOn_val else None
    return False


def _marks_heading(properties: etree._Element) -> bool:
    """Paragraph properties of a heading: an outline level, or centred as a document's title is."""
    level = properties.find(_W_OUTLINE_LEVEL)
    if level is not None and (value := level.get(_W_VAL, "")).isdigit():
        return int(value) < _BODY_TEXT_LEVEL
    alignment = properties.find(_W_ALIGNMENT)
    return alignment is not None and alignment.get(_W_VAL) == "center"


def _xlsx_lines(content: bytes) -> Iterator[str]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            rows = ([("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True))
            yield from _row_items(rows)
    finally:
        workbook.close()


def _txt_lines(content: bytes) -> Iterator[str]:
    yield from decode_plain_text(content).splitlines()


def _row_items(rows: Iterable[list[str]]) -> Iterator[str]:
    """The items of one table or sheet (see the module's docstring)."""
    table = [[cell.strip() if cell else "" for cell in cells] for cells in rows]
    header = next((n for n, cells in enumerate(table) if _is_header(_texts(cells))), None)
    column = _item_column(table[header]) if header is not None else None
    # Above the header, rows of one text each are the table's title and notes; a row of several would be
    # an item of a table whose header came late, and is kept.
    above = table[:header] if header is not None else []
    start = header if header is not None and all(len(_texts(cells)) <= 1 for cells in above) else 0
    for cells in table[start:]:
        texts_in_row = _texts(cells)
        if not texts_in_row or _is_header(texts_in_row):
            continue
        if column is not None:
            item = cells[column] if column < len(cells) else ""
            if not item or _is_number(item):
                continue  # continues the item above (its cell merged over several rows)
        else:
            item = max(texts_in_row, key=len)
        if not _FOOTER.match(re.sub(r"\s+", "", item)):
            yield item


def _texts(cells: list[str]) -> list[str]:
    return [cell for cell in cells if cell and not _is_number(cell)]


def _item_column(header: list[str]) -> int | None:
    """The column whose header names the work (工作目标, 事项 …), or None when no header does."""
    for word in _ITEM_HEADERS:
        for position, cell in enumerate(header):
            if re.sub(r"\s+", "", cell).startswith(word):
                return position
    return None


def _is_number(cell: str) -> bool:
    return bool(re.fullmatch(r"[\d.、（）()一二三四五六七八九十]+", cell))


def _is_header(cells: list[str]) -> bool:
    return all(len(c) <= _HEADER_CELL_MAX for c in cells) and any(_HEADER_WORDS.match(c) for c in cells)
