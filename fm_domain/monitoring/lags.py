"""滞后: monthly items that keep slipping, and annual goals not started at mid-year.

Each monthly arrangement reports the progress of last month's items (``details["progress"]``, entries
``{"text", "status", "reason"}`` with status done / ongoing / delayed, as conversations/flows/monthly.py
stores them). An item not done is usually carried into the next arrangement, often reworded, so the next
report speaks of it again: entries of consecutive reports that are the same work (monitoring.similarity)
form a chain. A chain with ``delayed_reports`` 延期 is DELAYED; one still not done after
``ongoing_reports`` reports is ONGOING (a single 推进中 is multi-month work, not a lag). The half-year
summary reports each annual goal (``details["goals"]``, status done / ongoing / not_started): goals not
started at mid-year are NOT_STARTED.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from fm_domain.monitoring.periods import add_months, next_month
from fm_domain.monitoring.reports import in_window, latest_versions
from fm_domain.monitoring.settings import DEFAULT_SETTINGS, MonitoringSettings
from fm_domain.monitoring.signal import Evidence, Mark, Pattern, Severity, Signal, SignalKind
from fm_domain.monitoring.similarity import similarity
from fm_domain.records import Submission, SubmissionKind

DONE, ONGOING, DELAYED, NOT_STARTED = "done", "ongoing", "delayed", "not_started"
_MARKS = {DELAYED: Mark.DELAYED, ONGOING: Mark.ONGOING}

Entry = tuple[Submission, Mapping[str, Any]]  # a report and one of its progress entries


def lags(
    submissions: Iterable[Submission], now: datetime, *, settings: MonitoringSettings = DEFAULT_SETTINGS
) -> list[Signal]:
    """Chains of slipping monthly items, then goals not started, by department."""
    today = now.date()
    start = add_months(today, -settings.window_months)
    reports = [
        report
        for report in latest_versions(submissions)
        if not report.division and in_window(report, start, today)
    ]
    planned = {
        (report.department, report.period): report
        for report in reports
        if report.kind is SubmissionKind.MONTHLY_ARRANGEMENT
    }
    signals: list[Signal] = []
    for department in sorted({report.department for report in reports}):
        monthly = [
            r for r in reports if r.department == department and r.kind is SubmissionKind.MONTHLY_ARRANGEMENT
        ]
        for chain in _chains(monthly, settings.same_work):
            signal = _chain_signal(chain, planned, settings, start, today)
            if signal is not None:
                signals.append(signal)
        for report in reports:
            if report.department == department and report.kind is SubmissionKind.HALF_YEAR_SUMMARY:
                signal = _not_started(report, reports, start, today)
                if signal is not None:
                    signals.append(signal)
    return signals


def _chains(monthly: list[Submission], threshold: float) -> list[list[Entry]]:
    """Entries not done, linked report to report when they are the same work; monthly is in period order."""
    closed: list[list[Entry]] = []
    open_chains: list[list[Entry]] = []
    previous = ""
    for report in monthly:
        # A chain goes on only into the very next month's report: a gap in reporting breaks it.
        waiting = open_chains if previous and next_month(previous) == report.period else []
        if not waiting:
            closed += open_chains
        waiting = list(waiting)
        extended: list[list[Entry]] = []
        for entry in report.details.get("progress", ()):
            if entry.get("status") not in _MARKS:
                continue
            same = (
                i for i, c in enumerate(waiting) if similarity(c[-1][1]["text"], entry["text"]) >= threshold
            )
            position = next(same, None)
            chain = [] if position is None else waiting.pop(position)
            chain.append((report, entry))
            extended.append(chain)
        closed += waiting  # not reported as slipping again: done, or dropped
        open_chains, previous = extended, report.period
    return closed + open_chains


def _chain_signal(
    chain: list[Entry],
    planned: Mapping[tuple[str, str], Submission],
    settings: MonitoringSettings,
    start: date,
    today: date,
) -> Signal | None:
    delayed = sum(1 for _, entry in chain if entry["status"] == DELAYED)
    if delayed >= settings.delayed_reports:
        pattern = Pattern.DELAYED
    elif len(chain) >= settings.ongoing_reports:
        pattern = Pattern.ONGOING
    else:
        return None
    evidence = tuple(
        Evidence(
            _MARKS[entry["status"]], report.period, report.id, entry["text"], reason=entry.get("reason", "")
        )
        for report, entry in chain
    )
    serious = delayed >= settings.delayed_reports + 1 or len(chain) >= 2 * settings.ongoing_reports
    first = chain[0][0]
    return Signal(
        SignalKind.LAG,
        pattern,
        first.department,
        _planned_duties(chain, planned),
        start,
        today,
        Severity.SERIOUS
        if serious
        else (Severity.WARNING if pattern is Pattern.DELAYED else Severity.NOTICE),
        evidence,
    )


def _planned_duties(chain: list[Entry], planned: Mapping[tuple[str, str], Submission]) -> tuple[str, ...]:
    """The duties the items were placed on in the arrangements that planned them (the previous months)."""
    duties: list[str] = []
    for report, entry in chain:
        plan = planned.get((report.department, str(report.details.get("previous_period", ""))))
        check = next((c for c in plan.review.items if c.text == entry["text"]), None) if plan else None
        if check is not None and check.duty and check.duty not in duties:
            duties.append(check.duty)
    return tuple(duties)


def _not_started(summary: Submission, reports: list[Submission], start: date, today: date) -> Signal | None:
    goals = [goal for goal in summary.details.get("goals", ()) if goal.get("status") == NOT_STARTED]
    if not goals:
        return None
    year = str(summary.details.get("year", summary.period[:4]))
    annual = next(
        (
            r
            for r in reports
            if r.kind is SubmissionKind.ANNUAL_GOALS
            and r.department == summary.department
            and r.period == year
        ),
        None,
    )
    placed = {check.text: check.duty for check in annual.review.items if check.duty} if annual else {}
    duties = tuple(dict.fromkeys(placed[goal["text"]] for goal in goals if goal["text"] in placed))
    # One goal of many not started is a note; several, or a third of the year's goals, a concern.
    total = len(summary.details.get("goals", ()))
    concern = len(goals) >= 2 or 3 * len(goals) >= total
    return Signal(
        SignalKind.LAG,
        Pattern.NOT_STARTED,
        summary.department,
        duties,
        start,
        today,
        Severity.WARNING if concern else Severity.NOTICE,
        tuple(
            Evidence(
                Mark.NOT_STARTED, summary.period, summary.id, goal["text"], reason=goal.get("reason", "")
            )
            for goal in goals
        ),
    )
