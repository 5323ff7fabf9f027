"""The nudge sweep (催办): read the database, ask fm_domain which nudges are due at this minute, and queue
each new one in the outbox under its unique key.

    sweeper = NudgeSweeper(database.unit_of_work, calendar=calendar, timezone=settings.tz,
                           settings=settings.nudge_settings, clock=clock)
    result = sweeper.sweep(datetime.now(UTC))   # what this sweep queued; usually nothing
    await sweeper.tick()                        # the same with the injected clock, off the event loop

No state lives here or in the scheduler: every sweep starts from the database. A nudge planned again by a
later sweep, or by another process at the same minute, finds its key taken (insert-or-ignore), so each
exists once. A submission (or a receipt staff record) removes the department from the next sweep's plan.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from conversations.messages import ConversationKey, Reply
from conversations.nudge_texts import (
    DigestLine,
    NudgeText,
    calendar_missing_notice,
    digest_reply,
    nudge_reply,
)
from conversations.obligations import read_reporting
from conversations.ports import UnitOfWork
from conversations.unasked import offer_choices, without_choices
from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import ReportingTask
from fm_domain.nudges import DIGEST, DUE, OVERDUE, Nudge, NudgeSettings, plan_nudges
from fm_domain.users import Role

log = logging.getLogger("fmbot.nudges")

CALENDAR_NOTICE_KIND = "calendar"


def delivery_key(nudge_key: str, channel: str, external_id: str) -> str:
    """The outbox key of one nudge to one chat account: the planner's key with the account appended, so a
    user bound on two channels gets it on both, and on each once."""
    return json.dumps(
        [*json.loads(nudge_key), channel, external_id], ensure_ascii=False, separators=(",", ":")
    )


@dataclass(frozen=True)
class QueuedNudge:
    """A nudge this sweep put in the outbox (on ``accounts`` chat accounts of the user)."""

    kind: str
    user_id: int
    user_name: str
    day: date
    department: str | None
    task: str | None
    period: str | None
    deadline: date | None
    accounts: int
    text: str = ""  # the message as the user reads it
    # What people read in `fmbot nudges`; the codes above stay for --json.
    department_name: str | None = None
    task_title: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "user": self.user_id,
            "department": self.department,
            "task": self.task,
            "kind": self.kind,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "text": self.text,
        }


@dataclass(frozen=True)
class SweepResult:
    queued: list[QueuedNudge] = field(default_factory=list)
    calendar_notices: list[int] = field(default_factory=list)  # years staff were told about now


@dataclass
class _Snapshot:
    """What one sweep read from the database."""

    tasks: list[ReportingTask] = field(default_factory=list)
    commands: dict[str, str | None] = field(default_factory=dict)  # task code → how to submit
    submitted: set[tuple[str, str, str]] = field(default_factory=set)
    liaisons: dict[str, list[str]] = field(default_factory=dict)  # department → user ids
    staff: list[str] = field(default_factory=list)
    accounts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # user id → (channel, id)
    names: dict[str, str] = field(default_factory=dict)  # user id → display name


class NudgeSweeper:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        *,
        calendar: WorkingCalendar,
        timezone: ZoneInfo,
        settings: NudgeSettings | None = None,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow_factory
        self._calendar = calendar
        self._timezone = timezone
        self._settings = settings or NudgeSettings()
        self._clock = clock
        self._noticed_years: set[int] = set()  # recorded in the database already: no need to ask again
        self._broken_rules: set[str] = set()  # logged once per process, not once a minute

    async def tick(self) -> SweepResult:
        """One sweep at the clock's time, in a worker thread (storage is synchronous). For the scheduler."""
        return await asyncio.to_thread(self.sweep, self._clock())

    def sweep(self, now: datetime, *, dry_run: bool = False) -> SweepResult:
        """Queue every nudge due at ``now`` (timezone-aware) that is not queued yet; with ``dry_run``, work
        out the same and write nothing."""
        if now.tzinfo is None:
            raise ValueError("the sweep needs a timezone-aware moment")
        local = now.astimezone(self._timezone).replace(tzinfo=None)
        if not self._may_plan(local):
            return SweepResult()
        with self._uow() as uow:
            snapshot = self._read(uow, local.date())
            planned = plan_nudges(
                local,
                tasks=snapshot.tasks,
                submitted=snapshot.submitted,
                liaisons=snapshot.liaisons,
                staff=snapshot.staff,
                calendar=self._calendar,
                settings=self._settings,
            )
            queued = self._queue(uow, planned, snapshot, now, local.date())
            notices = self._tell_staff_of_missing_years(uow, snapshot, now)
            if dry_run:
                return SweepResult(queued, notices)
            uow.commit()
        self._noticed_years.update(notices)
        if queued:
            log.info("queued %d nudges for %s", len(queued), local.date())
        return SweepResult(queued, notices)

    def _may_plan(self, local: datetime) -> bool:
        """Skip the database outside the window and on rest days, where the planner plans nothing."""
        settings = self._settings
        if not settings.window_start <= local.time() <= settings.window_end:
            return False
        return self._calendar.is_working_day(local.date())

    # -- reading ---------------------------------------------------------------------------------------

    def _read(self, uow: UnitOfWork, today: date) -> _Snapshot:
        snapshot = _Snapshot()
        # The same reading as /待办 and /未报, so what a liaison is nudged about is what they see there.
        reporting = read_reporting(uow.reporting, uow.inquiries, today, uow.findings, uow.progress)
        for code, reason in reporting.broken:
            if code not in self._broken_rules:
                self._broken_rules.add(code)
                log.warning("reporting task %s skipped: %s", code, reason)
        snapshot.tasks = list(reporting.tasks)
        snapshot.commands = {task.code: reporting.command(task) for task in reporting.tasks}
        snapshot.submitted = set(reporting.arrivals)
        self._read_people(uow, snapshot)
        return snapshot

    @staticmethod
    def _read_people(uow: UnitOfWork, snapshot: _Snapshot) -> None:
        for recipient in uow.users.recipients([Role.LIAISON, Role.STAFF]):
            user = str(recipient.user_id)
            if user not in snapshot.accounts:
                snapshot.names[user] = recipient.display_name
                if recipient.role == Role.STAFF.value:
                    snapshot.staff.append(user)
                elif recipient.department:
                    snapshot.liaisons.setdefault(recipient.department, []).append(user)
            snapshot.accounts.setdefault(user, []).append((recipient.channel, recipient.external_id))

    # -- queuing ---------------------------------------------------------------------------------------

    def _queue(
        self, uow: UnitOfWork, planned: list[Nudge], snapshot: _Snapshot, now: datetime, today: date
    ) -> list[QueuedNudge]:
        rows = [
            (delivery_key(nudge.key, channel, external_id), nudge, channel, external_id)
            for nudge in planned
            for channel, external_id in snapshot.accounts.get(nudge.user, ())
        ]
        existing = uow.outbox.existing_keys(key for key, *_ in rows)
        # Sorted: concurrent sweeps insert in the same order, so they wait for each other, never deadlock.
        fresh = sorted((row for row in rows if row[0] not in existing), key=lambda row: row[0])
        if not fresh:
            return []
        replies = self._replies(uow, [row[1] for row in fresh], snapshot, today)
        urgency = {nudge.key: _urgency(nudge) for nudge in planned}
        replies = self._offer_buttons(uow, replies, now, urgency)
        departments = uow.reporting.department_names()
        titles = {task.code: task.title for task in snapshot.tasks}
        inserted: dict[str, int] = {}
        # The same message to many accounts of a channel (a due-date nudge to every liaison of a task) is
        # queued together: on WeCom one broadcast, sent in a call per thousand members.
        alike: dict[tuple[str, str, Reply], list[tuple[str, Nudge, str, str]]] = {}
        for key, nudge, channel, external_id in fresh:
            same = (channel, nudge.kind, replies[nudge.key])
            alike.setdefault(same, []).append((key, nudge, channel, external_id))
        for (channel, kind, reply), rows in alike.items():
            ids = uow.outbox.queue_many(
                [ConversationKey(channel, external_id) for *_, external_id in rows],
                reply,
                at=now,
                kind=kind,
                unique_keys=[key for key, *_ in rows],
            )
            for (_, nudge, *_), message_id in zip(rows, ids, strict=True):
                if message_id is not None:
                    inserted[nudge.key] = inserted.get(nudge.key, 0) + 1
        queued: dict[str, QueuedNudge] = {}
        for nudge in planned:
            if nudge.key in inserted and nudge.key not in queued:
                queued[nudge.key] = QueuedNudge(
                    kind=nudge.kind,
                    user_id=int(nudge.user),
                    user_name=snapshot.names.get(nudge.user, nudge.user),
                    day=nudge.day,
                    department=nudge.department,
                    task=nudge.task,
                    period=nudge.period,
                    deadline=nudge.deadline,
                    accounts=inserted[nudge.key],
                    text=replies[nudge.key].text,
                    department_name=departments.get(nudge.department) if nudge.department else None,
                    task_title=titles.get(nudge.task) if nudge.task else None,
                )
        return list(queued.values())

    def _replies(
        self, uow: UnitOfWork, nudges: Iterable[Nudge], snapshot: _Snapshot, today: date
    ) -> dict[str, tuple[str, Reply]]:
        """Each nudge's message, by nudge key, with the user it goes to."""
        departments = uow.reporting.department_names()
        titles = {task.code: task.title for task in snapshot.tasks}
        replies: dict[str, tuple[str, Reply]] = {}
        for nudge in nudges:
            if nudge.key in replies:
                continue
            if nudge.kind == DIGEST:
                lines = [
                    DigestLine(
                        departments.get(item.department, item.department),
                        titles.get(item.task, item.task),
                        item.period,
                        item.deadline,
                        item.working_days_late,
                        reminded=bool(snapshot.liaisons.get(item.department)),
                    )
                    for item in nudge.overdue
                ]
                replies[nudge.key] = (nudge.user, digest_reply(today, lines))
                continue
            assert nudge.task is not None and nudge.period is not None and nudge.deadline is not None
            text = NudgeText(
                kind=nudge.kind,
                department=departments.get(nudge.department or "", nudge.department or ""),
                title=titles.get(nudge.task, nudge.task),
                period=nudge.period,
                deadline=nudge.deadline,
                today=today,
                working_days=self._working_days(nudge, today),
                command=snapshot.commands.get(nudge.task),
            )
            replies[nudge.key] = (nudge.user, nudge_reply(text))
        return replies

    def _working_days(self, nudge: Nudge, today: date) -> int:
        assert nudge.deadline is not None
        if nudge.kind == DUE:
            return 0
        if nudge.kind == OVERDUE:
            return self._calendar.working_days_between(nudge.deadline, today)
        return self._calendar.working_days_between(today, nudge.deadline)

    @staticmethod
    def _offer_buttons(
        uow: UnitOfWork,
        replies: dict[str, tuple[str, Reply]],
        now: datetime,
        urgency: dict[str, tuple[int, date]],
    ) -> dict[str, Reply]:
        """An idle user gets the buttons of the most urgent nudge (the most overdue first); the user's
        other nudges of this sweep, and users in the middle of a flow, get the text alone
        (conversations.unasked)."""
        by_user: dict[str, list[str]] = {}
        # Least urgent first: the last of each user's keys is the one that keeps its buttons.
        ordered = sorted(replies.items(), key=lambda item: (urgency.get(item[0], _LEAST_URGENT), item[0]))
        for key, (user, reply) in ordered:
            if reply.choices:
                by_user.setdefault(user, []).append(key)
        result = {key: reply for key, (_user, reply) in replies.items()}
        for user in sorted(by_user, key=int):
            *others, chosen = by_user[user]
            for key in others:
                result[key] = without_choices(result[key])
            if not offer_choices(uow.conversations, int(user), result[chosen].choices, now):
                result[chosen] = without_choices(result[chosen])
        return result

    # -- calendar --------------------------------------------------------------------------------------

    def _tell_staff_of_missing_years(self, uow: UnitOfWork, snapshot: _Snapshot, now: datetime) -> list[int]:
        """Staff hear once, ever, of each year the calendar has no holiday data for."""
        told: list[int] = []
        for year in sorted(self._calendar.years_without_data - self._noticed_years):
            if not uow.reporting.record_calendar_notice(year, now):
                self._noticed_years.add(year)  # another process (or an earlier run) told them
                continue
            notice = calendar_missing_notice(year)
            for user in snapshot.staff:
                for channel, external_id in snapshot.accounts.get(user, ()):
                    uow.outbox.queue(
                        ConversationKey(channel, external_id),
                        notice,
                        at=now,
                        kind=CALENDAR_NOTICE_KIND,
                        unique_key=json.dumps([CALENDAR_NOTICE_KIND, year, channel, external_id]),
                    )
            log.warning("staff told that the calendar has no holiday data for %s", year)
            told.append(year)
        return told


_KIND_URGENCY = {OVERDUE: 3, DUE: 2}  # then the reminders before a deadline
_LEAST_URGENT = (0, date.max)


def _urgency(nudge: Nudge) -> tuple[int, date]:
    """Sorts upward with urgency: overdue, due, before; then the earlier deadline (inverted to sort up)."""
    deadline = nudge.deadline or date.max
    inverted = date.fromordinal(date.max.toordinal() - deadline.toordinal() + 1)
    return _KIND_URGENCY.get(nudge.kind, 1), inverted
