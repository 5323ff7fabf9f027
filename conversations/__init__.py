"""Platform-neutral conversations: the engine, the channel contract and every flow.

A channel turns a platform update into an :class:`Inbound` and hands it to :meth:`Engine.handle` (or
``record`` then ``process``). Every reply goes into the outbox (``uow.outbox.queue``) in the transaction of
the turn that decided it; the delivery loop (bot.delivery) hands each to the channel's sender as an
:class:`Outgoing`, which renders the :class:`Reply` its own way (``render_numbered`` for channels without
buttons).

Wiring, in the composition root::

    engine = Engine(
        database.unit_of_work,  # storage.Database: its unit of work implements conversations.ports
        Services(
            timezone=settings.tz,
            draft_idle=timedelta(minutes=settings.draft_idle_minutes),
            reviewer=MatchingReviewer(thresholds),  # MatchThresholds, e.g. with FM_MATCH_THRESHOLDS overrides
            calendar=WorkingCalendar.standard(extra_schedules),
        ),
    )
    engine.process_pending()  # messages recorded before a crash
    await engine.handle(inbound)  # or engine.record(inbound) now, engine.process_async(key) later
"""

from conversations import archive, archive_texts, monitoring_texts, performance_texts
from conversations.assessment import (
    Imported,
    YearClosed,
    assess_year,
    close_year,
    import_evaluation,
    missing_data,
    scheme_for,
)
from conversations.engine import Engine
from conversations.evaluation_sheet import XLSX_MIME, write_template
from conversations.jobs import (
    DELIVERY_FAILURE_KIND,
    MonitoringJob,
    MonitoringRun,
    NudgeSweeper,
    QueuedNudge,
    SweepResult,
    tell_staff_of_undelivered,
)
from conversations.messages import Attachment, Choice, ConversationKey, Inbound, Outgoing, Reply
from conversations.monitoring_records import read_records, year_recommendations
from conversations.nudge_texts import date_label, task_label
from conversations.rendering import render_numbered
from conversations.review import MatchingReviewer, Reviewer
from conversations.rights import sees_department, sees_every_department
from conversations.services import ConsoleLinks, Services
from conversations.visit_records import VISIT_CONCERNS, VisitOutcome, queue_notices, record_visit
from conversations.zip_limits import ZipOverLimit, check_zip

__all__ = [
    "DELIVERY_FAILURE_KIND",
    "VISIT_CONCERNS",
    "XLSX_MIME",
    "Attachment",
    "Choice",
    "ConsoleLinks",
    "ConversationKey",
    "Engine",
    "Imported",
    "Inbound",
    "MatchingReviewer",
    "MonitoringJob",
    "MonitoringRun",
    "NudgeSweeper",
    "Outgoing",
    "QueuedNudge",
    "Reply",
    "Reviewer",
    "Services",
    "SweepResult",
    "VisitOutcome",
    "YearClosed",
    "ZipOverLimit",
    "archive",
    "archive_texts",
    "assess_year",
    "check_zip",
    "close_year",
    "date_label",
    "import_evaluation",
    "missing_data",
    "monitoring_texts",
    "performance_texts",
    "queue_notices",
    "read_records",
    "record_visit",
    "render_numbered",
    "scheme_for",
    "sees_department",
    "sees_every_department",
    "task_label",
    "tell_staff_of_undelivered",
    "write_template",
    "year_recommendations",
]
