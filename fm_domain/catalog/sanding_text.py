"""Importing a 三定 regulation from its published text.

The duty list is the numbered list （一）（二）… that follows 主要职责 (or 主要职能); it stops at the next
part of the regulation (内设机构, 人员编制, 其他事项, a new article) and before the items that are not
duties but notes on them (职能转变, 职责分工). Whatever precedes the heading — a title, a preamble, a
file header — is ignored. Divisions and staffing are read where the text has them.
"""

from __future__ import annotations

import re

from fm_domain.catalog.builder import build_department
from fm_domain.catalog.raw import Raw
from fm_domain.catalog.sanding_sections import read_divisions, read_staffing
from fm_domain.catalog.text_layout import clean, list_start, normalise, numbered_items, place
from fm_domain.errors import CatalogError
from fm_domain.models import Department

DUTY_HEADING = re.compile(r"主要(?:工作)?(?:职责|职能)")
# numbered items of the 主要职责 article that describe changes or boundaries, not duties
_NOT_A_DUTY = re.compile(r"^(?:职能转变|转变职能|(?:有关)?职责分工|与[^。，]{1,30}的?职责分工|有关职责)")


def parse_sanding_text(
    text: str, code: str, name: str, short: str = "", source: str = "三定文本"
) -> Department:
    """The department a 三定 text describes; CatalogError (naming the line) when there is no duty list.

    ``partial`` is set when the text was cut off inside the duty list (a trailing "（四" or a last duty
    without its closing punctuation): the fragment is not a duty, and the list is known to be incomplete.
    """
    return build_department(read_sanding_raw(text, code, name, short, source))


def read_sanding_raw(text: str, code: str, name: str, short: str, source: str) -> Raw:
    """The department record of a 三定 text, before validation, each value with its line."""
    text = normalise(text)
    if not DUTY_HEADING.search(text):
        raise CatalogError("没有找到「主要职责」（或「主要职能」）部分，无法识别职责清单", source)
    first = list_start(text, DUTY_HEADING)
    if first is None:
        raise CatalogError("「主要职责」之后没有找到按（一）（二）……编号的职责", source)
    numbered = numbered_items(text, first, source, cut_at_paragraph=True)
    items = list(numbered.items)
    for index, item in enumerate(items):
        if _NOT_A_DUTY.match(clean(item.text)):
            items = items[:index]
            break
    if not items:
        raise CatalogError("「主要职责」之后没有完整的职责条目", place(text, source, first.start()))

    def where(offset: int) -> str:
        return place(text, source, offset)

    duties = [
        Raw(
            {"n": Raw(item.n, where(item.offset)), "text": Raw(clean(item.text), where(item.offset))},
            where(item.offset),
        )
        for item in items
    ]
    list_end = items[-1].end
    fields: dict[str, Raw] = {
        "code": Raw(code, source),
        "name": Raw(name, source),
        "short": Raw(short, source),
        "partial": Raw(numbered.truncated, where(items[-1].offset)),
        "duties": Raw(duties, where(first.start())),
        "divisions": read_divisions(text, list_end, source),
        "staffing": read_staffing(text, list_end, source),
    }
    return Raw(fields, source)
