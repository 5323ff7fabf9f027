"""交叉: the same pair of departments on the same duty again and again, or each doing the work under its own
duty against the other's; a single overlap (the review's business) is no pattern, nor one staff dismissed."""

from __future__ import annotations

from fm_domain.monitoring import Evidence, Judged, Mark, Pattern, SignalKind, overlap_signals
from fm_domain.records import FindingKind, FindingStatus
from fm_domain.verdicts import Verdict
from tests.domain.year_kit import NOW, check, finding, report

OVERLAP = Verdict.OVERLAP


def jiaoyu_on_stalls(periods: list[str], start_id: int = 1) -> list:
    """jiaoyu's arrangements each listing one item on chengguan's duty 2 (street stalls), its own duty 3
    (school safety) also fitting."""
    return [
        report(
            n, "jiaoyu", period, [check("整治校园周边流动摊点", "chengguan.2", OVERLAP)], own={0: "jiaoyu.3"}
        )
        for n, period in enumerate(periods, start=start_id)
    ]


def test_the_same_pair_on_the_same_duty_in_three_periods_is_a_recurring_overlap() -> None:
    reports = jiaoyu_on_stalls(["2026-03", "2026-05", "2026-09"])
    [signal] = overlap_signals(reports, [], NOW)
    assert (signal.kind, signal.pattern, signal.department, signal.other_department, signal.duties) == (
        SignalKind.OVERLAP,
        Pattern.RECURRING,
        "jiaoyu",
        "chengguan",
        ("chengguan.2", "jiaoyu.3"),
    )
    assert signal.evidence[0] == Evidence(
        Mark.OVERLAPPING, "2026-03", 1, "整治校园周边流动摊点", None, department="jiaoyu"
    )
    assert signal.periods == ("2026-03", "2026-05", "2026-09")


def test_a_single_overlap_is_not_recurring_nor_are_two() -> None:
    assert overlap_signals(jiaoyu_on_stalls(["2026-03"]), [], NOW) == []
    assert overlap_signals(jiaoyu_on_stalls(["2026-03", "2026-05"]), [], NOW) == []


def test_overlaps_staff_dismissed_do_not_count() -> None:
    reports = jiaoyu_on_stalls(["2026-03", "2026-05", "2026-09"])
    dismissed = finding(1, reports[0], "整治校园周边流动摊点", FindingKind.OVERLAP, FindingStatus.DISMISSED)
    assert overlap_signals(reports, [dismissed], NOW) == []


def test_overlaps_on_different_duties_of_the_pair_are_not_the_same_overlap() -> None:
    reports = jiaoyu_on_stalls(["2026-03", "2026-05"])
    reports.append(report(9, "jiaoyu", "2026-09", [check("校园周边市容整治", "chengguan.1", OVERLAP)]))
    assert overlap_signals(reports, [], NOW) == []


def test_each_department_doing_the_work_under_its_own_duty_against_the_others_is_both_claiming() -> None:
    reports = jiaoyu_on_stalls(["2026-03"])
    reports.append(
        report(
            20,
            "chengguan",
            "2026-06",
            [check("开展校园周边安全秩序整治", "jiaoyu.3", OVERLAP)],
            own={0: "chengguan.2"},
        )
    )
    [signal] = overlap_signals(reports, [], NOW)
    assert (signal.pattern, signal.department, signal.other_department, signal.duties) == (
        Pattern.BOTH_CLAIM,
        "chengguan",
        "jiaoyu",
        ("chengguan.2", "jiaoyu.3"),
    )
    assert [(e.department, e.period) for e in signal.evidence] == [
        ("jiaoyu", "2026-03"),
        ("chengguan", "2026-06"),
    ]


def test_work_wholly_the_others_is_no_claim() -> None:
    reports = jiaoyu_on_stalls(["2026-03"])
    # chengguan's item is placed on jiaoyu's duty only: chengguan does not claim it as its own
    reports.append(
        report(20, "chengguan", "2026-06", [check("开展校园周边安全秩序整治", "jiaoyu.3", OVERLAP)])
    )
    assert overlap_signals(reports, [], NOW) == []


def test_items_staff_judged_to_be_on_the_others_duty_are_overlaps_and_those_judged_otherwise_are_not() -> (
    None
):
    reports = [
        report(n, "jiaoyu", period, [check("整治校园周边流动摊点", "jiaoyu.3", low=True)])
        for n, period in enumerate(["2026-03", "2026-05", "2026-09"], start=1)
    ]
    findings = [
        finding(r.id, r, "整治校园周边流动摊点", FindingKind.IN_SCOPE, FindingStatus.DISMISSED)
        for r in reports
    ]
    on_stalls = {r.id: Judged(OVERLAP, "chengguan.2") for r in reports}
    [signal] = overlap_signals(reports, findings, NOW, judged=on_stalls)
    assert (signal.pattern, signal.duties, [e.finding_id for e in signal.evidence]) == (
        Pattern.RECURRING,
        ("chengguan.2", "jiaoyu.3"),
        [1, 2, 3],
    )
    overlapping = jiaoyu_on_stalls(["2026-03", "2026-05", "2026-09"])
    on_own = [
        finding(r.id, r, "整治校园周边流动摊点", FindingKind.OVERLAP, FindingStatus.DISMISSED)
        for r in overlapping
    ]
    in_scope = {r.id: Judged(Verdict.IN_SCOPE, "jiaoyu.3") for r in overlapping}
    assert overlap_signals(overlapping, on_own, NOW, judged=in_scope) == []
