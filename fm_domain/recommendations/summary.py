"""A department's year by the six classes of duty (宏观决策类 … 其它职能类): how many active duties each
class holds, how many the year's reports performed, how many are 缺位, how many items fell on them, and the
recommendations grouped under it. What concerns the department as a whole (staffing, 改进, 纠正 narrowing)
has a row of its own, under None."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fm_domain.models import Catalog, DutyCategory
from fm_domain.monitoring.reports import Judged, findings_by_item, latest_versions, performed_duties
from fm_domain.monitoring.signal import Signal, SignalKind
from fm_domain.recommendations.recommendation import Recommendation
from fm_domain.records import Finding, Submission


@dataclass(frozen=True)
class ClassRow:
    category: DutyCategory | None
    duties: int = 0  # active duties of the class
    performed: int = 0  # of which the year's reports touched
    gaps: int = 0  # of which are 缺位
    items: int = 0  # items placed on the class's duties
    recommendations: tuple[Recommendation, ...] = field(default_factory=tuple)


def class_summary(
    catalog: Catalog,
    department: str,
    submissions: Iterable[Submission],
    signals: Iterable[Signal],
    recommendations: Iterable[Recommendation],
    *,
    findings: Iterable[Finding] = (),
    judged: Mapping[int, Judged] | None = None,
) -> list[ClassRow]:
    """A row per class in DutyCategory order, then the department-wide row; ``submissions`` are the
    year's."""
    found = catalog.get(department)
    duties = [d for d in found.duties if d.active] if found else []
    by_item = findings_by_item(findings)
    performed: dict[str, int] = {}
    for report in latest_versions(submissions):
        if report.department == department:
            for duty, items in performed_duties(report, by_item, judged or {}).items():
                performed[duty] = performed.get(duty, 0) + len(items)
    gaps = {s.duties[0] for s in signals if s.kind is SignalKind.GAP and s.department == department}
    grouped: dict[DutyCategory | None, list[Recommendation]] = {}
    for recommendation in recommendations:
        if department in recommendation.departments:
            grouped.setdefault(recommendation.category, []).append(recommendation)
    rows = []
    for category in (*DutyCategory, None):
        own = [d for d in duties if d.category is category]
        rows.append(
            ClassRow(
                category,
                duties=len(own),
                performed=sum(1 for d in own if performed.get(d.id)),
                gaps=sum(1 for d in own if d.id in gaps),
                items=sum(performed.get(d.id, 0) for d in own),
                recommendations=tuple(grouped.get(category, ())),
            )
        )
    return rows
