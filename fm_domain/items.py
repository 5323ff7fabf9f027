"""Work-item text → items: one item per line, numbering and bullets stripped, blank lines dropped.

Plans arrive pasted from Word documents, so a line may open with any of the numbering styles Chinese
official documents use: ``1.`` ``1、`` ``1）`` ``（1）`` ``(1)`` ``①`` ``一、`` ``（一）`` ``(一)``
``第一，`` ``一是`` or a bullet.
"""

from __future__ import annotations

import re

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


def strip_numbering(line: str) -> str:
    """The line without leading numbering, bullets and surrounding blanks."""
    text = line.strip(_BLANK)
    while True:
        stripped = _NUMBERING.sub("", text, count=1).strip(_BLANK)
        if stripped == text:
            return text
        text = stripped


def parse_items(text: str) -> list[str]:
    """Split pasted plan text into work items: one per non-blank line, numbering stripped."""
    items = []
    for line in text.splitlines():
        item = strip_numbering(line)
        if any(ch.isalnum() for ch in item):
            items.append(item)
    return items
