"""缺位: an active duty no report touched for its span, with the reports examined as evidence; never the
catch-all duty, a 阶段性 duty only after 36 months, nothing before the span has been observed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fm_domain.monitoring import (
    Evidence,
    Judged,
    Mark,
    MonitoringSettings,
    Pattern,
    Severity,
    SignalKind,
    gaps,
)
from fm_domain.records import FindingKind, FindingStatus, WorkReport, WorkReportKind
from fm_domain.verdicts import Verdict
from tests.domain.year_kit import CATALOG, JIAOYU_MONTH, NOW, at, check, finding, months, report


def year_of_reports(year: int = 2026, first: int = 1, start_id: int = 1) -> list:
    """jiaoyu and chengguan each report every month from ``first``; jiaoyu performs all but duty 6."""
    reports = []
    for n, period in enumerate(months(year, first), start=start_id):
        reports.append(report(n, "jiaoyu", period, [check(text, duty) for text, duty in JIAOYU_MONTH]))
        reports.append(
            report(
                100 + n,
                "chengguan",
                period,
                [check("市容整治", "chengguan.1"), check("占道经营整治", "chengguan.2")],
            )
        )
    return reports


def test_a_duty_no_report_touched_for_twelve_months_is_a_gap_with_every_report_examined() -> None:
    reports = year_of_reports()
    [signal] = gaps(CATALOG, reports, NOW)
    assert (signal.kind, signal.pattern, signal.department, signal.duties) == (
        SignalKind.GAP,
        Pattern.UNPERFORMED,
        "jiaoyu",
        ("jiaoyu.6",),
    )
    assert (signal.start, signal.end, signal.severity) == (
        date(2026, 1, 1),
        date(2027, 1, 5),
        Severity.WARNING,
    )
    assert signal.evidence == tuple(
        Evidence(Mark.EXAMINED, p, n) for n, p in enumerate(months(2026), start=1)
    )


def test_the_catch_all_duty_is_never_a_gap_however_long() -> None:
    reports = [r for year in (2026, 2027, 2028, 2029) for r in year_of_reports(year, start_id=year * 1000)]
    found = {duty for signal in gaps(CATALOG, reports, at(date(2030, 1, 5))) for duty in signal.duties}
    assert "jiaoyu.5" not in found and "chengguan.3" not in found
    assert "jiaoyu.6" in found  # the same years make an ordinary duty a gap


def test_a_periodic_duty_is_a_gap_only_after_thirty_six_months() -> None:
    reports = [r for year in (2026, 2027, 2028) for r in year_of_reports(year, start_id=year * 1000)]
    two_years = {d for s in gaps(CATALOG, reports, at(date(2028, 1, 5))) for d in s.duties}
    three_years = {d for s in gaps(CATALOG, reports, at(date(2029, 1, 5))) for d in s.duties}
    assert "jiaoyu.1" not in two_years
    assert "jiaoyu.1" in three_years


def test_the_span_is_configurable() -> None:
    reports = year_of_reports()
    six_months = MonitoringSettings(gap_months=6)
    found = gaps(CATALOG, reports, at(date(2026, 7, 5)), settings=six_months)
    assert [s.duties for s in found] == [("jiaoyu.6",)]
    assert gaps(CATALOG, reports, at(date(2026, 7, 5))) == []


def test_nothing_is_a_gap_before_the_span_has_been_observed() -> None:
    reports = year_of_reports(first=3)  # reporting began in March
    assert gaps(CATALOG, reports, NOW) == []


def test_a_cancelled_duty_nobody_performs_is_as_it_should_be() -> None:
    found = {d for s in gaps(CATALOG, year_of_reports(), NOW) for d in s.duties}
    assert "jiaoyu.4" not in found


def test_the_silence_runs_from_the_last_report_that_touched_the_duty() -> None:
    reports = year_of_reports()
    reports.append(report(50, "jiaoyu", "2026-01", [check("推广普通话", "jiaoyu.6")], version=2))
    reports += [
        report(60 + n, "jiaoyu", period, [check("校园安全检查", "jiaoyu.3")])
        for n, period in enumerate(months(2027, 1, 1))
    ]
    [signal] = gaps(CATALOG, reports, at(date(2027, 2, 5)))
    assert signal.start == date(2026, 2, 1)
    assert signal.evidence[0] == Evidence(Mark.LAST_PERFORMED, "2026-01", 50, item="推广普通话")
    assert [e.period for e in signal.evidence[1:]] == [*months(2026, 2), "2027-01"]


def test_a_duty_silent_for_twice_its_span_is_serious() -> None:
    reports = [r for year in (2026, 2027) for r in year_of_reports(year, start_id=year * 1000)]
    [signal] = gaps(CATALOG, reports, at(date(2028, 1, 5)))
    assert signal.severity is Severity.SERIOUS


def test_an_item_staff_judged_to_perform_the_duty_counts_and_a_dismissed_placement_does_not() -> None:
    reports = year_of_reports()
    judged_item = report(200, "jiaoyu", "2026-06", [check("开展经典诵读", "jiaoyu.2", low=True)], version=2)
    dismissed = finding(7, judged_item, "开展经典诵读", FindingKind.IN_SCOPE, FindingStatus.DISMISSED)
    replaced = [r for r in reports if (r.department, r.period) != ("jiaoyu", "2026-06")] + [judged_item]
    assert (
        gaps(CATALOG, replaced, NOW, findings=[dismissed], judged={7: Judged(Verdict.IN_SCOPE, "jiaoyu.6")})
        == []
    )
    # The same item placed on jiaoyu.6 by the review, but its finding dismissed without a judgement.
    wrong = report(200, "jiaoyu", "2026-06", [check("开展经典诵读", "jiaoyu.6", low=True)], version=2)
    replaced[-1] = wrong
    rejected = finding(8, wrong, "开展经典诵读", FindingKind.IN_SCOPE, FindingStatus.DISMISSED)
    assert [s.duties for s in gaps(CATALOG, replaced, NOW, findings=[rejected])] == [("jiaoyu.6",)]


def test_an_overlap_placed_on_the_departments_own_duty_performs_it() -> None:
    reports = year_of_reports()
    overlap = report(
        300,
        "jiaoyu",
        "2026-09",
        [check("校园周边规范经典诵读摊点", "chengguan.2", Verdict.OVERLAP)],
        own={0: "jiaoyu.6"},
        version=2,
    )
    assert gaps(CATALOG, [*reports, overlap], NOW) == []


def test_an_earlier_version_does_not_speak_for_its_series() -> None:
    reports = year_of_reports()
    older = report(400, "jiaoyu", "2026-05", [check("推广普通话", "jiaoyu.6")], version=1)
    newer = [
        replace(r, version=2) if (r.department, r.period) == ("jiaoyu", "2026-05") else r for r in reports
    ]
    assert [s.duties for s in gaps(CATALOG, [older, *newer], NOW)] == [("jiaoyu.6",)]


def _policy(id: int, duty: str, on: date, verdict: Verdict = Verdict.IN_SCOPE) -> WorkReport:
    return WorkReport(
        id=id,
        department="jiaoyu",
        kind=WorkReportKind.POLICY,
        title="印发《全市语言文字工作实施方案》",
        happened_on=on,
        description="",
        check=check("印发语言文字工作实施方案", duty, verdict),
        finding_id=None,
        receipt="",
        file_names=(),
        submitted_by=None,
        submitted_at=at(on),
    )


def test_a_duty_touched_only_by_a_policy_report_is_not_a_gap_and_that_report_is_its_evidence() -> None:
    reports = year_of_reports()
    policy = _policy(7, "jiaoyu.6", date(2026, 9, 20))
    assert gaps(CATALOG, reports, NOW, work_reports=[policy]) == []
    # A year after the policy, the duty is silent again: the policy is what it was last performed by.
    [signal] = gaps(
        CATALOG, year_of_reports(2027, start_id=500) + reports, at(date(2027, 9, 25)), work_reports=[policy]
    )
    assert signal.duties == ("jiaoyu.6",) and signal.start == date(2026, 9, 21)
    assert signal.evidence[0] == Evidence(Mark.LAST_PERFORMED, "2026-09", item=policy.title, work_report_id=7)


def test_a_policy_report_the_check_placed_outside_the_duties_does_not_perform_one() -> None:
    policy = _policy(8, "jiaoyu.6", date(2026, 9, 20), verdict=Verdict.OUT_OF_SCOPE)
    [signal] = gaps(CATALOG, year_of_reports(), NOW, work_reports=[policy])
    assert signal.duties == ("jiaoyu.6",)
