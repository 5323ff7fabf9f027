"""Reading what the monitoring signals and the recommendations read, through the ports: one reading for the
periodic job, ``fmbot monitor``, ``fmbot recommend`` and ``/建议``, so each sees the same year.

    records, reports = read_records(uow, now, timezone, calendar)
    year = year_recommendations(uow, 2026, now, timezone, calendar)

A receipt staff recorded for a paper report counts as arriving on its deadline: staff record receipts when
they get to them, which says nothing of when the department delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from conversations.ports import IssueReportEntry, UnitOfWork
from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import DueRuleError, period_by_key
from fm_domain.monitoring import Judged, Records, Signal, SignalKind, monitor
from fm_domain.obligations import arrivals_since, task_from_record
from fm_domain.recommendations import Recommendation, recommend_year
from fm_domain.records import FindingStatus
from fm_domain.verdicts import Verdict


def read_records(
    uow: UnitOfWork, now: datetime, timezone: ZoneInfo, calendar: WorkingCalendar
) -> tuple[Records, list[IssueReportEntry]]:
    """Everything the signals and recommendations read, as storage holds it now."""
    catalog = uow.catalog.current()
    codes = [department.code for department in catalog]
    submissions = [s for code in codes for s in uow.submissions.of_department(code)]
    findings = [f for code in codes for f in uow.findings.of_department(code)]
    judged: dict[int, Judged] = {}
    for finding in findings:
        decided = finding.status.bore_out or finding.status is FindingStatus.DISMISSED
        if (
            decided
            and finding.kind.verdict is not None
            and (entries := uow.judgements.of_finding(finding.id))
        ):
            latest = entries[-1]
            judged[finding.id] = Judged(Verdict(latest.verdict), latest.duty, latest.internal)
    tasks = []
    for record in uow.reporting.tasks(active_only=True):
        try:
            tasks.append(task_from_record(record, codes))
        except DueRuleError:
            continue  # the nudge sweep tells staff of a task whose rule no longer parses
    by_code = {task.code: task for task in tasks}
    receipts = []  # dated on their deadline (see the module's docstring)
    for code, period, department in sorted(uow.reporting.receipts(arrivals_since(now.date()))):
        try:
            deadline = period_by_key(by_code[code], period, calendar).deadline
        except (KeyError, DueRuleError):
            continue  # a stopped task, or a period key its rule does not know
        receipts.append((code, period, department, datetime.combine(deadline, time(12), timezone)))
    work_reports = tuple(r for code in codes for r in uow.work_reports.of_department(code))
    records = Records(
        catalog,
        tuple(submissions),
        tuple(findings),
        judged,
        tuple(tasks),
        tuple(receipts),
        work_reports=work_reports,
    )
    return records, list(uow.issue_reports.listed())


def verified_gaps(uow: UnitOfWork) -> frozenset[str]:
    """The duties whose 缺位 finding staff confirmed (after an inquiry or a visit, typically)."""
    return frozenset(
        raised.signal.duties[0]
        for raised in uow.monitoring.all()
        if raised.signal.kind is SignalKind.GAP and raised.status.bore_out and raised.signal.duties
    )


@dataclass(frozen=True)
class YearRecommendations:
    records: Records
    signals: list[Signal]  # the year's, as at ``moment``
    made: list[Recommendation]  # every department's, as recommend_year orders them
    moment: datetime  # the year's end, or now for the year under way


def year_recommendations(
    uow: UnitOfWork, year: int, now: datetime, timezone: ZoneInfo, calendar: WorkingCalendar
) -> YearRecommendations:
    """The year's recommendations from its records as they stood at its end (now, for the year under
    way)."""
    moment = min(now, datetime(year + 1, 1, 1, tzinfo=timezone))
    records, reports = read_records(uow, moment, timezone, calendar)
    signals = monitor(records, moment, calendar)
    made = recommend_year(records, signals, year, issue_reports=reports, verified_gaps=verified_gaps(uow))
    return YearRecommendations(records, signals, made, moment)
