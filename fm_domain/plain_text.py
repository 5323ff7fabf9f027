"""Bytes of a plain-text file → text, in the encodings Chinese offices' files come in.

Plans and 三定 texts are pasted into Notepad or saved from Word as "纯文本"; on Chinese Windows that writes
GBK (ANSI) unless UTF-8 is chosen, and Notepad's "Unicode" is UTF-16 with a byte-order mark. GB18030 is
GBK's superset, so one fallback reads both.
"""

from __future__ import annotations

import codecs

ENCODINGS = ("utf-8-sig", "gb18030")


class NotPlainText(ValueError):
    """The bytes are not text in any of ``ENCODINGS``, or not text at all (a Word or Excel file)."""

    def __init__(self, binary: bool) -> None:
        super().__init__("binary content" if binary else "text in an unknown encoding")
        self.binary = binary


def decode_plain_text(data: bytes) -> str:
    """The text of ``data``: UTF-16 when it opens with a byte-order mark, else UTF-8 (a BOM is allowed),
    else GB18030; NotPlainText otherwise.

    A NUL byte never occurs in UTF-8 or GB18030 text but in nearly every binary file (.docx and .xlsx are
    zip archives), which GB18030 could otherwise decode into nonsense.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotPlainText(binary=False) from None
    if b"\x00" in data:
        raise NotPlainText(binary=True)
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NotPlainText(binary=False)
