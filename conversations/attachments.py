"""Work items from an attached file: .docx (paragraphs and table rows), .xlsx (rows), or plain .txt.

A table row or spreadsheet row is one item: its longest text cell (the others are usually a number, a
deadline or a responsible division). Header rows ("序号 / 工作目标 / 责任处室") are skipped, and so are a
document's title and headings (「某局2026年度工作目标」, 「一、重点工作」 as 标题 1): they name the list, they
are not in it. Numbering is stripped the same way as for pasted text.

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
    for cells in rows:
        texts_in_row = [c.strip() for c in cells if c and c.strip() and not _is_number(c.strip())]
        if not texts_in_row or _is_header(texts_in_row):
            continue
        yield max(texts_in_row, key=len)


def _is_number(cell: str) -> bool:
    return bool(re.fullmatch(r"[\d.、（）()一二三四五六七八九十]+", cell))


def _is_header(cells: list[str]) -> bool:
    return all(len(c) <= _HEADER_CELL_MAX for c in cells) and any(_HEADER_WORDS.match(c) for c in cells)
