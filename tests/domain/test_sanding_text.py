"""Importing published 三定 texts: the duty list after 主要职责, and nothing that is not a duty."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fm_domain.catalog import parse_sanding_text
from fm_domain.errors import CatalogError
from fm_domain.models import DutyCategory

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "sanding"
REFERENCE_TEXTS = sorted(REFERENCE.glob("*.txt"))


def split_reference(path: Path) -> tuple[int, str]:
    """The stated duty count and the text without its header (source/title/duties are test metadata)."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    stated = re.search(r"^duties:\s*(\d+)", header, re.MULTILINE)
    assert stated, f"{path.name} has no duties: line"
    return int(stated.group(1)), body


@pytest.fixture(params=REFERENCE_TEXTS, ids=lambda path: path.stem)
def reference(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_the_reference_texts_are_there() -> None:
    assert len(REFERENCE_TEXTS) >= 3


def test_each_reference_text_imports_with_its_stated_number_of_duties(reference: Path) -> None:
    stated, body = split_reference(reference)
    department = parse_sanding_text(body, "dept", "某部门")
    assert [duty.n for duty in department.duties] == list(range(1, stated + 1))


def test_a_header_before_the_text_does_not_change_the_duties(reference: Path) -> None:
    _, body = split_reference(reference)
    with_header = reference.read_text(encoding="utf-8")
    assert parse_sanding_text(with_header, "dept", "某部门") == parse_sanding_text(body, "dept", "某部门")


def test_duty_text_is_the_item_without_its_number() -> None:
    _, body = split_reference(REFERENCE / "gz_jiaoyu.txt")
    department = parse_sanding_text(body, "gz_jiaoyu", "广州市教育局")
    assert department.duty(8).text == "负责本市教师工作；实施教师资格制度，推进学校人事制度改革。"
    assert department.duty(12).id == "gz_jiaoyu.12"


def test_a_text_cut_inside_a_numbered_item_keeps_only_the_complete_duties_and_is_marked_partial() -> None:
    _, body = split_reference(REFERENCE / "sz_cgzf.txt")
    assert body.rstrip().endswith("（四")
    department = parse_sanding_text(body, "sz_cgzf", "深圳市城市管理行政执法局")
    assert len(department.duties) == 3
    assert department.duties[-1].text.endswith("发挥综合协调作用。")
    assert department.partial


def test_a_complete_text_is_not_marked_partial() -> None:
    _, body = split_reference(REFERENCE / "sz_chengguan.txt")
    assert not parse_sanding_text(body, "sz_chengguan", "深圳市城市管理局").partial


def test_a_last_duty_cut_mid_sentence_is_dropped_and_the_list_marked_partial() -> None:
    text = (
        "主要职责：\n（一）拟订全市民政事业发展规划。\n（二）负责社会救助工作。\n（三）负责全市婚姻登记和殡"
    )
    department = parse_sanding_text(text, "minzheng", "南通市民政局")
    assert [duty.n for duty in department.duties] == [1, 2]
    assert department.partial


def test_ascii_brackets_are_read_like_full_width_ones() -> None:
    text = (
        "主要职责:\n(一)拟订全市社会救助政策。\n(二)负责婚姻登记管理工作。\n( 三 )完成市政府交办的其他任务。"
    )
    department = parse_sanding_text(text, "minzheng", "南通市民政局")
    assert [duty.text for duty in department.duties] == [
        "拟订全市社会救助政策。",
        "负责婚姻登记管理工作。",
        "完成市政府交办的其他任务。",
    ]


def test_duties_written_on_one_line_are_split_at_their_numbers() -> None:
    text = "市民政局的主要职责是：（一）拟订社会救助政策。（二）负责婚姻登记工作。（三）负责殡葬管理工作。"
    department = parse_sanding_text(text, "minzheng", "南通市民政局")
    assert [duty.text for duty in department.duties][1] == "负责婚姻登记工作。"
    assert len(department.duties) == 3


def test_a_duty_wrapped_over_several_lines_is_joined() -> None:
    text = "主要职责：\n（一）拟订全市民政事业发展规划\n  和政策并组织实施。\n（二）负责社会救助工作。"
    department = parse_sanding_text(text, "minzheng", "南通市民政局")
    assert department.duty(1).text == "拟订全市民政事业发展规划和政策并组织实施。"


def test_a_bracketed_number_inside_a_duty_is_not_taken_for_the_next_duty() -> None:
    text = "主要职责：\n（一）落实《条例》第（三）项规定的救助标准。\n（二）负责婚姻登记工作。"
    department = parse_sanding_text(text, "minzheng", "南通市民政局")
    assert department.duty(1).text == "落实《条例》第（三）项规定的救助标准。"
    assert len(department.duties) == 2


def test_numbered_lists_before_the_duty_heading_are_ignored() -> None:
    text = (
        "一、职能转变\n（一）取消的职责。取消社会团体筹备成立审批。\n（二）加强的职责。加强养老服务体系建设。\n"
        "二、主要职责\n（一）拟订社会救助政策。\n（二）负责婚姻登记工作。\n（三）负责殡葬管理工作。\n"
    )
    department = parse_sanding_text(text, "minzheng", "南通市民政局")
    assert [duty.text for duty in department.duties] == [
        "拟订社会救助政策。",
        "负责婚姻登记工作。",
        "负责殡葬管理工作。",
    ]


def test_the_duty_list_stops_at_the_next_section() -> None:
    text = (
        "主要职责\n（一）拟订社会救助政策。\n（二）完成市政府交办的其他任务。\n"
        "三、内设机构\n根据上述职责，设2个内设机构：\n（一）办公室\n负责机关日常运转。\n（二）社会救助处\n负责低保工作。\n"
    )
    department = parse_sanding_text(text, "minzheng", "南通市民政局")
    assert department.duty(2).text == "完成市政府交办的其他任务。"
    assert len(department.duties) == 2


def test_the_duty_list_stops_at_a_blank_line_followed_by_other_prose() -> None:
    text = "主要职责：\n（一）拟订社会救助政策。\n（二）负责婚姻登记工作。\n\n联系电话：0513-00000000\n"
    department = parse_sanding_text(text, "minzheng", "南通市民政局")
    assert department.duty(2).text == "负责婚姻登记工作。"


def test_the_heading_may_say_main_functions_instead_of_main_duties() -> None:
    text = "市商务局主要职能：\n（一）拟订全市商务发展规划。\n（二）负责全市对外贸易工作。"
    assert len(parse_sanding_text(text, "shangwu", "南通市商务局").duties) == 2


def test_a_gap_in_the_numbering_is_an_error_naming_the_line() -> None:
    text = "主要职责：\n（一）拟订社会救助政策。\n（二）负责婚姻登记工作。\n（四）负责殡葬管理工作。"
    with pytest.raises(CatalogError) as raised:
        parse_sanding_text(text, "minzheng", "南通市民政局", source="民政局.txt")
    assert raised.value.where == "民政局.txt 第 4 行"
    assert "（三）" in raised.value.message


def test_a_text_without_a_duty_heading_is_rejected() -> None:
    with pytest.raises(CatalogError, match="主要职责"):
        parse_sanding_text(
            "南通市民政局2024年工作总结\n一、社会救助\n全年发放低保金……", "minzheng", "南通市民政局"
        )


def test_a_duty_heading_without_numbered_duties_is_rejected() -> None:
    text = "市民政局的主要职责是负责全市的民政工作，具体包括社会救助、婚姻登记等。"
    with pytest.raises(CatalogError, match="编号的职责"):
        parse_sanding_text(text, "minzheng", "南通市民政局")


def test_an_empty_text_is_rejected() -> None:
    with pytest.raises(CatalogError):
        parse_sanding_text("", "minzheng", "南通市民政局")


def test_an_empty_duty_in_the_middle_is_rejected_naming_its_line() -> None:
    text = "主要职责：\n（一）拟订社会救助政策。\n（二）\n（三）负责殡葬管理工作。"
    with pytest.raises(CatalogError) as raised:
        parse_sanding_text(text, "minzheng", "南通市民政局", source="民政局.txt")
    assert raised.value.where == "民政局.txt 第 3 行"


def test_imported_duties_get_a_guessed_category() -> None:
    _, body = split_reference(REFERENCE / "gz_jiaoyu.txt")
    department = parse_sanding_text(body, "gz_jiaoyu", "广州市教育局")
    assert all(duty.category_guessed for duty in department.duties)
    assert department.duty(2).category is DutyCategory.MACRO_DECISION
    assert department.duty(12).category is DutyCategory.OTHER


def test_a_bad_department_code_is_rejected() -> None:
    with pytest.raises(CatalogError, match="部门代码"):
        parse_sanding_text("主要职责：\n（一）拟订社会救助政策。", "民政", "南通市民政局")
