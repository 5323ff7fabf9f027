"""调整机构编制, 以职责匹配为核心: each department's workload per administrative post set against the other
departments', and what cancelling or adding duties means for its posts.

Workload is what the department reported it would do: the items of its department-level annual goals and
monthly arrangements of the year (latest versions; the bureau's own internal work left out), per post of
行政编制. A department is compared with the median of the others, so one outlier does not move its own
yardstick.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from fm_domain.models import Catalog
from fm_domain.monitoring.periods import period_span
from fm_domain.monitoring.reports import latest_versions
from fm_domain.recommendations import texts
from fm_domain.recommendations.recommendation import NewDuty, Recommendation, RecommendationKind, StatusChange
from fm_domain.recommendations.settings import RecommendationSettings
from fm_domain.records import Submission, SubmissionKind

_PLANS = (SubmissionKind.ANNUAL_GOALS, SubmissionKind.MONTHLY_ARRANGEMENT)


@dataclass(frozen=True)
class Workload:
    department: str
    posts: int | None  # 行政编制; None: not known
    active_duties: int
    items: int

    @property
    def per_post(self) -> float | None:
        return self.items / self.posts if self.posts else None


def workloads(catalog: Catalog, submissions: Iterable[Submission], year: int) -> list[Workload]:
    items: dict[str, int] = {}
    for report in latest_versions(submissions):
        if report.kind in _PLANS and not report.division and period_span(report.period)[0].year == year:
            counted = sum(1 for check in report.review.items if not check.internal)
            items[report.department] = items.get(report.department, 0) + counted
    return [
        Workload(
            d.code,
            d.staffing.administrative,
            sum(1 for duty in d.duties if duty.active),
            items.get(d.code, 0),
        )
        for d in catalog
    ]


def staffing_recommendations(
    catalog: Catalog,
    year: int,
    loads: Sequence[Workload],
    proposed: Sequence[Recommendation],
    settings: RecommendationSettings,
) -> list[Recommendation]:
    """One per department whose workload stands out, or whose proposed duty changes move posts."""
    result = []
    for load in loads:
        parts: list[str] = []
        peers = [p.per_post for p in loads if p.department != load.department and p.per_post]
        per_post = load.per_post
        if per_post and len(peers) >= settings.min_peers:
            middle = median(peers)
            ratio = per_post / middle
            if ratio >= settings.workload_ratio or ratio <= 1 / settings.workload_ratio:
                posts = abs(math.ceil(load.items / middle) - (load.posts or 0))
                parts.append(texts.workload(catalog, load.department, per_post, middle, ratio, posts))
        related = [r for r in proposed if r.department == load.department and r.changes]
        removed = [
            f"{c.department}.{c.n}"
            for r in related
            for c in r.changes
            if isinstance(c, StatusChange) and c.department == load.department
        ]
        if removed and load.posts and load.active_duties:
            parts.append(texts.cancelled_staffing(catalog, removed, load.posts / load.active_duties))
        added = [
            r
            for r in related
            if any(isinstance(c, NewDuty) and c.department == load.department for c in r.changes)
        ]
        if added and per_post:
            new_items = sum(
                len(s.evidence) for r in added for s in r.signals if s.department == load.department
            )
            parts.append(texts.added_staffing(catalog, new_items, per_post))
        if parts:
            result.append(
                Recommendation(
                    RecommendationKind.STAFFING,
                    load.department,
                    year,
                    tuple(d for r in related for d in r.duties),
                    None,
                    "".join(parts),
                    signals=tuple(s for r in related for s in r.signals),
                )
            )
    return result
