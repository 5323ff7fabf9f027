"""Work-item text → items: one per line, numbering and bullets stripped, blank lines dropped."""

from __future__ import annotations

import pytest

from fm_domain.items import numbering_level, parse_items, read_plan, strip_numbering


@pytest.mark.parametrize(
    "line",
    [
        "1. 双减",
        "1、双减",
        "1．双减",
        "1）双减",
        "（1）双减",
        "(1)双减",
        "一、双减",
        "（一）双减",
        "(一) 双减",
        "①双减",
        "第一，双减",
        "一是双减",
        "• 双减",
        "- 双减",
        "（一）1.双减",
        "\u3000 12、双减 ",
    ],
)
def test_every_numbering_style_of_official_documents_is_stripped(line: str) -> None:
    assert strip_numbering(line) == "双减"


@pytest.mark.parametrize(
    "line",
    [
        "2017年暑假开展校园网络建设",
        "2.0行动计划",
        "1.5万人参加培训",
        "一体化推进",
        "三会一课",
        "十四五规划编制",
    ],
)
def test_text_that_merely_starts_with_a_number_is_kept(line: str) -> None:
    assert strip_numbering(line) == line


def test_blank_and_numbering_only_lines_are_dropped() -> None:
    text = "1. 高标准建成星级投放点\n\n   \n2、\n（二）取缔占道经营摊点\r\n"
    assert parse_items(text) == ["高标准建成星级投放点", "取缔占道经营摊点"]


PLAN_WITH_SECTIONS = """\
一、重点工作
（一）做好城乡低保对象动态管理
（二）推进养老服务体系建设
二、加强机关党的建设
1. 组织主题党日活动
2. 开展廉政警示教育
三、完成市委市政府交办的其他任务
一是做好信访维稳
"""


def test_a_line_with_deeper_numbered_lines_under_it_heads_a_section_and_is_no_item() -> None:
    plan = read_plan(PLAN_WITH_SECTIONS)
    assert plan.headings == ["重点工作", "加强机关党的建设"]
    assert plan.items == [
        "做好城乡低保对象动态管理",
        "推进养老服务体系建设",
        "组织主题党日活动",
        "开展廉政警示教育",
        "完成市委市政府交办的其他任务",  # 一是 is a run-in enumeration, not a deeper level
        "做好信访维稳",
    ]
    assert parse_items(PLAN_WITH_SECTIONS) == plan.items


@pytest.mark.parametrize(
    "text",
    [
        "1. 推进义务教育优质均衡发展\n（二）扩大普惠性学前教育资源",  # a shallower level follows
        "一、做好中考招生录取工作\n二、推进智慧校园建设",  # the same level follows
        "一、做好中考招生录取工作\n按时完成录取",  # no numbering follows
        "（一）做好中考招生录取工作",  # nothing follows
    ],
)
def test_a_numbered_line_without_deeper_lines_under_it_stays_an_item(text: str) -> None:
    assert read_plan(text).headings == []
    assert len(read_plan(text).items) == len(text.splitlines())


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、双减", 0),
        ("第一，双减", 0),
        ("（一）双减", 1),
        ("1. 双减", 2),
        ("2、双减", 2),
        ("（1）双减", 3),
        ("①双减", 4),
    ],
)
def test_official_numbering_levels_run_outermost_first(line: str, level: int) -> None:
    assert numbering_level(line) == level


@pytest.mark.parametrize("line", ["一是双减", "• 双减", "双减", "2.0行动计划"])
def test_run_in_enumerations_bullets_and_plain_text_have_no_level(line: str) -> None:
    assert numbering_level(line) is None
