"""Recommendations from confirmed work outside the 三定, recurring: 明确 a new function (a draft duty with its
class, and what it means for posts), 纠正 work on a duty the department no longer holds."""

from __future__ import annotations

from fm_domain.calendar import WorkingCalendar
from fm_domain.models import DutyCategory
from fm_domain.monitoring import Records, SignalKind, monitor
from fm_domain.recommendations import NewDuty, recommend_year
from fm_domain.records import FindingKind, FindingStatus
from fm_domain.verdicts import Verdict
from tests.domain.year_kit import (
    CATALOG,
    JIAOYU_MONTH,
    NOW,
    check,
    finding,
    ids,
    months,
    ordinary_year,
    report,
)

CALENDAR = WorkingCalendar.standard()
ALL_DUTIES = (*JIAOYU_MONTH, ("推广普通话", "jiaoyu.6"))  # jiaoyu performs every duty: no gap to speak of


def year_with(
    item: str, verdict: Verdict, duty: str | None, periods: list[str], status: FindingStatus
) -> list:
    """jiaoyu's ordinary year, with ``item`` added to the arrangements of ``periods`` and its finding
    decided as ``status``; returns the recommendations."""
    submissions = ordinary_year(jiaoyu=ALL_DUTIES)
    findings = []
    for n, period in enumerate(periods, start=1):
        own = [check(text, duty_id) for text, duty_id in ALL_DUTIES]
        done = report(600 + n, "jiaoyu", period, [*own, check(item, duty, verdict)], version=2)
        submissions.append(done)
        findings.append(finding(n, done, item, FindingKind(verdict.value), status))
    records = Records(CATALOG, tuple(submissions), tuple(findings))
    return recommend_year(records, monitor(records, NOW, CALENDAR), 2026)


def test_confirmed_out_of_scope_work_that_recurs_is_to_be_clarified_as_a_new_duty_with_its_class() -> None:
    clarify, staffing = year_with(
        "开展青少年航模赛事", Verdict.OUT_OF_SCOPE, None, months(2026, 3, 8), FindingStatus.CONFIRMED
    )
    assert ids([clarify, staffing]) == [("clarify", "jiaoyu", ()), ("staffing", "jiaoyu", ())]
    assert clarify.changes == (
        NewDuty("jiaoyu", "承担开展青少年航模赛事相关工作。", DutyCategory.IMPLEMENTATION),
    )
    assert clarify.category is DutyCategory.IMPLEMENTATION
    assert [(s.kind, len(s.evidence)) for s in clarify.signals] == [(SignalKind.OVERREACH, 6)]
    assert "6个报送期" in clarify.rationale and "组织实施类" in clarify.rationale
    # six items in a year, at 1.65 items per post a year (12 × 5 + 6 items, 40 posts): 3.6 posts' work
    assert "年内报送事项6项" in staffing.rationale and "约需3.6名编制" in staffing.rationale


def test_out_of_scope_work_staff_did_not_confirm_makes_no_new_function() -> None:
    for status in (FindingStatus.OPEN, FindingStatus.DISMISSED):
        assert year_with("开展青少年航模赛事", Verdict.OUT_OF_SCOPE, None, months(2026, 3, 8), status) == []


def test_confirmed_work_on_a_cancelled_duty_that_recurs_is_to_be_corrected_without_changing_the_catalog() -> (
    None
):
    [correct] = year_with(
        "审核中小学教辅征订目录", Verdict.RETIRED, "jiaoyu.4", ["2026-02", "2026-09"], FindingStatus.CONFIRMED
    )
    assert ids([correct]) == [("correct", "jiaoyu", ("jiaoyu.4",))]
    assert not correct.adoptable and correct.category is DutyCategory.IMPLEMENTATION
    assert "仍在承担已取消的教育局第4项职责" in correct.rationale and "擅自扩大" in correct.rationale
