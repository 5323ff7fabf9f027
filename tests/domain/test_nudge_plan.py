"""The nudge planner, one behaviour at a time.

December 2026: the monthly arrangement is due on its 5th working day, Monday 12-07 (Dec 1 is a Tuesday), so
before_3 falls on Wednesday 12-02 and before_1 on Friday 12-04.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, time, timedelta, timezone

import pytest

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import ReportingTask, TaskKind, inquiry_task, parse_due_rule
from fm_domain.nudges import Nudge, NudgeSettings, OverdueItem, plan_nudges
from tests.standing_tasks import standing_tasks

ANNUAL, MONTHLY, HALF_YEAR = standing_tasks(["A", "B"])
LIAISONS = {"A": ["a1", "a2"], "B": ["b1"]}
STAFF = ["s1"]
# The months before December are in, so that only December's arrangement is chased unless a test says so.
EARLIER = frozenset(
    ("monthly_arrangement", f"2026-{month:02d}", department) for month in range(1, 12) for department in "AB"
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def plan(
    now: str,
    *,
    tasks: Sequence[ReportingTask] = (MONTHLY,),
    submitted: Collection[tuple[str, str, str]] = EARLIER,
    liaisons: dict[str, list[str]] | None = None,
    settings: NudgeSettings | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[Nudge]:
    return plan_nudges(
        at(now),
        tasks=tasks,
        submitted=submitted,
        liaisons=LIAISONS if liaisons is None else liaisons,
        staff=STAFF,
        calendar=calendar or WorkingCalendar(),
        settings=settings,
    )


def summary(nudges: list[Nudge]) -> list[tuple[str, str, str | None, str | None, date | None]]:
    """(kind, user, department, period, deadline), sorted."""
    return sorted((n.kind, n.user, n.department, n.period, n.deadline) for n in nudges)


DEC_7 = date(2026, 12, 7)


# -- when ----------------------------------------------------------------------------------------------


def test_each_liaison_of_an_owing_department_gets_before_3_three_working_days_ahead() -> None:
    assert summary(plan("2026-12-02T09:00")) == [
        ("before_3", "a1", "A", "2026-12", DEC_7),
        ("before_3", "a2", "A", "2026-12", DEC_7),
        ("before_3", "b1", "B", "2026-12", DEC_7),
    ]


def test_before_1_comes_on_the_working_day_before_the_deadline() -> None:
    assert {n.kind for n in plan("2026-12-04T09:00")} == {"before_1"}


def test_the_due_nudge_comes_on_the_deadline() -> None:
    assert {(n.kind, n.deadline) for n in plan("2026-12-07T09:00")} == {("due", DEC_7)}


def test_a_nudge_names_the_task_period_deadline_and_department() -> None:
    nudge = next(n for n in plan("2026-12-07T09:00") if n.user == "b1")
    assert (nudge.task, nudge.period, nudge.deadline, nudge.department, nudge.day) == (
        "monthly_arrangement",
        "2026-12",
        DEC_7,
        "B",
        DEC_7,
    )


def test_days_without_a_reminder_plan_nothing() -> None:
    assert plan("2026-12-01T09:00") == []
    assert plan("2026-12-03T09:00") == []


def test_nothing_is_planned_before_the_send_time() -> None:
    assert plan("2026-12-02T08:59") == []


def test_nothing_is_planned_after_the_window_closes() -> None:
    assert plan("2026-12-02T18:00:59") == []
    assert plan("2026-12-02T22:00") == []


def test_a_sweep_that_missed_nine_still_plans_the_same_nudges_later_that_day() -> None:
    late = plan("2026-12-02T15:37")
    assert [n.key for n in late] == [n.key for n in plan("2026-12-02T09:00")]
    assert len(late) == 3


def test_a_custom_send_time_holds_the_nudges_until_then() -> None:
    settings = NudgeSettings(send_time=time(10, 30))
    assert plan("2026-12-02T10:29", settings=settings) == []
    assert len(plan("2026-12-02T10:30", settings=settings)) == 3


def test_nothing_is_planned_on_a_weekend() -> None:
    assert plan("2026-12-05T09:00") == []  # Saturday, while A and B are not late yet
    assert plan("2026-12-12T09:00") == []  # Saturday, while A and B are overdue


def test_nothing_is_planned_on_a_holiday_even_when_departments_are_overdue() -> None:
    assert plan("2026-10-05T10:00") == []  # 国庆; September's arrangement is overdue


# -- reminders around holidays -------------------------------------------------------------------------


def test_reminders_count_working_days_back_from_a_deadline_moved_by_national_day() -> None:
    inquiry = inquiry_task("inquiry-7", "函询", "B", date(2026, 10, 3))  # moves to 10-08
    days = {}
    day = date(2026, 9, 21)
    while day <= date(2026, 10, 9):
        for nudge in plan(f"{day}T09:00", tasks=[inquiry]):
            if nudge.kind != "digest":
                days[nudge.kind] = day
        day += timedelta(days=1)
    assert days == {
        "before_3": date(2026, 9, 28),
        "before_1": date(2026, 9, 30),
        "due": date(2026, 10, 8),
        "overdue": date(2026, 10, 9),
    }


# -- overdue -------------------------------------------------------------------------------------------


def test_an_overdue_notice_goes_out_on_each_working_day_after_the_deadline() -> None:
    for day in ("2026-12-08", "2026-12-09", "2026-12-14"):
        assert {(n.kind, n.day) for n in plan(f"{day}T09:00")} >= {("overdue", date.fromisoformat(day))}


def test_overdue_notices_stop_when_the_next_periods_deadline_arrives() -> None:
    # September's arrangement was due 09-07; October's is due 10-13 (after 国庆 and a working Saturday).
    submitted = {("monthly_arrangement", "2026-10", "A"), ("monthly_arrangement", "2026-10", "B")}
    settings = NudgeSettings(digest=False)
    assert {n.period for n in plan("2026-10-12T09:00", submitted=submitted, settings=settings)} == {"2026-09"}
    assert plan("2026-10-13T09:00", submitted=submitted, settings=settings) == []


def test_the_overdue_limit_caps_the_notices_per_period() -> None:
    settings = NudgeSettings(overdue_limit=2, digest=False)
    assert {n.kind for n in plan("2026-12-09T09:00", settings=settings)} == {"overdue"}  # 2nd day late
    assert plan("2026-12-10T09:00", settings=settings) == []  # 3rd day late


def test_overdue_notices_for_a_one_off_task_go_on_until_it_is_submitted() -> None:
    inquiry = inquiry_task("inquiry-7", "函询", "B", date(2026, 10, 3))
    assert {n.kind for n in plan("2026-12-30T09:00", tasks=[inquiry])} == {"overdue", "digest"}


# -- submissions ---------------------------------------------------------------------------------------


def test_a_submission_stops_the_nudges_for_that_department_only() -> None:
    submitted = EARLIER | {("monthly_arrangement", "2026-12", "A")}
    assert {n.department for n in plan("2026-12-02T09:00", submitted=submitted)} == {"B"}
    assert {n.department for n in plan("2026-12-08T09:00", submitted=submitted)} == {"B", None}


def test_a_submission_for_last_month_does_not_stop_this_months_nudges() -> None:
    assert ("monthly_arrangement", "2026-11", "A") in EARLIER
    assert {n.department for n in plan("2026-12-02T09:00")} == {"A", "B"}


def test_a_task_activated_after_a_deadline_does_not_chase_that_period() -> None:
    created = ReportingTask(
        "monthly_arrangement",
        "月度工作安排",
        TaskKind.MONTHLY_ARRANGEMENT,
        parse_due_rule("monthly wd5"),
        ("A", "B"),
        active_from=date(2026, 12, 9),
    )
    assert plan("2026-12-10T09:00", tasks=[created]) == []


# -- the staff digest ----------------------------------------------------------------------------------


def test_the_digest_tells_staff_who_is_late_and_by_how_many_working_days() -> None:
    submitted = EARLIER | {("monthly_arrangement", "2026-12", "A")}
    digest = next(n for n in plan("2026-12-09T09:00", submitted=submitted) if n.kind == "digest")
    assert (digest.user, digest.day, digest.task, digest.department) == ("s1", date(2026, 12, 9), None, None)
    assert digest.overdue == (OverdueItem("monthly_arrangement", "2026-12", DEC_7, "B", 2),)


def test_the_digest_lists_a_late_department_that_has_no_liaison() -> None:
    nudges = plan("2026-12-08T09:00", liaisons={"A": ["a1"]})
    digest = next(n for n in nudges if n.kind == "digest")
    assert [item.department for item in digest.overdue] == ["A", "B"]
    assert {n.user for n in nudges if n.kind == "overdue"} == {"a1"}


def test_there_is_no_digest_when_nobody_is_late() -> None:
    assert all(n.kind != "digest" for n in plan("2026-12-07T09:00"))


def test_a_later_digest_time_holds_only_the_digest() -> None:
    settings = NudgeSettings(digest_time=time(17, 0))
    assert {n.kind for n in plan("2026-12-08T09:00", settings=settings)} == {"overdue"}
    assert {n.kind for n in plan("2026-12-08T17:00", settings=settings)} == {"overdue", "digest"}


def test_an_earlier_digest_time_sends_the_digest_before_the_nudges() -> None:
    settings = NudgeSettings(digest_time=time(8, 30))
    assert {n.kind for n in plan("2026-12-08T08:45", settings=settings)} == {"digest"}


# -- keys ----------------------------------------------------------------------------------------------


def test_keys_are_unique_within_a_plan() -> None:
    nudges = plan("2026-12-08T09:00", tasks=(ANNUAL, MONTHLY, HALF_YEAR))
    assert len({n.key for n in nudges}) == len(nudges)


def test_an_overdue_key_changes_with_the_day_and_a_reminder_key_does_not_change_with_the_minute() -> None:
    first = {n.key for n in plan("2026-12-08T09:00") if n.kind == "overdue"}
    second = {n.key for n in plan("2026-12-09T09:00") if n.kind == "overdue"}
    assert first.isdisjoint(second)
    assert {n.key for n in plan("2026-12-02T09:00")} == {n.key for n in plan("2026-12-02T17:59")}


def test_a_liaison_of_two_departments_gets_a_nudge_for_each() -> None:
    nudges = plan("2026-12-02T09:00", liaisons={"A": ["x"], "B": ["x"]})
    assert len(nudges) == 2
    assert len({n.key for n in nudges}) == 2


# -- the calendar's missing years ----------------------------------------------------------------------


def test_a_june_sweep_does_not_look_up_next_year() -> None:
    calendar = WorkingCalendar()
    for hour in (9, 12, 17):
        plan(f"2026-06-01T{hour:02d}:00", tasks=(ANNUAL, MONTHLY, HALF_YEAR), calendar=calendar)
    assert calendar.years_without_data == frozenset()


def test_a_december_sweep_finds_that_next_year_lacks_holiday_data() -> None:
    calendar = WorkingCalendar()
    plan("2026-12-14T09:00", tasks=(ANNUAL, MONTHLY, HALF_YEAR), calendar=calendar)
    assert calendar.years_without_data == frozenset({2027})


# -- bad input -----------------------------------------------------------------------------------------


def test_a_moment_with_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="本地时间"):
        plan_nudges(
            datetime(2026, 12, 2, 9, 0, tzinfo=timezone(timedelta(hours=8))),
            tasks=[MONTHLY],
            submitted=(),
            liaisons=LIAISONS,
            staff=STAFF,
            calendar=WorkingCalendar(),
        )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"window_start": time(18, 0), "window_end": time(8, 30)}, "应早于结束"),
        ({"send_time": time(7, 0)}, "发送时间 07:00 应在催办时段 08:30–18:00 内"),
        ({"digest_time": time(19, 0)}, "汇总发送时间 19:00"),
        ({"before": (3, 3)}, "互不相同的正整数"),
        ({"before": (0,)}, "互不相同的正整数"),
        ({"overdue_limit": -1}, "不能为负数"),
    ],
)
def test_unusable_settings_are_refused_in_chinese(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        NudgeSettings(**settings)  # type: ignore[arg-type]
