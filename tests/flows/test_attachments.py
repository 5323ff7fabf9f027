"""Work items read from attached .docx and .xlsx files (and plain text)."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from conversations.attachments import AttachmentError, read_items
from conversations.messages import Attachment
from tests.flows.conftest import LIAISON
from tests.flows.documents import docx_file, understating, with_member, xlsx_file
from tests.flows.transcript import Chat, Upload, press

DOCUMENT = "word/document.xml"
SHEET = "xl/worksheets/sheet1.xml"


def test_docx_paragraphs_become_items_with_numbering_stripped() -> None:
    content = docx_file(["", "1. 推进义务教育优质均衡发展", "（二）扩大普惠性学前教育资源"])
    assert read_items(Attachment("目标.docx", content)) == [
        "推进义务教育优质均衡发展",
        "扩大普惠性学前教育资源",
    ]


def _titled_goals() -> bytes:
    document = docx.Document()
    document.add_heading("某局2026年度工作目标", level=1)
    document.add_heading("南通市某局", level=0)  # the Title style
    centred = document.add_paragraph("（2026年1月）")  # a title made by hand: centred
    centred.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("1. 推进义务教育优质均衡发展")
    document.add_heading("二、保障措施", level=2)
    document.add_paragraph("2. 加强师德师风建设")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_title_and_headings_are_not_work_items() -> None:
    assert read_items(Attachment("目标.docx", _titled_goals())) == [
        "推进义务教育优质均衡发展",
        "加强师德师风建设",
    ]


def test_headings_are_known_by_style_name_or_outline_level_whatever_the_style_id() -> None:
    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.style_id = "1"  # as Chinese Word saves 标题 1
    custom = document.styles.add_style("大标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.element.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), "0")
    document.add_paragraph("某局2026年度工作目标", style=heading)
    document.add_paragraph("一、重点工作", style=custom)
    document.add_paragraph("1. 推进义务教育优质均衡发展")
    buffer = io.BytesIO()
    document.save(buffer)

    assert read_items(Attachment("目标.docx", buffer.getvalue())) == ["推进义务教育优质均衡发展"]


def test_goals_sent_as_a_titled_docx_start_with_the_first_goal_not_the_title(chat: Chat) -> None:
    chat.dialog(LIAISON, [("/年度目标", "请选择报送层级"), (press("department"), "2026年度工作目标")])

    preview = chat.say(LIAISON, Upload("2026年度目标.docx", _titled_goals()))

    assert "共 2 项" in preview and "1. 推进义务教育优质均衡发展" in preview and "某局" not in preview


def test_a_section_heading_of_a_docx_is_no_goal_and_the_preview_says_it_was_left_out(chat: Chat) -> None:
    chat.dialog(LIAISON, [("/年度目标", "请选择报送层级"), (press("department"), "2026年度工作目标")])
    sections = docx_file(["一、重点工作", "（一）推进义务教育优质均衡发展", "（二）扩大普惠性学前教育资源"])

    preview = chat.say(LIAISON, Upload("2026年度目标.docx", sections))

    assert "“重点工作” 下面列有分项，已作为标题略去" in preview
    assert "共 2 项" in preview and "1. 推进义务教育优质均衡发展" in preview


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


def test_a_goal_sheet_gives_its_goal_column_not_the_title_the_measures_the_total_or_the_signature() -> None:
    content = xlsx_file(
        [
            ["南通市民政局2026年度工作目标任务分解表", None, None, None],
            ["序号", "工作目标", "具体措施", "责任科室"],
            [1, "做好城乡低保对象动态管理", "每季度对全部低保家庭开展一次入户复核", "社会救助科"],
            [None, None, "建立低保边缘家庭监测预警台账", None],  # the goal's cell merged over two rows
            [2, "推进养老服务体系建设", "新建社区养老服务站10个、助餐点20个", "养老服务科"],
            [None, "合 计", None, None],
            ["填表人：张伟", None, "联系电话：12345678", None],
        ]
    )
    assert read_items(Attachment("目标.xlsx", content)) == [
        "做好城乡低保对象动态管理",
        "推进养老服务体系建设",
    ]


def test_a_sheet_without_a_header_gives_each_rows_longest_cell_but_not_the_forms_footer() -> None:
    content = xlsx_file(
        [
            [1, "开展中小学教辅材料征订审核", "6月"],
            [2, "推进智慧校园建设", "12月"],
            ["填报单位：南通市教育局", None, "填报日期：2026年1月5日"],
        ]
    )
    assert read_items(Attachment("安排.xlsx", content)) == ["开展中小学教辅材料征订审核", "推进智慧校园建设"]


def test_a_row_of_several_cells_above_a_late_header_is_kept_as_an_item() -> None:
    content = xlsx_file(
        [[1, "开展中小学教辅材料征订审核", "6月"], ["序号", "事项", "时限"], [2, "推进智慧校园建设", "12月"]]
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


# --- files that unpack to far more than they weigh ------------------------------------------------------


@pytest.fixture
def parsers_called(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The parsers' entry points, recorded when they open a file: a refused archive must never reach them."""
    called: list[str] = []
    real_document, real_workbook = docx.Document, openpyxl.load_workbook

    def document(*args: object, **kwargs: object) -> object:
        if args:  # not the empty document the test itself starts from
            called.append("docx")
        return real_document(*args, **kwargs)

    def workbook(*args: object, **kwargs: object) -> object:
        called.append("xlsx")
        return real_workbook(*args, **kwargs)

    monkeypatch.setattr(docx, "Document", document)
    monkeypatch.setattr(openpyxl, "load_workbook", workbook)
    return called


