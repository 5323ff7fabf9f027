"""越位: only work staff confirmed out of scope counts, and only when it recurs across periods; retired work
(a cancelled duty still performed) is grouped by its duty, other work by its wording."""

from __future__ import annotations

from datetime import date

from fm_domain.monitoring import Evidence, Judged, Mark, Pattern, Severity, SignalKind, overreach
from fm_domain.records import FindingKind, FindingStatus
from fm_domain.verdicts import Verdict
from tests.domain.year_kit import CATALOG, NOW, check, finding, report

OUT = Verdict.OUT_OF_SCOPE
CONFIRMED, OPEN, DISMISSED = FindingStatus.CONFIRMED, FindingStatus.OPEN, FindingStatus.DISMISSED


def out_of_scope_months(texts_by_month: dict[str, str], status: FindingStatus) -> tuple[list, list]:
    reports, findings = [], []
    for n, (period, text) in enumerate(texts_by_month.items(), start=1):
        submitted = report(n, "jiaoyu", period, [check("校园安全检查", "jiaoyu.3"), check(text, None, OUT)])
        reports.append(submitted)
        findings.append(finding(10 + n, submitted, text, FindingKind.OUT_OF_SCOPE, status))
    return reports, findings


def test_confirmed_out_of_scope_work_recorded_in_two_periods_is_overreach_with_both_findings() -> None:
    reports, findings = out_of_scope_months(
        {"2026-03": "开展青少年航模赛事", "2026-07": "举办青少年航模比赛"}, CONFIRMED
    )
    [signal] = overreach(CATALOG, reports, findings, NOW)
    assert (signal.kind, signal.pattern, signal.department, signal.duties) == (
        SignalKind.OVERREACH,
        Pattern.OUT_OF_SCOPE,
        "jiaoyu",
        (),
    )
    assert signal.evidence == (
        Evidence(Mark.CONFIRMED, "2026-03", 1, "开展青少年航模赛事", 11),
        Evidence(Mark.CONFIRMED, "2026-07", 2, "举办青少年航模比赛", 12),
    )
    assert (signal.start, signal.end, signal.severity) == (
        date(2026, 1, 5),
        date(2027, 1, 5),
        Severity.WARNING,
    )


def test_out_of_scope_items_staff_have_not_confirmed_are_not_overreach() -> None:
    months = {
        "2026-03": "开展青少年航模赛事",
        "2026-05": "开展青少年航模赛事",
        "2026-07": "开展青少年航模赛事",
    }
    for status in (OPEN, DISMISSED):
        reports, findings = out_of_scope_months(months, status)
        assert overreach(CATALOG, reports, findings, NOW) == []


def test_confirmed_work_in_one_period_is_a_single_event_not_overreach() -> None:
    reports, findings = out_of_scope_months({"2026-03": "开展青少年航模赛事"}, CONFIRMED)
    assert overreach(CATALOG, reports, findings, NOW) == []


def test_different_work_in_two_periods_does_not_add_up() -> None:
    reports, findings = out_of_scope_months(
        {"2026-03": "开展青少年航模赛事", "2026-07": "组织农产品展销会"}, CONFIRMED
    )
    assert overreach(CATALOG, reports, findings, NOW) == []


def test_work_confirmed_before_the_monitoring_year_is_not_counted() -> None:
    reports, findings = out_of_scope_months(
        {"2025-03": "开展青少年航模赛事", "2025-07": "开展青少年航模赛事"}, CONFIRMED
    )
    assert overreach(CATALOG, reports, findings, NOW) == []


def test_confirmed_work_on_a_cancelled_duty_in_two_periods_is_retired_overreach_of_that_duty() -> None:
    reports, findings = [], []
    for n, (period, text) in enumerate(
        (("2026-02", "审核中小学教辅征订目录"), ("2026-09", "开展秋季教辅材料评议")), 1
    ):
        submitted = report(n, "jiaoyu", period, [check(text, "jiaoyu.4", Verdict.RETIRED)])
        reports.append(submitted)
        findings.append(finding(n, submitted, text, FindingKind.RETIRED, CONFIRMED))
    [signal] = overreach(CATALOG, reports, findings, NOW)
    assert (signal.pattern, signal.duties, signal.periods) == (
        Pattern.RETIRED,
        ("jiaoyu.4",),
        ("2026-02", "2026-09"),
    )


def test_work_recurring_in_four_periods_is_serious() -> None:
    months = {f"2026-0{m}": "开展青少年航模赛事" for m in (2, 4, 6, 8)}
    reports, findings = out_of_scope_months(months, CONFIRMED)
    [signal] = overreach(CATALOG, reports, findings, NOW)
    assert signal.severity is Severity.SERIOUS


def test_work_staff_judged_out_of_scope_counts_whatever_the_review_said_and_internal_work_does_not() -> None:
    reports, findings = [], []
    for n, period in enumerate(("2026-03", "2026-07"), start=1):
        item = "推进普惠托育服务体系建设"
        submitted = report(n, "jiaoyu", period, [check(item, "jiaoyu.2", Verdict.IN_SCOPE, low=True)])
        reports.append(submitted)
        findings.append(finding(n, submitted, item, FindingKind.IN_SCOPE, DISMISSED))
    judged_out = {1: Judged(OUT, None), 2: Judged(OUT, None)}
    [signal] = overreach(CATALOG, reports, findings, NOW, judged=judged_out)
    assert (signal.pattern, [e.finding_id for e in signal.evidence]) == (Pattern.OUT_OF_SCOPE, [1, 2])
    internal = {1: Judged(OUT, None, internal=True), 2: Judged(OUT, None, internal=True)}
    assert overreach(CATALOG, reports, findings, NOW, judged=internal) == []


def test_work_reworded_but_named_by_a_term_the_three_settings_never_use_is_the_same_work() -> None:
    # 托育 appears in none of jiaoyu's duties: the two items are the same new work, however reworded
    months = {"2026-03": "推进普惠托育服务体系建设", "2026-07": "开展托育机构备案登记"}
    reports, findings = out_of_scope_months(months, CONFIRMED)
    [signal] = overreach(CATALOG, reports, findings, NOW)
    assert [e.item for e in signal.evidence] == list(months.values())
    # 学校 is the 三定's own word (duty 3): sharing it does not make two works one
    months = {"2026-03": "开展学校食堂原材料集中采购", "2026-07": "承办学校周边商业网点招商"}
    reports, findings = out_of_scope_months(months, CONFIRMED)
    assert overreach(CATALOG, reports, findings, NOW) == []
