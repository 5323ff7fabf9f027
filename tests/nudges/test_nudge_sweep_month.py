"""A month of sweeps, one every minute, against the real database: every nudge is queued exactly once, at
the right minute, and nothing else is.

The scenario of tests/domain/test_nudge_plan_month.py, now through storage: the sweep is called at every
minute from 2026-09-20 00:00 to 2026-10-21 00:00 (Shanghai), day and night, weekends and holidays, and reads
tasks, submissions, receipts, inquiries and people from the database each time. Outside the nudge window
and on rest days it returns before touching the database; to keep the test fast the window is 08:30–11:00
here (configurable, like every nudge time), so about 2,700 of the 44,000 sweeps read the database.

The calendar (chinese_calendar): Sunday 09-20 is worked, 09-25..09-27 is 中秋, 10-01..10-07 is 国庆, Saturday
10-10 is worked. Monthly arrangement (5th working day): September's was due 09-07, October's 10-13, so
before_3 is 10-09 and before_1 10-12. Inquiry to 司法局, reply by 10-05 (a holiday) → due 10-08;
before_3 09-28, before_1 09-30.

教育局 (a1, a2) submitted September, never October. 民政局 (b1) is late with September and submits it 10-09
at 10:00, and October on 10-14 at 10:30. 司法局 (c1) answers the inquiry 10-09 at 08:45. The annual goals
are in, and staff recorded both half-year summaries as received. The sweeper is down on 10-12 until
10:00 and comes back as a new process. 周静 (s1) gets the digest.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine, text

from conversations.jobs import QueuedNudge
from fm_domain.nudges import NudgeSettings
from fm_domain.records import InquiryStatus
from storage import Database
from tests.nudges.world import (
    CHANNEL,
    JIAOYU,
    MINZHENG,
    SHANGHAI,
    SIFA,
    Office,
    set_up_office,
    submit,
    sweeper,
)

START = datetime(2026, 9, 20, 0, 0, tzinfo=SHANGHAI)
END = datetime(2026, 10, 21, 0, 0, tzinfo=SHANGHAI)
OUTAGE = (datetime(2026, 10, 12, 0, 0, tzinfo=SHANGHAI), datetime(2026, 10, 12, 10, 0, tzinfo=SHANGHAI))
SETTINGS = NudgeSettings(window_end=time(11, 0))
MONTHLY = "monthly_arrangement"


def days(*texts: str) -> list[date]:
    return [date.fromisoformat(f"2026-{text}") for text in texts]


SEPTEMBER_LATE_FOR_B = days(
    "09-20", "09-21", "09-22", "09-23", "09-24", "09-28", "09-29", "09-30", "10-08", "10-09"
)
OCTOBER_LATE_FOR_A = days("10-14", "10-15", "10-16", "10-19", "10-20")

Sent = tuple[
    str, str, str | None, str | None, str | None, date
]  # kind, account, department, task, period, day


def expected(inquiry: str) -> list[Sent]:
    rows: list[Sent] = []
    for account, department in (("a1", JIAOYU), ("a2", JIAOYU), ("b1", MINZHENG)):
        for kind, day in (("before_3", "10-09"), ("before_1", "10-12"), ("due", "10-13")):
            rows.append((kind, account, department, MONTHLY, "2026-10", *days(day)))
    rows += [
        ("overdue", account, JIAOYU, MONTHLY, "2026-10", day)
        for account in ("a1", "a2")
        for day in OCTOBER_LATE_FOR_A
    ]
    rows += [("overdue", "b1", MINZHENG, MONTHLY, "2026-10", *days("10-14"))]
    rows += [("overdue", "b1", MINZHENG, MONTHLY, "2026-09", day) for day in SEPTEMBER_LATE_FOR_B]
    rows += [
        (kind, "c1", SIFA, inquiry, "once", *days(day))
        for kind, day in (("before_3", "09-28"), ("before_1", "09-30"), ("due", "10-08"))
    ]
    rows += [("digest", "s1", None, None, None, day) for day in SEPTEMBER_LATE_FOR_B + OCTOBER_LATE_FOR_A]
    return sorted(rows, key=repr)


@dataclass
class Month:
    office: Office
    inquiry: str
    sweeps: int = 0
    queued: list[tuple[datetime, QueuedNudge]] = field(default_factory=list)
    outbox: list[tuple[str, str, str | None, datetime]] = field(
        default_factory=list
    )  # account, kind, key, at


def simulate(database: Database) -> Month:
    office = set_up_office(database)
    inquiry = _set_the_scene(database, office)
    month = Month(office, inquiry)

    def answer_inquiry() -> None:
        with database.unit_of_work() as uow:
            number = int(inquiry.removeprefix("inquiry-"))
            uow.inquiries.set_status(number, InquiryStatus.ANSWERED, expected=InquiryStatus.OPEN)
            uow.commit()

    events: dict[datetime, Callable[[], None]] = {
        datetime(2026, 10, 9, 8, 45, tzinfo=SHANGHAI): answer_inquiry,
        datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI): lambda: submit(
            database, office, "b1", MONTHLY, "2026-09", datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI)
        ),
        datetime(2026, 10, 14, 10, 30, tzinfo=SHANGHAI): lambda: submit(
            database, office, "b1", MONTHLY, "2026-10", datetime(2026, 10, 14, 10, 30, tzinfo=SHANGHAI)
        ),
    }
    process = sweeper(database, SETTINGS)
    now = START
    while now < END:
        if now in events:
            events[now]()
        if now == OUTAGE[1]:
            process = sweeper(database, SETTINGS)  # a new process: nothing carried over
        if not OUTAGE[0] <= now < OUTAGE[1]:
            month.sweeps += 1
            month.queued += [(now, nudge) for nudge in process.sweep(now).queued]
        now += timedelta(minutes=1)
    with database.unit_of_work() as uow:
        month.outbox = [
            (fate.external_user_id, fate.kind, fate.nudge_key, fate.created_at.astimezone(SHANGHAI))
            for fate in uow.outbox.fates(CHANNEL)
        ]
    return month


def _set_the_scene(database: Database, office: Office) -> str:
    for account, kind, period in (
        ("a1", MONTHLY, "2026-08"),
        ("b1", MONTHLY, "2026-08"),
        ("a1", MONTHLY, "2026-09"),
        ("a1", "annual_goals", "2026"),
        ("b1", "annual_goals", "2026"),
    ):
        submit(database, office, account, kind, period, START)
    with database.unit_of_work() as uow:
        for department in (JIAOYU, MINZHENG):
            uow.reporting.record_receipt(
                task="half_year_summary", period="2026H1", department=department, now=START
            )
        asked = uow.inquiries.create(
            department=SIFA, deadline=date(2026, 10, 5), asked_by=office.users["s1"], asked_at=START
        )
        uow.commit()
    return f"inquiry-{asked.id}"


# -- one database per backend for the whole module: the month is simulated once ------------------------


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def month(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Month]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('month') / 'fmbot.sqlite3'}"
        yield _simulated(url)
        return
    server: Engine = request.getfixturevalue("postgres_server")
    schema = f"fmbot_month_{secrets.token_hex(4)}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = server.url.update_query_dict({"options": f"-csearch_path={schema}"})
        yield _simulated(url.render_as_string(hide_password=False))
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def _simulated(url: str) -> Month:
    database = Database(url)
    try:
        database.upgrade()
        return simulate(database)
    finally:
        database.dispose()


# -- the month ---------------------------------------------------------------------------------------


def test_the_sweep_ran_every_minute_of_the_month_apart_from_the_outage(month: Month) -> None:
    assert month.sweeps == 31 * 24 * 60 - 10 * 60


def test_a_month_of_minute_sweeps_queues_exactly_the_expected_nudges(month: Month) -> None:
    queued = (
        (
            nudge.kind,
            month.office.account_of(nudge.user_id),
            nudge.department,
            nudge.task,
            nudge.period,
            nudge.day,
        )
        for _, nudge in month.queued
    )
    assert sorted(queued, key=repr) == expected(month.inquiry)


def test_the_outbox_holds_one_message_per_nudge_and_nothing_else(month: Month) -> None:
    assert len(month.outbox) == len(expected(month.inquiry))
    assert len({key for _, _, key, _ in month.outbox}) == len(month.outbox)
    assert sorted((account, kind) for account, kind, _, _ in month.outbox) == sorted(
        (account, kind) for kind, account, *_ in expected(month.inquiry)
    )


def test_every_nudge_was_queued_at_nine_on_its_own_day_or_when_the_sweeper_came_back(month: Month) -> None:
    for at, nudge in month.queued:
        assert at.date() == nudge.day
        assert at.time() == (time(10, 0) if nudge.day == date(2026, 10, 12) else time(9, 0))


def test_a_submission_stopped_that_departments_nudges_from_the_next_sweep_on(month: Month) -> None:
    b1_september = [
        nudge.day
        for _, nudge in month.queued
        if nudge.user_id == month.office.users["b1"] and nudge.period == "2026-09"
    ]
    assert max(b1_september) == date(2026, 10, 9)
    c1 = [nudge for _, nudge in month.queued if nudge.user_id == month.office.users["c1"]]
    assert max(nudge.day for nudge in c1) == date(2026, 10, 8)
