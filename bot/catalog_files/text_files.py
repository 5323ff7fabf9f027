"""Reading a user's plain-text file (work items, a 三定 text): UTF-8, or GBK as Chinese Windows saves it."""

from __future__ import annotations

from pathlib import Path

from fm_domain.errors import CatalogError
from fm_domain.plain_text import NotPlainText, decode_plain_text

NOT_TEXT = "不是纯文本文件（可能是 Word 或 Excel 文件），请另存为 .txt 后再试"
UNKNOWN_ENCODING = "文件编码无法识别（应为 UTF-8 或 GBK），请另存为 UTF-8 后再试"


def read_user_text(path: Path) -> str:
    """The text of a plain-text file in UTF-8 or GB18030/GBK; CatalogError when it is missing, unreadable,
    not text (a Word or Excel file) or in another encoding."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("文件不存在", str(path)) from None
    except OSError as error:
        raise CatalogError(f"无法读取文件（{error.strerror}）", str(path)) from None
    try:
        return decode_plain_text(data)
    except NotPlainText as error:
        problem = NOT_TEXT if error.binary else UNKNOWN_ENCODING
        raise CatalogError(problem, path.name) from None
