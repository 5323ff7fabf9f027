"""The year's recommendations for every department, from its signals and the confirmed records behind them.

Signals that make no recommendation by themselves: 滞后 (a lag is followed up by an inquiry or a visit; it
supports 改进 where the department also reports difficulties) and 不报 (reporting discipline belongs to the
annual assessment, not to the 三定).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from fm_domain.monitoring.monitor import Records
from fm_domain.monitoring.reports import decided_by_staff
from fm_domain.monitoring.settings import DEFAULT_SETTINGS, MonitoringSettings
from fm_domain.monitoring.signal import Signal
from fm_domain.recommendations.duties import duty_recommendations
from fm_domain.recommendations.evidence import IssueReportRecord
from fm_domain.recommendations.functions import function_recommendations
from fm_domain.recommendations.manner import manner_recommendations
from fm_domain.recommendations.recommendation import Recommendation, RecommendationKind
from fm_domain.recommendations.relations import relation_recommendations
from fm_domain.recommendations.settings import DEFAULT_RECOMMENDATION_SETTINGS, RecommendationSettings
from fm_domain.recommendations.staffing import staffing_recommendations, workloads

_KIND_ORDER = {kind: position for position, kind in enumerate(RecommendationKind)}


def recommend_year(
    records: Records,
    signals: Sequence[Signal],
    year: int,
    *,
    issue_reports: Iterable[IssueReportRecord] = (),
    settings: RecommendationSettings = DEFAULT_RECOMMENDATION_SETTINGS,
    monitoring: MonitoringSettings = DEFAULT_SETTINGS,
    verified_gaps: Collection[str] = (),
) -> list[Recommendation]:
    """Every department's recommendations for ``year``, by department in catalog order, then by kind.
    ``signals`` are the year's (monitoring.monitor at the year's end); a recommendation that concerns two
    departments (理顺, 转移) is made once, for the department whose records raised it. ``verified_gaps``:
    the duties whose 缺位 finding staff confirmed (a gap verified is 取消 without waiting a second span)."""
    catalog = records.catalog
    confirmed = decided_by_staff(records.findings, records.judged)
    duties = duty_recommendations(catalog, year, signals, confirmed, settings, monitoring, verified_gaps)
    made = [
        *duties.recommendations,
        *function_recommendations(catalog, year, signals),
        *relation_recommendations(catalog, year, signals, confirmed, monitoring, exclude=duties.transfers),
        *manner_recommendations(catalog, year, signals, issue_reports, settings),
    ]
    made += staffing_recommendations(
        catalog, year, workloads(catalog, records.submissions, year), made, settings
    )
    order = {department.code: position for position, department in enumerate(catalog)}
    return sorted(made, key=lambda r: (order.get(r.department, len(order)), _KIND_ORDER[r.kind]))


def for_department(recommendations: Iterable[Recommendation], department: str) -> list[Recommendation]:
    """Those that concern the department: made for it, or naming it as the other side."""
    return [r for r in recommendations if department in r.departments]
