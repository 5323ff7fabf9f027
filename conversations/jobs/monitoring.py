"""The monitoring job (运行监管): compute the five signals over the year before now and raise each new one
as a finding with its evidence, telling staff what is new.

    job = MonitoringJob(database.unit_of_work, calendar=calendar, timezone=settings.tz, clock=clock)
    await job.tick()                 # each minute: runs once a working day, at or after ``run_at``
    job.run(now)                     # on demand (fmbot monitor --now): signals into findings
    job.run(now, dry_run=True)       # the same, writing nothing

No state lives here: the day a run happened is claimed in the database (``monitoring_runs``), so several
processes ticking together run it once, and a restart runs a missed day's run when it comes back. A signal
is raised once (fm_domain.monitoring.raising): a later run's signal that shares evidence with one raised
before, under the same key, is that one again, whatever staff did with its finding.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from conversations.messages import ConversationKey, Reply
from conversations.monitoring_records import read_records
from conversations.monitoring_texts import monitoring_notice, new_finding_line
from conversations.ports import UnitOfWork
from fm_domain.calendar import WorkingCalendar
from fm_domain.monitoring import (
    DEFAULT_SETTINGS,
    MonitoringSettings,
    Signal,
    already_raised,
    evidence_refs,
    finding_kind,
    monitor,
    signal_key,
)
from fm_domain.recommendations.texts import name, signal_body, signal_detail
from fm_domain.users import Role

log = logging.getLogger("fmbot.monitoring")

MONITORING_KIND = "monitoring"  # the outbox kind of the job's notices to staff
RUN_AT = time(9, 0)  # the first minute of a working day the job runs: with the day's nudges


@dataclass(frozen=True)
class RaisedFinding:
    finding_id: int
    signal: Signal
    item: str


@dataclass(frozen=True)
class MonitoringRun:
    """What one run computed: every signal, and those it raised as findings (on a dry run: would raise)."""

    signals: list[Signal] = field(default_factory=list)
    raised: list[RaisedFinding] = field(default_factory=list)
    notified: int = 0  # staff accounts told


class MonitoringJob:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        *,
        calendar: WorkingCalendar,
        timezone: ZoneInfo,
        clock: Callable[[], datetime],
        settings: MonitoringSettings = DEFAULT_SETTINGS,
        run_at: time = RUN_AT,
    ) -> None:
        self._uow = uow_factory
        self._calendar = calendar
        self._timezone = timezone
        self._clock = clock
        self._settings = settings
        self._run_at = run_at
        self._done: date | None = None  # the day this process saw run (by it or another): no need to ask

    async def tick(self) -> MonitoringRun | None:
        """For the minute scheduler: the day's run, in a worker thread (storage is synchronous)."""
        return await asyncio.to_thread(self.daily, self._clock())

    def daily(self, now: datetime) -> MonitoringRun | None:
        """Run once per working day, at or after ``run_at`` local time; None when it is not time, or the
        day's run happened already (here or in another process)."""
        local = now.astimezone(self._timezone)
        day = local.date()
        if self._done == day or local.time() < self._run_at or not self._calendar.is_working_day(day):
            return None
        with self._uow() as uow:
            ran = uow.monitoring.ran_on(day)
        if ran:
            self._done = day
            return None
        result = self.run(now, claim=day)
        self._done = day
        return result

    def run(self, now: datetime, *, dry_run: bool = False, claim: date | None = None) -> MonitoringRun:
        """Compute the signals at ``now`` and raise the new ones as findings, telling staff; with
        ``dry_run``, the same without writing. ``claim``: the day this run is for (the periodic job),
        which another process may have taken meanwhile (then nothing is written)."""
        if now.tzinfo is None:
            raise ValueError("the monitoring job needs a timezone-aware moment")
        with self._uow() as uow:
            records, _ = read_records(uow, now, self._timezone, self._calendar)
        signals = monitor(records, now, self._calendar, self._settings)
        catalog = records.catalog
        with self._uow() as uow:
            if not dry_run:
                uow.monitoring.lock_raising()  # the raised signals are read again under the lock
            raised_before = {key: list(refs) for key, refs in uow.monitoring.raised_refs().items()}
            new: list[Signal] = []
            for signal in signals:
                if already_raised(signal, raised_before):
                    continue
                new.append(signal)
                raised_before.setdefault(signal_key(signal), []).append(evidence_refs(signal))
            if dry_run:
                return MonitoringRun(signals, [RaisedFinding(0, s, signal_body(catalog, s)) for s in new])
            if claim is not None and not uow.monitoring.record_run(
                claim, at=now, signals=len(signals), raised=len(new)
            ):
                return MonitoringRun(signals)  # another process ran the day
            raised: list[RaisedFinding] = []
            for signal in new:
                item = signal_body(catalog, signal)
                finding_id = uow.monitoring.raise_signal(
                    signal, kind=finding_kind(signal), item=item, detail=signal_detail(signal), at=now
                )
                if finding_id is not None:
                    raised.append(RaisedFinding(finding_id, signal, item))
            notified = self._tell_staff(
                uow, raised, catalog_names={d.code: name(catalog, d.code) for d in catalog}, now=now
            )
            uow.commit()
        if raised:
            log.info("monitoring raised %d findings of %d signals", len(raised), len(signals))
        return MonitoringRun(signals, raised, notified)

    def _tell_staff(
        self, uow: UnitOfWork, raised: list[RaisedFinding], *, catalog_names: dict[str, str], now: datetime
    ) -> int:
        if not raised:
            return 0
        lines = [
            new_finding_line(
                catalog_names.get(r.signal.department, r.signal.department),
                r.finding_id,
                finding_kind(r.signal),
                r.item,
            )
            for r in raised
        ]
        notice = Reply(monitoring_notice(now.astimezone(self._timezone).date(), lines))
        accounts = uow.users.recipients([Role.STAFF])
        for account in accounts:
            # Keyed by the first finding raised: a notice is about one run's findings, sent once.
            key = json.dumps([MONITORING_KIND, raised[0].finding_id, account.channel, account.external_id])
            uow.outbox.queue(
                ConversationKey(account.channel, account.external_id),
                notice,
                at=now,
                kind=MONITORING_KIND,
                unique_key=key,
            )
        return len(accounts)
