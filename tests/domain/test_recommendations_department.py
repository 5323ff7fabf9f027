"""Recommendations about a department as a whole: 改进 when its 问题报告 keep raising difficulties (its lags
cited beside them), 机构编制 when its items per post stand out from the other departments' median."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from fm_domain.calendar import WorkingCalendar
from fm_domain.monitoring import Mark, Records, monitor
from fm_domain.recommendations import RecommendationKind, Workload, recommend_year, workloads
from tests.domain.year_kit import CATALOG, JIAOYU_MONTH, NOW, at, ids, ordinary_year

CALENDAR = WorkingCalendar.standard()
ALL_DUTIES = (
    *JIAOYU_MONTH,
    ("推广普通话", "jiaoyu.6"),
    ("推广普通话", "jiaoyu.6"),
    ("推广普通话", "jiaoyu.6"),
)


@dataclass(frozen=True)
class IssueReport:
    id: int
    department: str
    kind: str
    description: str
    reported_at: datetime


def recommendations(submissions: list, issue_reports: list = ()) -> list:  # type: ignore[assignment]
    records = Records(CATALOG, tuple(submissions))
    return recommend_year(records, monitor(records, NOW, CALENDAR), 2026, issue_reports=issue_reports)


def test_repeated_reports_of_difficulty_call_for_improving_the_manner_of_performance() -> None:
    reports = [
        IssueReport(1, "sifa", "difficulty", "法律援助申请材料要求过多，群众多次往返", at(date(2026, 4, 2))),
        IssueReport(2, "sifa", "difficulty", "值班律师排班不足，窗口等候时间长", at(date(2026, 9, 8))),
        IssueReport(3, "sifa", "overlap", "与信访局在涉法涉诉信访上职责交叉", at(date(2026, 10, 8))),
    ]
    [improve] = recommendations(ordinary_year(jiaoyu=ALL_DUTIES[:5]), reports)
    assert ids([improve]) == [("improve", "sifa", ())]
    assert [(e.mark, e.issue_report_id, e.period) for e in improve.evidence] == [
        (Mark.ISSUE_REPORTED, 1, "2026-04"),
        (Mark.ISSUE_REPORTED, 2, "2026-09"),
    ]
    assert "年内2次报告履职方面的问题" in improve.rationale and "改进履职方式方法" in improve.rationale


def test_a_single_report_of_difficulty_is_a_case_not_a_pattern() -> None:
    reports = [IssueReport(1, "sifa", "difficulty", "法律援助申请材料要求过多", at(date(2026, 4, 2)))]
    assert recommendations(ordinary_year(jiaoyu=ALL_DUTIES[:5]), reports) == []


def test_workload_is_the_years_plan_items_per_administrative_post() -> None:
    loads = workloads(CATALOG, ordinary_year(jiaoyu=ALL_DUTIES[:5]), 2026)
    assert loads == [
        Workload("jiaoyu", 40, 7, 60),
        Workload("chengguan", 40, 3, 48),
        Workload("sifa", 40, 2, 48),
    ]
    assert loads[0].per_post == 1.5


def test_a_department_with_twice_the_items_per_post_of_the_others_is_a_staffing_question() -> None:
    heavy = ordinary_year(jiaoyu=ALL_DUTIES + ALL_DUTIES[:1])  # eight items a month, the others four
    [staffing] = recommendations(heavy)
    assert (staffing.kind, staffing.department, staffing.category) == (
        RecommendationKind.STAFFING,
        "jiaoyu",
        None,
    )
    assert (
        "按每名行政编制计为2.4项" in staffing.rationale and "中位数为1.2项，约为其2.0倍" in staffing.rationale
    )
    assert "约需增加40名" in staffing.rationale


def test_a_department_within_half_again_of_the_others_raises_no_staffing_question() -> None:
    assert recommendations(ordinary_year(jiaoyu=ALL_DUTIES[:5])) == []  # five items a month against four