def _paragraphs_xml(count: int) -> bytes:
    paragraph = "<w:p><w:r><w:t>推进义务教育优质均衡发展</w:t></w:r></w:p>"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + paragraph * count
        + "</w:body></w:document>"
    ).encode()


def _rows_xml(count: int) -> bytes:
    row = '<row><c t="inlineStr"><is><t>开展中小学教辅材料征订审核</t></is></c></row>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + row * count
        + "</sheetData></worksheet>"
    ).encode()


def _refused(name: str, content: bytes) -> str:
    with pytest.raises(AttachmentError) as refused:
        read_items(Attachment(name, content))
    return str(refused.value)


def test_a_docx_of_endlessly_repeated_paragraphs_is_refused_before_parsing(parsers_called: list[str]) -> None:
    content = with_member(docx_file(["x"]), DOCUMENT, _paragraphs_xml(600_000))  # ~50 MB in ~200 KB
    assert len(content) < 1024 * 1024

    assert "无法读取该文件" in _refused("目标.docx", content)
    assert parsers_called == []


def test_a_docx_holding_one_huge_member_is_refused_before_parsing(parsers_called: list[str]) -> None:
    content = with_member(
        docx_file(["1. 推进智慧校园建设"]), "word/media/image1.png", bytes(64 * 1024 * 1024)
    )

    assert "无法读取该文件" in _refused("目标.docx", content)
    assert parsers_called == []


def test_a_member_that_inflates_beyond_its_declared_size_is_refused(parsers_called: list[str]) -> None:
    content = understating(with_member(docx_file(["x"]), DOCUMENT, _paragraphs_xml(100_000)), DOCUMENT, 2048)

    assert "无法读取该文件" in _refused("目标.docx", content)
    assert parsers_called == []


def test_an_archive_of_thousands_of_members_is_refused_before_parsing(parsers_called: list[str]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_file(["x"]))) as source, zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        for n in range(5000):
            target.writestr(f"customXml/part{n}.xml", b"<a/>")

    assert "无法读取该文件" in _refused("目标.docx", buffer.getvalue())
    assert parsers_called == []


def test_an_xlsx_of_endlessly_repeated_rows_is_refused_before_parsing(parsers_called: list[str]) -> None:
    content = with_member(xlsx_file([["推进智慧校园建设"]]), SHEET, _rows_xml(500_000))

    assert "无法读取该文件" in _refused("安排.xlsx", content)
    assert parsers_called == []


def test_a_docx_within_the_limits_is_still_read(parsers_called: list[str]) -> None:
    content = with_member(docx_file(["x"]), DOCUMENT, _paragraphs_xml(2_000))

    assert len(read_items(Attachment("目标.docx", content))) == 2_000
    assert parsers_called == ["docx"]


def test_a_liaison_sending_a_zip_bomb_hears_the_file_error_and_stays_on_the_items_step(chat: Chat) -> None:
    bomb = with_member(docx_file(["x"]), DOCUMENT, _paragraphs_xml(600_000))
    chat.dialog(
        LIAISON,
        [
            ("/年度目标", "请选择报送层级"),
            (press("department"), "2026年度工作目标"),
            (Upload("2026年度目标.docx", bomb), "无法读取该文件"),
            ("1. 推进智慧校园建设", "共 1 项"),
        ],
    )


def test_a_docx_whose_xml_is_broken_gets_the_file_error_not_an_apology() -> None:
    content = with_member(docx_file(["x"]), DOCUMENT, b"<w:document><w:body><w:p>")

    assert "无法读取该文件" in _refused("目标.docx", content)
