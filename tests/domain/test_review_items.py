"""Work-item text → items: one per line, numbering and bullets stripped, blank lines dropped."""

from __future__ import annotations

import pytest

from fm_domain.items import parse_items, strip_numbering


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
