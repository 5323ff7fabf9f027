"""缺位: an active duty that no goal, arrangement or summary item, nor a 重要政策措施 / 重大活动 report,
touched for its span (12 months by default, 36 for a 阶段性 duty; never for the catch-all duty, which covers
whatever is assigned).

The silence runs from the end of the last report period that touched the duty, or from the start of the
department's first report when none did: a span not yet observed proves nothing, so a department that has
reported for eleven months has no 12-month gap yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from fm_domain.models import Catalog, Duty
from fm_domain.monitoring.periods import add_months, period_span
from fm_domain.monitoring.reports import (
    Judged,
    findings_by_item,
    in_window,
    latest_versions,
    performed_duties,
)
from fm_domain.monitoring.settings import DEFAULT_SETTINGS, MonitoringSettings
from fm_domain.monitoring.signal import Evidence, Mark, Pattern, Severity, Signal, SignalKind
from fm_domain.records import Finding, Submission, WorkReport
from fm_domain.review import is_catch_all
from fm_domain.verdicts import Verdict


def gap_months(duty: Duty, settings: MonitoringSettings = DEFAULT_SETTINGS) -> int | None:
    """How long the duty may go untouched before it is 缺位; None: never (the catch-all duty)."""
    if is_catch_all(duty):
        return None
    return settings.periodic_gap_months if duty.periodic else settings.gap_months


def gaps(
    catalog: Catalog,
    submissions: Iterable[Submission],
    now: datetime,
    *,
    findings: Iterable[Finding] = (),
    judged: Mapping[int, Judged] | None = None,
    work_reports: Iterable[WorkReport] = (),
    settings: MonitoringSettings = DEFAULT_SETTINGS,
) -> list[Signal]:
    """One signal per active duty silent for its span, by department in catalog order, duties in order.

    ``findings`` and ``judged`` (finding id → the office's judgement of its item) let staff's decisions
    override the review's placement of an item (monitoring.reports.performed_duties).
    """
    today = now.date()
    by_item = findings_by_item(findings)
    reports_of: dict[str, list[Submission]] = {}
    for report in latest_versions(submissions):
        reports_of.setdefault(report.department, []).append(report)
    policies = _latest_work_reports(work_reports)
    signals: list[Signal] = []
    for department in catalog:
        reports = reports_of.get(department.code)
        if not reports:
            continue  # nothing reported: 不报 says so; it proves nothing about any one duty
        last = _last_performed(reports, by_item, judged or {})
        history_start = min(period_span(report.period)[0] for report in reports)
        for duty in department.duties:
            months = gap_months(duty, settings)
            if not duty.active or months is None:
                continue
            signal = _gap(
                duty, months, last.get(duty.id), policies.get(duty.id), history_start, reports, today
            )
            if signal is not None:
                signals.append(signal)
    return signals


def _last_performed(
    reports: list[Submission], by_item: Mapping[tuple[int, str], Finding], judged: Mapping[int, Judged]
) -> dict[str, tuple[Submission, str]]:
    """duty id → (the report whose period ends last among those that touched it, an item that did)."""
    last: dict[str, tuple[Submission, str]] = {}
    for report in reports:
        end = period_span(report.period)[1]
        for duty, items in performed_duties(report, by_item, judged).items():
            kept = last.get(duty)
            if kept is None or end >= period_span(kept[0].period)[1]:
                last[duty] = (report, items[0])
    return last


def _latest_work_reports(work_reports: Iterable[WorkReport]) -> dict[str, WorkReport]:
    """duty id → the latest policy or activity report the 三定 check placed on it (in scope)."""
    latest: dict[str, WorkReport] = {}
    for report in work_reports:
        duty = report.check.duty
        if report.check.verdict is not Verdict.IN_SCOPE or duty is None:
            continue
        if duty not in latest or report.happened_on >= latest[duty].happened_on:
            latest[duty] = report
    return latest


def _gap(
    duty: Duty,
    months: int,
    last: tuple[Submission, str] | None,
    policy: WorkReport | None,
    history_start: date,
    reports: list[Submission],
    today: date,
) -> Signal | None:
    silent_from = period_span(last[0].period)[1] if last else history_start
    if policy is not None and policy.happened_on + timedelta(days=1) > silent_from:
        # A policy issued or an activity held on the duty is performing it, as much as a report's item.
        silent_from = policy.happened_on + timedelta(days=1)
        evidence = [
            Evidence(
                Mark.LAST_PERFORMED,
                f"{policy.happened_on:%Y-%m}",
                item=policy.title,
                work_report_id=policy.id,
            )
        ]
    else:
        evidence = [Evidence(Mark.LAST_PERFORMED, last[0].period, last[0].id, item=last[1])] if last else []
    if add_months(silent_from, months) > today:
        return None
    evidence += [
        Evidence(Mark.EXAMINED, report.period, report.id)
        for report in reports
        if in_window(report, silent_from, today)
    ]
    # Silent for twice its span: long unperformed (长期不履行), what 取消 or 督促履行 is for.
    severity = Severity.SERIOUS if add_months(silent_from, 2 * months) <= today else Severity.WARNING
    return Signal(
        SignalKind.GAP,
        Pattern.UNPERFORMED,
        duty.department,
        (duty.id,),
        silent_from,
        today,
        severity,
        tuple(evidence),
    )
