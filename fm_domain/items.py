"""Work-item text → items: one item per line, numbering and bullets stripped, blank lines dropped, and
section headings left out.

Plans arrive pasted from Word documents, so a line may open with any of the numbering styles Chinese
official documents use: ``1.`` ``1、`` ``1）`` ``（1）`` ``(1)`` ``①`` ``一、`` ``（一）`` ``(一)``
``第一，`` ``一是`` or a bullet. Official documents number their levels in a fixed order (一、 over （一）
over 1. over （1） over ①), so a line numbered at one level and followed by a line numbered at a deeper one
heads a section: "一、重点工作" over "（一）做好城乡低保对象动态管理". Its items are the lines under it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_CHINESE_NUMERAL = "一二三四五六七八九十百零〇"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# One numbering prefix; applied repeatedly because documents nest them ("（一）1."). CN stands for the
# Chinese numerals, CIRCLED for ①…⑳.
_PATTERN = r"""^(?:
        [(（\[【]\s*(?:\d{1,3}|[CN]{1,3})\s*[)）\]】]\s*[、.．,，:：]?   # （一） (1) 【1】
      | \d{1,3}\s*(?:[、,，:：)）]|[.．](?!\d))                  # 1. 1、 1） (not 2.0 or 1.5万)
      | 第?[CN]{1,3}\s*[、.．,，:：)）]                          # 一、 第一，
      | [CN]{1,2}是(?:[，,：:]|(?=[\u4e00-\u9fff]))               # 一是 二是
      | [CIRCLED]                                                 # ①
      | [•·●○■□▪◆◇▶►\-*+—]+                                      # bullets
    )\s*"""
_NUMBERING = re.compile(
    _PATTERN.replace("CN", _CHINESE_NUMERAL).replace("CIRCLED", _CIRCLED),
    re.VERBOSE,
)

_BLANK = " \t\r\f\v\u3000\u00a0\ufeff"

# The numbering of each level of an official document, outermost first (一、 （一） 1. （1） ①). 一是 and
# bullets are run-in enumerations, not levels.
_LEVELS = tuple(
    re.compile(pattern.replace("CN", _CHINESE_NUMERAL).replace("CIRCLED", _CIRCLED))
    for pattern in (
        r"^第?[CN]{1,3}\s*[、.．,，:：]",
        r"^[(（]\s*[CN]{1,3}\s*[)）]",
        r"^\d{1,3}\s*(?:[、,，:：)）]|[.．](?!\d))",
        r"^[(（]\s*\d{1,3}\s*[)）]",
        r"^[CIRCLED]",
    )
)


class Plan(NamedTuple):
    items: list[str]
    headings: list[str]  # section headings left out, numbering stripped ("重点工作" of "一、重点工作")


def strip_numbering(line: str) -> str:
    """The line without leading numbering, bullets and surrounding blanks."""
    text = line.strip(_BLANK)
    while True:
        stripped = _NUMBERING.sub("", text, count=1).strip(_BLANK)
        if stripped == text:
            return text
        text = stripped


def parse_items(text: str) -> list[str]:
    """Split pasted plan text into work items: one per non-blank line, numbering stripped, section
    headings left out."""
    return read_plan(text).items


def read_plan(text: str) -> Plan:
    """The work items of pasted plan text, and the section headings left out of them."""
    lines = [line.strip(_BLANK) for line in text.splitlines()]
    lines = [line for line in lines if any(ch.isalnum() for ch in strip_numbering(line))]
    levels = [numbering_level(line) for line in lines]
    plan = Plan([], [])
    for position, line in enumerate(lines):
        following = levels[position + 1] if position + 1 < len(levels) else None
        heads_a_section = (
            levels[position] is not None and following is not None and following > levels[position]
        )
        (plan.headings if heads_a_section else plan.items).append(strip_numbering(line))
    return plan


def numbering_level(line: str) -> int | None:
    """The level of the line's numbering (0 for 一、, 1 for （一）…), or None when it has none of them."""
    return next((level for level, pattern in enumerate(_LEVELS) if pattern.match(line)), None)
