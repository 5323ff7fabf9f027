"""The parts of the dossier that other features add, named here so that every form (Word, Excel, the web
console) knows where they go before those features exist.

The dossier grows with the record: 运行监管 and 动态管理 (visits, recommendations and what was adopted) and
绩效管理 (the score and its breakdown, the ranking) are built elsewhere. Each such feature registers one
extension (conversations.archive.ArchiveExtension) under one of these keys; it hands back ordinary
document sections (fm_domain.archive.document), which the dossier places after its own parts, in the order
of ``PART_ORDER``, and the web console shows on the page for its key. A key with no extension is left out
of the documents and shown as "not yet available" on its page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fm_domain.archive.document import Section, View


class PartKey(StrEnum):
    REPORTS = "reports"  # 统计表, 重要政策措施, 重大活动 as their own records (issue 14)
    VISITS = "visits"  # 走访座谈, 现场查看 (issue 14)
    LIFECYCLE = "lifecycle"  # each finding's steps: who moved it, when, why (issue 14)
    RECOMMENDATIONS = "recommendations"  # 动态管理 recommendations and their decisions (issue 14)
    PERFORMANCE = "performance"  # 绩效考评: the score, its breakdown, against the median (issue 15)


PART_ORDER = (
    PartKey.REPORTS,
    PartKey.VISITS,
    PartKey.LIFECYCLE,
    PartKey.RECOMMENDATIONS,
    PartKey.PERFORMANCE,
)


@dataclass(frozen=True)
class Part:
    """What an extension adds for one department and year, or for the whole city: a chapter of the
    dossier (and the web page's content) and its sheets of the workbook."""

    key: PartKey
    section: Section
    views: tuple[View, ...] = ()


def in_order(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    return tuple(sorted(parts, key=lambda part: PART_ORDER.index(part.key)))
