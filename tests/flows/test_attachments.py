"""Work items read from attached .docx and .xlsx files (and plain text)."""

from __future__ import annotations

import pytest

from conversations.attachments import AttachmentError, read_items
from conversations.messages import Attachment
from tests.flows.documents import docx_file, xlsx_file


def test_docx_paragraphs_become_items_with_numbering_stripped() -> None:
    content = docx_file(
        ["2026年度工作目标", "", "1. 推进义务教育优质均衡发展", "（二）扩大普惠性学前教育资源"]
    )
    assert read_items(Attachment("目标.docx", content)) == [
        "2026年度工作目标",
        "推进义务教育优质均衡发展",
        "扩大普惠性学前教育资源",
    ]


def test_docx_table_rows_give_their_longest_cell_and_skip_the_header() -> None:
    content = docx_file(
        [], [["序号", "工作目标", "责任处室"], ["1", "完善教师资格认定工作流程", "教师工作处"]]
    )
    assert read_items(Attachment("目标.docx", content)) == ["完善教师资格认定工作流程"]


def test_xlsx_rows_give_their_longest_text_cell_and_skip_numbers_and_header() -> None:
    content = xlsx_file(
        [
            ["序号", "工作事项", "完成时限"],
            [1, "开展中小学教辅材料征订审核", "6月"],
            [2, "推进智慧校园建设", None],
            [None, None, None],
        ]
    )
    assert read_items(Attachment("安排.xlsx", content)) == ["开展中小学教辅材料征订审核", "推进智慧校园建设"]


def test_plain_text_in_gb18030_is_read() -> None:
    content = "1、推进智慧校园建设\n2、加强师德师风建设".encode("gb18030")
    assert read_items(Attachment("目标.txt", content)) == ["推进智慧校园建设", "加强师德师风建设"]


def test_an_unsupported_format_is_refused_with_the_formats_that_work() -> None:
    with pytest.raises(AttachmentError, match=r"\.docx 和 \.xlsx"):
        read_items(Attachment("目标.pdf", b"%PDF"))


def test_a_damaged_file_is_refused_in_plain_words() -> None:
    with pytest.raises(AttachmentError, match="无法读取该文件"):
        read_items(Attachment("目标.docx", b"not a zip at all"))


def test_a_file_without_items_says_so() -> None:
    with pytest.raises(AttachmentError, match="没有读到任何事项"):
        read_items(Attachment("空.xlsx", xlsx_file([["序号", "事项"]])))
