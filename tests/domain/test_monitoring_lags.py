"""滞后: a monthly item reported 延期 in consecutive reports (reworded as it is carried), one still 推进中
report after report, and annual goals 未启动 at mid-year; one delay or one 推进中 is no pattern."""

from __future__ import annotations

from fm_domain.monitoring import Evidence, Mark, Pattern, Severity, SignalKind, lags
from tests.domain.year_kit import ANNUAL, HALF_YEAR, NOW, check, progress, report

PLAYGROUND = "完成城区三所学校操场改造"


def monthly(n: int, period: str, previous: str, items: list, entries: list) -> object:
    return report(n, "jiaoyu", period, items, details={"previous_period": previous, "progress": entries})


def test_an_item_delayed_in_two_consecutive_reports_is_a_delayed_lag_with_its_reasons() -> None:
    reports = [
        monthly(1, "2026-03", "2026-02", [check(PLAYGROUND, "jiaoyu.2")], []),
        monthly(
            2,
            "2026-04",
            "2026-03",
            [check("城区三所学校操场改造（续）", "jiaoyu.2")],
            progress((PLAYGROUND, "delayed", "招标流标")),
        ),
        monthly(3, "2026-05", "2026-04", [], progress(("城区三所学校操场改造（续）", "delayed", "雨季停工"))),
    ]
    [signal] = lags(reports, NOW)
    assert (signal.kind, signal.pattern, signal.department, signal.duties, signal.severity) == (
        SignalKind.LAG,
        Pattern.DELAYED,
        "jiaoyu",
        ("jiaoyu.2",),
        Severity.WARNING,
    )
    assert signal.evidence == (
        Evidence(Mark.DELAYED, "2026-04", 2, PLAYGROUND, reason="招标流标"),
        Evidence(Mark.DELAYED, "2026-05", 3, "城区三所学校操场改造（续）", reason="雨季停工"),
    )


def test_one_delay_then_done_is_no_lag() -> None:
    reports = [
        monthly(
            2,
            "2026-04",
            "2026-03",
            [check(PLAYGROUND, "jiaoyu.2")],
            progress((PLAYGROUND, "delayed", "招标流标")),
        ),
        monthly(3, "2026-05", "2026-04", [], progress((PLAYGROUND, "done", ""))),
    ]
    assert lags(reports, NOW) == []


def test_different_items_each_delayed_once_do_not_make_a_chain() -> None:
    reports = [
        monthly(2, "2026-04", "2026-03", [], progress((PLAYGROUND, "delayed", "招标流标"))),
        monthly(3, "2026-05", "2026-04", [], progress(("举办全市中小学生运动会", "delayed", "天气原因"))),
    ]
    assert lags(reports, NOW) == []


def test_a_month_without_a_report_breaks_the_chain() -> None:
    reports = [
        monthly(2, "2026-04", "2026-03", [], progress((PLAYGROUND, "delayed", "招标流标"))),
        monthly(3, "2026-06", "2026-05", [], progress((PLAYGROUND, "delayed", "雨季停工"))),
    ]
    assert lags(reports, NOW) == []


def test_an_item_still_ongoing_in_three_consecutive_reports_is_an_ongoing_lag_and_in_two_is_not() -> None:
    entries = progress((PLAYGROUND, "ongoing", ""))
    reports = [monthly(n, f"2026-0{n}", f"2026-0{n - 1}", [], entries) for n in (4, 5, 6)]
    [signal] = lags(reports, NOW)
    assert (signal.pattern, signal.severity, signal.periods) == (
        Pattern.ONGOING,
        Severity.NOTICE,
        ("2026-04", "2026-05", "2026-06"),
    )
    assert lags(reports[:2], NOW) == []


def test_annual_goals_not_started_at_mid_year_are_a_lag_naming_their_duties() -> None:
    goals = [
        check("修订学前教育三年行动计划", "jiaoyu.2"),
        check("开展校园安全大排查", "jiaoyu.3"),
        check("推广普通话", "jiaoyu.6"),
    ]
    annual = report(1, "jiaoyu", "2026", goals, kind=ANNUAL)
    summary = report(
        2,
        "jiaoyu",
        "2026H1",
        [],
        kind=HALF_YEAR,
        details={
            "year": "2026",
            "goals": progress(
                ("修订学前教育三年行动计划", "not_started", "等待省级方案"),
                ("开展校园安全大排查", "done", ""),
                ("推广普通话", "not_started", "人员不足"),
            ),
        },
    )
    [signal] = lags([annual, summary], NOW)
    assert (signal.pattern, signal.duties, signal.severity) == (
        Pattern.NOT_STARTED,
        ("jiaoyu.2", "jiaoyu.6"),
        Severity.WARNING,
    )
    assert [(e.mark, e.item, e.reason) for e in signal.evidence] == [
        (Mark.NOT_STARTED, "修订学前教育三年行动计划", "等待省级方案"),
        (Mark.NOT_STARTED, "推广普通话", "人员不足"),
    ]


def test_a_summary_with_every_goal_under_way_is_no_lag() -> None:
    summary = report(
        2,
        "jiaoyu",
        "2026H1",
        [],
        kind=HALF_YEAR,
        details={"year": "2026", "goals": progress(("推广普通话", "ongoing", ""))},
    )
    assert lags([summary], NOW) == []
