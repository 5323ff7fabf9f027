"""The parts of a 三定 text after the duty list: 内设机构 with their duties, and the staffing figures."""

from __future__ import annotations

import re

from fm_domain.catalog.numerals import CHINESE_NUMERAL_CHARS, parse_count
from fm_domain.catalog.raw import Raw
from fm_domain.catalog.text_layout import clean, list_start, numbered_items, place
from fm_domain.errors import CatalogError

DIVISION_HEADING = re.compile(r"内设机构|(?:设|设置)下列(?:处室|科室|机构)")
_COUNT = rf"(\d+|[{CHINESE_NUMERAL_CHARS}]+)"
_ADMINISTRATIVE = re.compile(rf"行政编制(?:为|共|总数为)?\s*{_COUNT}\s*名")
_BODIES = re.compile(rf"(?:设|设置)(?:下列)?\s*{_COUNT}\s*个内设机构|内设机构(?:为|共)?\s*{_COUNT}\s*个")
_LEADER_TOTAL = re.compile(rf"(?<![处科级队])领导职数(?:为|共)?\s*{_COUNT}\s*名")
# 局长1名、副局长4名 — but not 办公室主任 or 正副处长（主任）
_LEADER_POST = re.compile(
    rf"(?<![处科室队站所办])(?:正副|副)?(?:局长|厅长|主任|署长)(?:职数)?\s*{_COUNT}\s*名"
)
# a division's name: 办公室。 / 社会救助处： / 政策法规处（行政审批处）＋ newline
_DIVISION_NAME = re.compile(r"^\s*([^。：:，,；;\n]{1,24}?)\s*(?:[。：:]|\n|$)")
_SENTENCE_END = re.compile(r"[。；;]")
# an unnumbered body after the list (机关党委。负责…) is not part of the last division
_UNNUMBERED_DIVISION = re.compile(r"[^。，,；;：:（(]{2,24}[。：:]\s*(?:负责|承担|协助|指导|组织)")


def read_divisions(text: str, after: int, source: str) -> Raw:
    """The numbered 内设机构 after the duty list, each with its duty sentences (an empty list if none)."""

    def where(offset: int) -> str:
        return place(text, source, offset)

    first = list_start(text, DIVISION_HEADING, after)
    if first is None:
        return Raw([], where(after))
    numbered = numbered_items(text, first, source, stop=_UNNUMBERED_DIVISION)
    divisions = []
    for item in numbered.items:
        found = _DIVISION_NAME.match(item.text)
        name = found.group(1).strip() if found else ""
        if not name or name.startswith(("负责", "承担", "贯彻", "拟订")):
            raise CatalogError(
                "无法识别内设机构名称（应为「（一）办公室。负责……」的形式）", where(item.offset)
            )
        assert found is not None
        sentences = [clean(s) for s in _SENTENCE_END.split(item.text[found.end() :]) if clean(s)]
        division = {
            "name": Raw(name, where(item.offset)),
            "duties": Raw([Raw(sentence, where(item.offset)) for sentence in sentences], where(item.offset)),
        }
        divisions.append(Raw(division, where(item.offset)))
    return Raw(divisions, where(first.start()))


def read_staffing(text: str, after: int, source: str) -> Raw:
    """行政编制, 领导职数 and the number of 内设机构, where the text after the duty list states them."""
    rest = text[after:]
    figures: dict[str, Raw] = {}
    for key, pattern in (("administrative", _ADMINISTRATIVE), ("bodies", _BODIES)):
        found = pattern.search(rest)
        if found:
            count = next(group for group in found.groups() if group)
            figures[key] = Raw(parse_count(count), place(text, source, after + found.start()))
    leaders = _leaders(rest)
    if leaders:
        count, offset = leaders
        figures["leaders"] = Raw(count, place(text, source, after + offset))
    return Raw(figures, place(text, source, after))


def _leaders(rest: str) -> tuple[int, int] | None:
    """局领导职数: stated as a total, or the sum of 局长 and 副局长 posts in the clause that lists them."""
    total = _LEADER_TOTAL.search(rest)
    if total:
        return parse_count(total.group(1)), total.start()
    first_post = _LEADER_POST.search(rest)
    if not first_post:
        return None
    clause_end = re.compile(r"[。；;\n]").search(rest, first_post.start())
    clause = rest[first_post.start() : clause_end.start() if clause_end else len(rest)]
    return sum(parse_count(post.group(1)) for post in _LEADER_POST.finditer(clause)), first_post.start()
