"""Plain-text files as Chinese offices save them: UTF-8, GBK from Notepad's ANSI, UTF-16 from its Unicode."""

from __future__ import annotations

import codecs

import pytest

from fm_domain.plain_text import NotPlainText, decode_plain_text

TEXT = "1. 开展宪法日宣传\n2、新建普惠性幼儿园3所\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
        TEXT.encode("utf-16"),  # with its byte-order mark, as Notepad's "Unicode" saves
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_the_encodings_windows_and_other_editors_save_are_read(data: bytes) -> None:
    assert decode_plain_text(data) == TEXT


def test_a_word_or_excel_file_is_not_plain_text() -> None:
    with pytest.raises(NotPlainText) as raised:
        decode_plain_text(b"PK\x03\x04\x14\x00\x06\x00word/document.xml")
    assert raised.value.binary


def test_bytes_no_supported_encoding_reads_are_refused() -> None:
    with pytest.raises(NotPlainText) as raised:
        decode_plain_text(b"\x80\xff\xfe" + TEXT.encode("gbk"))
    assert not raised.value.binary
