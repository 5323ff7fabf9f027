"""Reading a user's text file: UTF-8 only, with the line of the first bad byte when it is not."""

from __future__ import annotations

from pathlib import Path

from bot.catalog_files.yaml_reader import decode_utf8
from fm_domain.errors import CatalogError


def read_utf8_text(path: Path) -> str:
    """The text of a UTF-8 file; CatalogError when it is missing, unreadable or not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("文件不存在", str(path)) from None
    except OSError as error:
        raise CatalogError(f"无法读取文件（{error.strerror}）", str(path)) from None
    return decode_utf8(data, path.name)
