"""绩效管理 through the ports: a year's scores, read exactly one way for the chat (/考评), ``fmbot perf`` and
the benchmark; importing an evaluation sheet; rating; closing a year.

    scores = assess_year(uow, 2026, today, calendar, timezone, default_scheme)

A closed year's scores come from storage as they were frozen. An open year's are computed afresh: the
scheme in force (the year's own, else the bundled default), fmbot's own record read into a YearRecord
(fm_domain.performance.record_indicators computes the indicators), the evaluations in force and the
leaders' ratings, then fm_domain.performance.scoring. The bulk reads (a year's submissions, findings with
their histories, inquiries and recommendations at once) keep a city's forty departments to a handful of
queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo

from conversations.evaluation_sheet import read_sheet
from conversations.nudge_texts import inquiry_task_title
from conversations.ports import UnitOfWork
from fm_domain.calendar import WorkingCalendar
from fm_domain.errors import EvaluationError
from fm_domain.models import Catalog
from fm_domain.obligations import tasks_in_force
from fm_domain.performance import (
    Evaluation,
    InquiryOutcome,
    Scheme,
    SourceKind,
    Step,
    YearRecord,
    YearScores,
    build_evaluation,
    first_arrivals,
    measures_of,
    rank,
    score_department,
)
from fm_domain.records import Submission

T = TypeVar("T")


class YearClosed(Exception):
    """The year is closed: its scores are frozen, nothing more may be imported or rated for it."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(year)


def scheme_for(uow: UnitOfWork, year: int, default: Scheme | None) -> tuple[Scheme | None, bool]:
    """The scheme in force for ``year`` and whether it is the year's own (else the default's, re-yeared)."""
    own = uow.performance.scheme(year)
    if own is not None:
        return own, True
    return (default.for_year(year) if default is not None else None), False


def assess_year(
    uow: UnitOfWork,
    year: int,
    today: date,
    calendar: WorkingCalendar,
    timezone: ZoneInfo,
    default: Scheme | None,
) -> YearScores | None:
    """The year's scores: frozen if closed, else computed now; None when the year has no scheme."""
    closed = uow.performance.closed(year)
    if closed is not None:
        return closed
    scheme, _ = scheme_for(uow, year, default)
    if scheme is None:
        return None
    catalog = uow.catalog.current()
    keys = [i.origin for i in scheme if i.source is SourceKind.RECORD]
    record = read_year(uow, year, today, catalog, calendar, timezone) if keys else None
    evaluations = {e.source: e for e in uow.performance.evaluations(year)}
    ratings = uow.performance.ratings(year)
    scores = [
        score_department(
            scheme,
            department.code,
            measures_of(record, department.code, keys) if record is not None else {},
            evaluations,
            [r for r in ratings if r.department == department.code],
        )
        for department in catalog
    ]
    return YearScores(year, scheme, rank(scores), today)


def read_year(
    uow: UnitOfWork, year: int, today: date, catalog: Catalog, calendar: WorkingCalendar, timezone: ZoneInfo
) -> YearRecord:
    """fmbot's own record of ``year``, as the record indicators read it (dates local to ``timezone``)."""
    codes = [department.code for department in catalog]
    tasks = tasks_in_force(uow.reporting.tasks(active_only=True), (), codes, inquiry_task_title).tasks
    submissions = uow.submissions.of_year(year)
    prefix = f"{year:04d}"
    receipts = [
        (task, period, department, at.astimezone(timezone).date())
        for task, period, department, at in uow.reporting.received(prefix)
        if period.startswith(prefix)
    ]
    arrivals = first_arrivals(
        tasks,
        (
            (s.kind.value, s.period, s.department, s.submitted_at.astimezone(timezone).date(), s.receipt)
            for s in submissions
            if not s.division
        ),
        receipts,
    )
    start = datetime.combine(date(year, 1, 1), time(), timezone)
    end = datetime.combine(date(year + 1, 1, 1), time(), timezone)
    inquiries = uow.inquiries.asked_between(start, end)
    replies = uow.inquiries.first_replies([inquiry.id for inquiry in inquiries])
    outcomes = [
        InquiryOutcome(i, replies[i.id].astimezone(timezone).date() if i.id in replies else None)
        for i in inquiries
    ]
    findings = uow.findings.raised_between(start, end)
    histories = {
        finding_id: tuple(
            Step(event.to_status, event.at.astimezone(timezone).date(), event.deadline) for event in events
        )
        for finding_id, events in uow.findings.histories_between(start, end).items()
    }
    return YearRecord(
        year=year,
        as_of=today,
        catalog=catalog,
        calendar=calendar,
        tasks=tasks,
        arrivals=arrivals,
        submissions=_group(_latest_versions(submissions), lambda submission: submission.department),
        findings=_group(findings, lambda finding: finding.department),
        inquiries=_group(outcomes, lambda outcome: outcome.inquiry.department),
        histories=histories,
        recommendations=_group(uow.recommendations.of_year(year), lambda r: r.recommendation.department),
    )


def _latest_versions(submissions: Iterable[Submission]) -> list[Submission]:
    latest: dict[tuple[str, str, str, str], Submission] = {}
    for submission in submissions:
        key = (submission.kind, submission.department, submission.division, submission.period)
        if key not in latest or submission.version > latest[key].version:
            latest[key] = submission
    return list(latest.values())


def _group(records: Iterable[T], key: Callable[[T], str]) -> dict[str, tuple[T, ...]]:
    groups: dict[str, list[T]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return {name: tuple(members) for name, members in groups.items()}


# -- evaluations ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    evaluation: Evaluation  # as stored, with its import number
    replaced: Evaluation | None  # the year's earlier sheet from the same source, now superseded


def import_evaluation(
    uow: UnitOfWork,
    name: str,
    content: bytes,
    *,
    default: Scheme | None,
    by: int | None,
    at: datetime,
) -> Imported:
    """Check a filled sheet in full and store it with its file; EvaluationError naming the cell, or
    YearClosed, and then nothing is written."""
    if not name.lower().endswith(".xlsx"):
        raise EvaluationError("考评表应为 .xlsx 文件", name)
    sheet = read_sheet(name, content)
    evaluation = build_evaluation(
        sheet, lambda year: scheme_for(uow, year, default)[0], uow.catalog.current()
    )
    if uow.performance.is_closed(evaluation.year):
        raise YearClosed(evaluation.year)
    previous = {e.source: e for e in uow.performance.evaluations(evaluation.year)}.get(evaluation.source)
    stored = uow.performance.add_evaluation(evaluation, file_content=content, by=by, at=at)
    return Imported(stored, previous)


# -- closing -------------------------------------------------------------------------------------------


def missing_data(scores: YearScores, names: Mapping[str, str]) -> dict[str, list[str]]:
    """Indicator name → the departments it has no data for."""
    missing: dict[str, list[str]] = {}
    for score in scores.scores:
        for point in score.missing:
            missing.setdefault(point.name, []).append(names.get(score.department, score.department))
    return missing


def close_year(uow: UnitOfWork, scores: YearScores, *, by: int | None, at: datetime) -> YearScores:
    """Freeze the scores as computed; YearClosed when another close came first (its scores stand)."""
    frozen = YearScores(scores.year, scores.scheme, scores.scores, scores.as_of, at)
    if not uow.performance.close(frozen, by=by, at=at):
        raise YearClosed(scores.year)
    return frozen
