"""Work items from an attached file: .docx (paragraphs and table rows), .xlsx (rows), or plain .txt.

A table row or spreadsheet row is one item: its longest text cell (the others are usually a number, a
deadline or a responsible division). Header rows ("序号 / 工作目标 / 责任处室") are skipped. Numbering is
stripped the same way as for pasted text.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator

from conversations import texts
from conversations.messages import Attachment
from fm_domain.items import parse_items
from fm_domain.plain_text import decode_plain_text

log = logging.getLogger("fmbot.conversations")

_HEADER_WORDS = re.compile(
    r"^(序号|编号|事项|目标|内容|任务|工作|名称|备注|时限|完成时限|责任|责任处室|责任单位|牵头|进度|类别)"
)
_HEADER_CELL_MAX = 8


class AttachmentError(ValueError):
    """A file that gives no items; the message is Chinese and goes to the user as it is."""


def read_items(attachment: Attachment) -> list[str]:
    readers = {"docx": _docx_lines, "xlsx": _xlsx_lines, "txt": _txt_lines}
    reader = readers.get(attachment.extension)
    if reader is None:
        raise AttachmentError(texts.ATTACHMENT_UNSUPPORTED)
    try:
        lines = list(reader(attachment.content))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        log.info("unreadable attachment %s: %s", attachment.name, error)
        raise AttachmentError(texts.ATTACHMENT_UNREADABLE) from None
    items = parse_items("\n".join(lines))
    if not items:
        raise AttachmentError(texts.ATTACHMENT_EMPTY)
    return items


def _docx_lines(content: bytes) -> Iterator[str]:
    import docx

    document = docx.Document(io.BytesIO(content))
    for block in document.element.body.iterchildren():
        tag = block.tag.rpartition("}")[2]
        if tag == "p":
            yield "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            yield from _row_items([cell.text for cell in row.cells] for row in table.rows)


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
