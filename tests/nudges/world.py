"""A small office for nudge tests: three departments, their liaisons, one staff member, all bound on one
channel, and the reporting tasks a test names (the migration's seeded defaults are replaced)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from conversations.jobs import NudgeSweeper
from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import ReportingTask, format_due_rule
from fm_domain.models import Department
from fm_domain.nudges import NudgeSettings
from fm_domain.records import ReviewedItems, SubmissionKind
from fm_domain.users import Role
from storage import Database
from tests.standing_tasks import standing_tasks

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHANNEL = "wecom"
SET_UP_AT = datetime(2026, 1, 1, tzinfo=UTC)

JIAOYU, MINZHENG, SIFA = "jiaoyu", "minzheng", "sifa"
DEPARTMENTS = (
    Department(code=JIAOYU, name="南通市教育局", short="教育局"),
    Department(code=MINZHENG, name="南通市民政局", short="民政局"),
    Department(code=SIFA, name="南通市司法局", short="司法局"),
)
# account → (name, role, department); the account id is the chat id on CHANNEL.
PEOPLE = {
    "a1": ("李敏", Role.LIAISON, JIAOYU),
    "a2": ("张伟", Role.LIAISON, JIAOYU),
    "b1": ("王强", Role.LIAISON, MINZHENG),
    "c1": ("刘洋", Role.LIAISON, SIFA),
    "s1": ("周静", Role.STAFF, None),
}


def local(text: str) -> datetime:
    """A wall-clock moment in Shanghai, as the aware datetime the sweep takes."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@dataclass(frozen=True)
class Office:
    database: Database
    users: dict[str, int]  # account → user id

    def account_of(self, user_id: int) -> str:
        return next(account for account, uid in self.users.items() if uid == user_id)


def set_up_office(database: Database, tasks: Iterable[ReportingTask] | None = None) -> Office:
    """Departments, people and tasks (default: the standing tasks owed by 教育局 and 民政局, owed from the
    start rather than from the migration's day)."""
    users: dict[str, int] = {}
    with database.unit_of_work() as uow:
        for department in DEPARTMENTS:
            uow.catalog.save_revision(department, "test", SET_UP_AT)
        for account, (name, role, department) in PEOPLE.items():
            user = uow.users.create(name, role, department, SET_UP_AT)
            uow.users.bind_account(user.id, CHANNEL, account, SET_UP_AT)
            users[account] = user.id
        replace_tasks(uow, standing_tasks([JIAOYU, MINZHENG]) if tasks is None else tasks)
        uow.commit()
    return Office(database, users)


def replace_tasks(uow: object, tasks: Iterable[ReportingTask]) -> None:
    reporting = uow.reporting  # type: ignore[attr-defined]
    for stored in reporting.tasks():
        reporting.remove_task(stored.code)
    for task in tasks:
        reporting.save_task(
            code=task.code,
            title=task.title,
            kind=task.kind.value,
            rule=format_due_rule(task.rule),
            departments=task.departments,
            active_from=task.active_from,
            now=SET_UP_AT,
        )


def sweeper(database: Database, settings: NudgeSettings | None = None, **calendar: object) -> NudgeSweeper:
    """A sweeper for tests that name each sweep's moment (``sweep(now)``); its own clock is never read."""
    return NudgeSweeper(
        database.unit_of_work,
        calendar=WorkingCalendar(**calendar),  # type: ignore[arg-type]
        timezone=SHANGHAI,
        settings=settings,
        clock=_no_clock,
    )


def _no_clock() -> datetime:
    raise AssertionError("these tests pass each sweep's moment")


def submit(database: Database, office: Office, account: str, kind: str, period: str, at: datetime) -> None:
    """What the 年度目标 / 月度安排 flows store when a liaison confirms."""
    department = PEOPLE[account][2]
    assert department is not None
    with database.unit_of_work() as uow:
        uow.submissions.add(
            kind=SubmissionKind(kind),
            department=department,
            division="",
            period=period,
            review=ReviewedItems(),
            submitted_by=office.users[account],
            submitted_at=at,
        )
        uow.commit()


def day(text: str) -> date:
    return date.fromisoformat(text)
