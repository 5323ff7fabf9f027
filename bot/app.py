"""The composition root: settings in, a wired application out. The only place that knows every package."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.archive import DocumentFiles
from bot.channels.delivery_result import Sender
from bot.clock import utc_now
from bot.config import ConfigError, Settings
from bot.database import open_database
from bot.delivery import DeliveryLoop, DeliverySettings, DeliveryWakeups
from bot.matching_parameters import load_matching_parameters
from bot.performance_files import load_default_scheme
from conversations import ConsoleLinks, Engine, MatchingReviewer, MonitoringJob, NudgeSweeper, Services
from conversations import archive as dossier
from fm_domain.calendar import WorkingCalendar, parse_holiday_file
from fm_domain.deadlines import format_due_rule
from fm_domain.performance import Scheme
from fm_domain.task_file import ConfiguredTask, TaskFileError, parse_task_file
from storage import Database

log = logging.getLogger("fmbot.app")


@dataclass
class Application:
    settings: Settings
    database: Database
    engine: Engine
    wakeups: DeliveryWakeups = field(default_factory=DeliveryWakeups)
    # The conversations' and the nudge sweep's clock (``--now`` sets it); delivery and the channels' own
    # signatures and tokens keep the wall clock, as the platforms check them against theirs.
    clock: Callable[[], datetime] = utc_now

    def __post_init__(self) -> None:
        # Whatever this process queues (a turn's replies, a nudge sweep) wakes the loops that deliver it.
        self.database.on_outbox_commit(self.wakeups.ring)

    def close(self) -> None:
        self.engine.close()
        self.database.dispose()

    def delivery_loop(self, sender: Sender, settings: DeliverySettings | None = None) -> DeliveryLoop:
        """A delivery loop for ``sender``'s channel, woken whenever this process queues a message for it
        (and polling for what other processes queue)."""
        loop = DeliveryLoop(
            self.database.unit_of_work,
            sender,
            settings=settings or DeliverySettings.from_settings(self.settings),
        )
        self.wakeups.add(loop)
        return loop

    def nudge_sweeper(self) -> NudgeSweeper:
        return NudgeSweeper(
            self.database.unit_of_work,
            calendar=self.engine.services.calendar,
            timezone=self.settings.tz,
            settings=self.settings.nudge_settings,
            clock=self.clock,
        )

    def monitoring_job(self) -> MonitoringJob:
        """运行监管: the signals raised as findings once a working day (with the day's nudges), on the
        application's clock."""
        return MonitoringJob(
            self.database.unit_of_work,
            calendar=self.engine.services.calendar,
            timezone=self.settings.tz,
            clock=self.clock,
            run_at=self.settings.nudge_settings.send_time,
        )


def build_application(settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> Application:
    """Open (and migrate) the database, apply the reporting tasks file, and wire the conversation engine."""
    calendar, scheme = load_calendar(settings), load_default_scheme()
    services = Services(
        clock=clock,
        timezone=settings.tz,
        draft_idle=timedelta(minutes=settings.draft_idle_minutes),
        reviewer=MatchingReviewer(*load_matching_parameters(settings)),
        calendar=calendar,
        performance_scheme=scheme,
        documents=DocumentFiles(),
        console=console_links(settings),
        archive_extensions=archive_extensions(calendar, settings.tz, scheme, clock),
    )
    tasks = load_reporting_tasks(settings)  # read before the database opens: a bad file changes nothing
    database = open_database(settings)
    try:
        apply_reporting_tasks(database, tasks, clock(), settings.tz)
    except ConfigError:
        database.dispose()
        raise
    return Application(settings, database, Engine(database.unit_of_work, services), clock=clock)


def archive_extensions(
    calendar: WorkingCalendar, timezone: ZoneInfo, scheme: Scheme | None, clock: Callable[[], datetime]
) -> tuple[dossier.ArchiveExtension, ...]:
    """The dossier's parts that 运行监管, 动态管理 and 绩效管理 add (统计表 and policy / activity reports,
    visits, the findings' lifecycle; recommendations; the score and the ranking), in the dossier, the
    workbooks and the console's /recommendations and /ranking pages."""
    return (
        dossier.ReportsPart(timezone=timezone),
        dossier.VisitsPart(),
        dossier.LifecyclePart(timezone=timezone),
        dossier.RecommendationsPart(timezone=timezone),
        dossier.PerformancePart(
            calendar=calendar,
            timezone=timezone,
            scheme=scheme,
            today=lambda: clock().astimezone(timezone).date(),
        ),
    )


def console_links(settings: Settings) -> ConsoleLinks | None:
    """Where /登录 links point (FM_WEB_BASE_URL); None when the web console has no address."""
    if not settings.web_base_url:
        return None
    return ConsoleLinks(settings.web_base_url, settings.web_secret)


def load_reporting_tasks(settings: Settings) -> tuple[ConfiguredTask, ...]:
    """The office's reporting tasks file (FM_REPORTING_TASKS); empty when none is set."""
    if not settings.reporting_tasks_file:
        return ()
    path = Path(settings.reporting_tasks_file)
    try:
        return parse_task_file(path.read_text(encoding="utf-8"), str(path))
    except (TaskFileError, UnicodeDecodeError) as error:
        raise ConfigError(f"FM_REPORTING_TASKS 文件无法使用：{error}") from None


def apply_reporting_tasks(
    database: Database, tasks: Sequence[ConfiguredTask], now: datetime, timezone: ZoneInfo
) -> None:
    """Upsert the file's tasks: the file wins for the codes it lists; the rest stay as staff keep them."""
    if not tasks:
        return
    with database.unit_of_work() as uow:
        known = set(uow.reporting.department_codes())
        for task in tasks:
            unknown = [code for code in task.departments or () if known and code not in known]
            if unknown:
                raise ConfigError(
                    f"FM_REPORTING_TASKS {task.where}：不认识的部门代码 {'、'.join(unknown)}；"
                    f"已有部门：{'、'.join(sorted(known))}"
                )
        if not known:
            log.warning("FM_REPORTING_TASKS: no catalog loaded yet, department codes not checked")
        for task in tasks:
            stored = uow.reporting.task(task.code)
            changed = task.changes_from(stored)
            if not changed:
                continue
            uow.reporting.save_task(
                code=task.code,
                title=task.title,
                kind=task.kind.value,
                rule=format_due_rule(task.rule),
                departments=task.departments,
                active_from=task.active_from(stored, now.astimezone(timezone).date()),
                active=task.active,
                now=now,
            )
            verb = "added" if stored is None else "changed"
            log.info("reporting task %s %s from FM_REPORTING_TASKS: %s", task.code, verb, ", ".join(changed))
        uow.commit()


def load_calendar(settings: Settings) -> WorkingCalendar:
    """China's working days, with the office's holiday file (FM_HOLIDAYS_FILE) on top."""
    extra = ()
    if settings.holidays_file:
        path = Path(settings.holidays_file)
        try:
            extra = parse_holiday_file(path.read_text(encoding="utf-8"), str(path))
        except (ValueError, UnicodeDecodeError) as error:
            raise ConfigError(f"FM_HOLIDAYS_FILE 文件 {path} 无法使用：{error}") from None
    return WorkingCalendar.standard(extra, on_missing_year=_warn_missing_year)


def _warn_missing_year(year: int) -> None:
    log.warning("no holiday data for %s: counting weekends only until FM_HOLIDAYS_FILE lists it", year)
