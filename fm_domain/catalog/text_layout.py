"""How a published 三定 text is laid out: numbered items, section boundaries, line numbers.

Shared by the duty-list parser and the division/staffing parser. Everything works on offsets into one
normalised text, so any item can be reported by its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fm_domain.catalog.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int, int_to_chinese
from fm_domain.errors import CatalogError

NUMERAL = f"[{CHINESE_NUMERAL_CHARS}]"
# （一） as published, (一) as NFKC-normalised copies have it
MARKER = re.compile(rf"[（(]\s*({NUMERAL}+)\s*[）)]")
# a marker cut off by truncation: "（四" with no closing bracket after it
_BROKEN_MARKER = re.compile(rf"[（(]\s*{NUMERAL}+(?!{NUMERAL}*\s*[）)])")
_TERMINAL = ("。", "；", ";", ".", "！", "!")

# Lines that open the next part of a 三定: 第四条…, 三、内设机构, 四、人员编制, 根据上述职责…设9个内设机构：
_ARTICLE = re.compile(rf"^(?:第[{CHINESE_NUMERAL_CHARS}\d]+[条章]|{NUMERAL}+[、．.])")
_SECTION_WORDS = re.compile(
    r"内设机构|人员编制|机构编制|行政编制|领导职数|其他事项|其它事项|附则|职能转变|职责分工|机构设置"
)
_INTRO = re.compile(r"^(?:根据上述职责|根据以上职责|根据上述职能)|内设机构\S*[：:]$|行政编制\S{0,4}\d")
_SHORT_HEADING_CHARS = 15


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def place(text: str, source: str, offset: int) -> str:
    """Where an offset is, as errors name it: "民政局.txt 第 12 行"."""
    return f"{source} 第 {line_of(text, offset)} 行"


def marker_pattern(n: int) -> re.Pattern[str]:
    return re.compile(rf"[（(]\s*{int_to_chinese(n)}\s*[）)]")


def is_boundary(line: str) -> bool:
    """Whether a line starts another part of the 三定 (an article, a numbered heading, 内设机构, 编制…)."""
    stripped = line.strip(" \t\u3000")
    if not stripped or MARKER.match(stripped):
        return False
    if _ARTICLE.match(stripped) or _INTRO.search(stripped):
        return True
    return len(stripped) <= _SHORT_HEADING_CHARS and bool(_SECTION_WORDS.search(stripped))


def next_boundary(text: str, offset: int, also_allowed: re.Pattern[str] | None = None) -> int:
    """Offset of the first boundary line that starts after ``offset`` (len(text) if none).

    Lines matching ``also_allowed`` do not count: "三、内设机构" may be followed by
    "根据上述职责，设9个内设机构：" before its list begins.
    """
    position = text.find("\n", offset)
    while position != -1:
        start = position + 1
        end = text.find("\n", start)
        line = text[start : end if end != -1 else len(text)]
        if is_boundary(line) and not (also_allowed and also_allowed.search(line)):
            return start
        position = end
    return len(text)


def list_start(text: str, heading: re.Pattern[str], after: int = 0) -> re.Match[str] | None:
    """The （一） of the first numbered list that directly follows a heading matching ``heading``."""
    first = marker_pattern(1)
    for found in heading.finditer(text, after):
        marker = first.search(text, found.end())
        if marker and next_boundary(text, found.end(), also_allowed=heading) >= marker.start():
            return marker
    return None


@dataclass(frozen=True)
class Item:
    """One numbered item: its number, where its marker starts, its raw text and where that text ends."""

    n: int
    offset: int
    text: str
    end: int


@dataclass(frozen=True)
class NumberedList:
    items: tuple[Item, ...]
    truncated: bool  # the text was cut off inside the list; a cut-off last item is not in ``items``


def numbered_items(
    text: str,
    first: re.Match[str],
    source: str,
    cut_at_paragraph: bool = False,
    stop: re.Pattern[str] | None = None,
) -> NumberedList:
    """Consecutive items （一）（二）… from ``first`` until the numbering stops.

    Only the next number is looked for, so a bracketed aside inside a duty is never taken as a marker.
    The last item ends at a boundary line, a line opening another list, a short heading ending in "：", a
    line matching ``stop``, or (with ``cut_at_paragraph``) a blank line. A marker cut off by truncation
    ("（四" at the end) marks the list truncated; an unexpected number ("（二）" followed by "（四）") is an
    error, not a shorter list.
    """
    items: list[Item] = []
    n, offset, body_start = 1, first.start(), first.end()
    while True:
        limit = next_boundary(text, body_start)
        following = marker_pattern(n + 1).search(text, body_start, limit)
        if not following:
            break
        items.append(Item(n, offset, text[body_start : following.start()], following.start()))
        n, offset, body_start = n + 1, following.start(), following.end()
    end, stop_line = _last_item_end(text, body_start, limit, cut_at_paragraph, stop)
    items.append(Item(n, offset, text[body_start:end], end))
    stop = stop_line.strip(" \t\u3000")
    marker = MARKER.match(stop)
    if marker and chinese_to_int(marker.group(1)) != 1:
        raise CatalogError(
            f"编号不连续：（{int_to_chinese(n)}）之后应为（{int_to_chinese(n + 1)}），却是{marker.group(0)}",
            place(text, source, end),
        )
    truncated = bool(_BROKEN_MARKER.match(stop)) or (not text[end:].strip() and _cut_off(items))
    if truncated and not text[end:].strip():
        items.pop()
    return NumberedList(tuple(items), truncated)


def _last_item_end(
    text: str, body_start: int, limit: int, cut_at_paragraph: bool, stop: re.Pattern[str] | None
) -> tuple[int, str]:
    """Where the last item ends, and the line that ended it ("" at a boundary or the end of the text)."""
    line_end = text.find("\n", body_start, limit)
    while line_end != -1:
        start = line_end + 1
        next_end = text.find("\n", start, limit)
        line = text[start : next_end if next_end != -1 else limit]
        stripped = line.strip(" \t\u3000")
        if not stripped and cut_at_paragraph and text[start:limit].strip():
            return start, ""
        if MARKER.match(stripped) or _BROKEN_MARKER.match(stripped) or _is_short_heading(stripped):
            return start, line
        if stop and stop.match(stripped):
            return start, ""
        line_end = next_end
    return limit, ""


def _is_short_heading(line: str) -> bool:
    return len(line) <= 30 and line.endswith(("：", ":"))


def _cut_off(items: list[Item]) -> bool:
    """Whether the last item, at the very end of the text, was cut off: empty, or without the closing
    punctuation every item before it has."""
    last = clean(items[-1].text)
    if not last:
        return True
    earlier = [clean(item.text) for item in items[:-1]]
    return bool(earlier) and all(e.endswith(_TERMINAL) for e in earlier) and not last.endswith(_TERMINAL)


def clean(body: str) -> str:
    """An item's text on one line: wrapped lines joined, outer whitespace dropped."""
    return "".join(part.strip(" \t\u3000") for part in body.split("\n")).strip()
