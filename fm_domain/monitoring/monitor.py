"""All five signals over one body of records, as the periodic job and ``fmbot monitor --now`` compute them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import ReportingTask
from fm_domain.models import Catalog
from fm_domain.monitoring.gaps import gaps
from fm_domain.monitoring.lags import lags
from fm_domain.monitoring.overlaps import overlap_signals
from fm_domain.monitoring.overreach import overreach
from fm_domain.monitoring.reports import Judged
from fm_domain.monitoring.settings import DEFAULT_SETTINGS, MonitoringSettings
from fm_domain.monitoring.signal import Signal
from fm_domain.monitoring.unreported import deliveries, unreported
from fm_domain.records import Finding, Submission, WorkReport


@dataclass(frozen=True)
class Records:
    """What storage holds that the signals read: every version of every submission (the signals take the
    latest of each series themselves, and a finding may name an earlier one), findings with their
    decisions, the office's judgements of findings' items (finding id → judgement),
    the reporting tasks in force and the receipts staff recorded (task, period, department, recorded at).
    """

    catalog: Catalog
    submissions: tuple[Submission, ...]
    findings: tuple[Finding, ...] = ()
    judged: Mapping[int, Judged] = field(default_factory=dict)
    tasks: tuple[ReportingTask, ...] = ()
    receipts: tuple[tuple[str, str, str, datetime], ...] = ()
    work_reports: tuple[WorkReport, ...] = ()  # 重要政策措施 / 重大活动: they, too, perform a duty


def monitor(
    records: Records,
    now: datetime,
    calendar: WorkingCalendar,
    settings: MonitoringSettings = DEFAULT_SETTINGS,
) -> list[Signal]:
    """缺位, 越位, 交叉, 滞后, 不报, in that order."""
    arrived = deliveries(records.tasks, records.submissions, records.receipts, now)
    return [
        *gaps(
            records.catalog,
            records.submissions,
            now,
            findings=records.findings,
            judged=records.judged,
            work_reports=records.work_reports,
            settings=settings,
        ),
        *overreach(
            records.catalog,
            records.submissions,
            records.findings,
            now,
            judged=records.judged,
            settings=settings,
        ),
        *overlap_signals(
            records.submissions, records.findings, now, judged=records.judged, settings=settings
        ),
        *lags(records.submissions, now, settings=settings),
        *unreported(records.tasks, arrived, calendar, now, settings=settings),
    ]
