"""改进履职方式方法: a department whose 问题报告 keep raising difficulties with how it performs (or, once
they are recorded, complaints of those it serves), with its lagging work as supporting evidence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from fm_domain.models import Catalog
from fm_domain.monitoring.signal import Evidence, Mark, Signal, SignalKind
from fm_domain.recommendations import texts
from fm_domain.recommendations.evidence import IssueReportRecord
from fm_domain.recommendations.recommendation import Recommendation, RecommendationKind
from fm_domain.recommendations.settings import RecommendationSettings

# The kinds of 问题报告 about the manner of performance: 履职困难 today; complaints when they are recorded.
MANNER_KINDS = frozenset({"difficulty", "complaint"})


def manner_recommendations(
    catalog: Catalog,
    year: int,
    signals: Sequence[Signal],
    issue_reports: Iterable[IssueReportRecord],
    settings: RecommendationSettings,
) -> list[Recommendation]:
    by_department: dict[str, list[IssueReportRecord]] = {}
    for report in sorted(issue_reports, key=lambda r: (r.reported_at, r.id)):
        if report.kind in MANNER_KINDS and report.reported_at.year == year:
            by_department.setdefault(report.department, []).append(report)
    result = []
    for department in catalog:
        reports = by_department.get(department.code, [])
        if len(reports) < settings.improve_reports:
            continue
        lagging = tuple(s for s in signals if s.kind is SignalKind.LAG and s.department == department.code)
        result.append(
            Recommendation(
                RecommendationKind.IMPROVE,
                department.code,
                year,
                (),
                None,
                texts.improve(catalog, department.code, [r.description for r in reports], len(lagging)),
                signals=lagging,
                evidence=tuple(
                    Evidence(
                        Mark.ISSUE_REPORTED,
                        f"{r.reported_at.year:04d}-{r.reported_at.month:02d}",
                        item=r.description,
                        department=r.department,
                        issue_report_id=r.id,
                    )
                    for r in reports
                ),
            )
        )
    return result
