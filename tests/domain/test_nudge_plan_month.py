"""A month of sweeps, one every minute, around 国庆 2026: every nudge arrives exactly once and nothing else.

The sweep stores what the planner returns in a set of keys, as the outbox's unique key will; the planner is
called at every minute of every day from 2026-09-20 to 2026-10-20, day and night, weekends and holidays.

The calendar (chinese_calendar 1.11): Sunday 09-20 is worked, 09-25..09-27 is 中秋, 10-01..10-07 is 国庆,
Saturday 10-10 is worked. Working days in the span: 09-20..24, 09-28..30, 10-08..10, 10-12..16, 10-19..20.
- Monthly arrangement (5th working day): September's was due 09-07, October's 10-13 (10-08, 09, 10, 12, 13),
  so before_3 is 10-09 and before_1 10-12; November's (11-06) reminders start after the span.
- Inquiry 7 to department C, reply by 10-05 (a holiday) → due 10-08; before_3 09-28, before_1 09-30.

Departments: A (liaisons a1, a2) submitted September, never October. B (b1) is late with September and
submits it 10-09 at 10:00, and October on 10-14 at 11:00. C (c1) answers the inquiry 10-09 at 08:45.
The sweeper is down on 10-12 until 14:00. Staff member s1 gets the digest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import inquiry_task
from fm_domain.nudges import Nudge, NudgeSettings, plan_nudges
from tests.standing_tasks import standing_tasks

START = datetime(2026, 9, 20, 0, 0)
END = datetime(2026, 10, 21, 0, 0)
OUTAGE = (datetime(2026, 10, 12, 0, 0), datetime(2026, 10, 12, 14, 0))

MONTHLY = "monthly_arrangement"
INQUIRY = "inquiry-7"
TASKS = (*standing_tasks(["A", "B"]), inquiry_task(INQUIRY, "关于职责交叉的函询", "C", date(2026, 10, 5)))
LIAISONS = {"A": ["a1", "a2"], "B": ["b1"], "C": ["c1"]}
ALREADY_IN = {
    (MONTHLY, "2026-08", "A"),
    (MONTHLY, "2026-08", "B"),
    (MONTHLY, "2026-09", "A"),
    ("annual_goals", "2026", "A"),
    ("annual_goals", "2026", "B"),
    ("half_year_summary", "2026H1", "A"),
    ("half_year_summary", "2026H1", "B"),
}
SUBMISSIONS = {
    datetime(2026, 10, 9, 8, 45): (INQUIRY, "once", "C"),
    datetime(2026, 10, 9, 10, 0): (MONTHLY, "2026-09", "B"),
    datetime(2026, 10, 14, 11, 0): (MONTHLY, "2026-10", "B"),
}


def days(*texts: str) -> list[date]:
    return [date.fromisoformat(f"2026-{text}") for text in texts]


WORKING_DAYS = set(
    days("09-20", "09-21", "09-22", "09-23", "09-24", "09-28", "09-29", "09-30", "10-08", "10-09", "10-10")
    + days("10-12", "10-13", "10-14", "10-15", "10-16", "10-19", "10-20")
)
SEPTEMBER_LATE_FOR_B = days(
    "09-20", "09-21", "09-22", "09-23", "09-24", "09-28", "09-29", "09-30", "10-08", "10-09"
)
OCTOBER_LATE_FOR_A = days("10-14", "10-15", "10-16", "10-19", "10-20")

Sent = tuple[str, str, str | None, str | None, str | None, date]  # kind, user, department, task, period, day


def expected() -> list[Sent]:
    rows: list[Sent] = []
    for user, department in (("a1", "A"), ("a2", "A"), ("b1", "B")):
        for kind, day in (("before_3", "10-09"), ("before_1", "10-12"), ("due", "10-13")):
            rows.append((kind, user, department, MONTHLY, "2026-10", *days(day)))
    rows += [
        ("overdue", user, "A", MONTHLY, "2026-10", day) for user in ("a1", "a2") for day in OCTOBER_LATE_FOR_A
    ]
    rows += [("overdue", "b1", "B", MONTHLY, "2026-10", *days("10-14"))]
    rows += [("overdue", "b1", "B", MONTHLY, "2026-09", day) for day in SEPTEMBER_LATE_FOR_B]
    rows += [
        (kind, "c1", "C", INQUIRY, "once", *days(day))
        for kind, day in (("before_3", "09-28"), ("before_1", "09-30"), ("due", "10-08"))
    ]
    rows += [("digest", "s1", None, None, None, day) for day in SEPTEMBER_LATE_FOR_B + OCTOBER_LATE_FOR_A]
    return sorted(rows, key=repr)


Outbox = dict[str, tuple[Nudge, datetime]]  # key → (nudge, when it was first queued)


@dataclass
class Month:
    outbox: Outbox = field(default_factory=dict)
    sweeps: int = 0
    stray: list[tuple[datetime, Nudge]] = field(default_factory=list)  # planned outside working hours


@pytest.fixture(scope="module")
def month() -> Month:
    calendar = WorkingCalendar()
    settings = NudgeSettings()
    submitted = set(ALREADY_IN)
    result = Month()
    now = START
    while now < END:
        if now in SUBMISSIONS:
            submitted.add(SUBMISSIONS[now])
        if not OUTAGE[0] <= now < OUTAGE[1]:
            result.sweeps += 1
            planned = plan_nudges(
                now,
                tasks=TASKS,
                submitted=submitted,
                liaisons=LIAISONS,
                staff=["s1"],
                calendar=calendar,
                settings=settings,
            )
            if planned and (now.date() not in WORKING_DAYS or not time(8, 30) <= now.time() <= time(18, 0)):
                result.stray.extend((now, nudge) for nudge in planned)
            for nudge in planned:
                result.outbox.setdefault(nudge.key, (nudge, now))
        now += timedelta(minutes=1)
    return result


def test_the_month_of_sweeps_ran_once_a_minute_apart_from_the_outage(month: Month) -> None:
    assert month.sweeps == 31 * 24 * 60 - 14 * 60


def test_no_sweep_outside_working_hours_or_on_a_rest_day_planned_anything(month: Month) -> None:
    assert month.stray == []


def test_a_month_of_minute_sweeps_produces_exactly_the_expected_nudges(month: Month) -> None:
    outbox = month.outbox
    sent = sorted(
        ((n.kind, n.user, n.department, n.task, n.period, n.day) for n, _ in outbox.values()), key=repr
    )
    assert sent == expected()


def test_every_nudge_was_queued_at_nine_on_its_own_day_except_during_the_outage(
    month: Month,
) -> None:
    outbox = month.outbox
    queued_at = {(n.day, at.time()) for n, at in outbox.values()}
    assert {moment for day, moment in queued_at if day != date(2026, 10, 12)} == {time(9, 0)}
    assert all(at.date() == n.day for n, at in outbox.values())


def test_the_reminders_missed_during_the_outage_were_queued_when_the_sweeper_came_back(
    month: Month,
) -> None:
    outbox = month.outbox
    missed = sorted((n.user, at) for n, at in outbox.values() if n.day == date(2026, 10, 12))
    back = datetime(2026, 10, 12, 14, 0)
    assert missed == [("a1", back), ("a2", back), ("b1", back)]


def test_the_digest_on_the_first_day_after_octobers_deadline_lists_a_and_b(month: Month) -> None:
    outbox = month.outbox
    digest = next(n for n, _ in outbox.values() if n.kind == "digest" and n.day == date(2026, 10, 14))
    assert [(item.department, item.period, item.working_days_late) for item in digest.overdue] == [
        ("A", "2026-10", 1),
        ("B", "2026-10", 1),
    ]


def test_an_answer_before_nine_means_no_overdue_notice_at_all(month: Month) -> None:
    outbox = month.outbox
    assert not any(n.department == "C" and n.kind == "overdue" for n, _ in outbox.values())
