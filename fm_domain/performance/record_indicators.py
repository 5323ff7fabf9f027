"""Indicators computed from fmbot's own record of a year, never typed in: reports on time and complete,
duties covered by the year's work, findings confirmed, written inquiries answered on time and accepted.

Pure: the caller reads the records (conversations/assessment.py reads them through the ports) into a
:class:`YearRecord`; each indicator turns one department's part of it into a :class:`Measure` whose
evidence names every case: each period owed, each duty, each finding, each inquiry.

A share with no cases (nothing was owed, no inquiry was asked) is met: value 1, and the evidence says
``nothing_due``, so nobody loses points for what was never asked of them.

Three indicators follow the office's work through (fm_domain.performance.followup): confirmed findings
rectified by their deadline, recommendations adopted and carried out, and 越位 / 缺位 signals left open
at the year's end. They read the findings' histories and the stored recommendations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import OnceRule, Period, ReportingTask, period_at
from fm_domain.models import Catalog
from fm_domain.obligations import SUBMITTED_BY_FLOW
from fm_domain.performance.evidence import Evidence, EvidenceKind, Measure
from fm_domain.performance.followup import Step, carried_out, open_signals, rectifications
from fm_domain.recommendations.recommendation import StoredRecommendation
from fm_domain.records import Finding, Inquiry, InquiryStatus, Submission
from fm_domain.verdicts import Coverage

Key = tuple[str, str, str]  # (task code, period, department)


class ValueKind(StrEnum):
    SHARE = "share"  # from 0 to 1: scored with ``ratio``
    COUNT = "count"  # a number of cases: scored with ``per_unit``


@dataclass(frozen=True)
class Arrival:
    """The first time a period's report arrived: submitted through a flow, or recorded by staff."""

    at: date  # local date
    receipt: str  # the submission's receipt number; "" for a receipt staff recorded


@dataclass(frozen=True)
class InquiryOutcome:
    inquiry: Inquiry
    answered_on: date | None  # local date of the department's first reply; None: never answered


@dataclass(frozen=True)
class YearRecord:
    """Everything the record indicators read for one year, for every department."""

    year: int
    as_of: date  # periods and reply deadlines after this day are not owed yet
    catalog: Catalog
    calendar: WorkingCalendar
    tasks: tuple[ReportingTask, ...] = ()
    arrivals: Mapping[Key, Arrival] = field(default_factory=dict)
    submissions: Mapping[str, tuple[Submission, ...]] = field(default_factory=dict)  # the year's latest
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)  # raised in the year
    inquiries: Mapping[str, tuple[InquiryOutcome, ...]] = field(default_factory=dict)  # asked in the year
    histories: Mapping[int, tuple[Step, ...]] = field(default_factory=dict)  # of the findings above
    # the year's recommendations, by the department each was made for
    recommendations: Mapping[str, tuple[StoredRecommendation, ...]] = field(default_factory=dict)


def first_arrivals(
    tasks: Iterable[ReportingTask],
    submissions: Iterable[tuple[str, str, str, date, str]],
    receipts: Iterable[tuple[str, str, str, date]],
) -> dict[Key, Arrival]:
    """(task, period, department) → the first arrival: a department-level submission of the task's kind
    (``submissions`` holds (kind, period, department, local date, receipt) of every version) settles every
    task of that kind, as in fm_domain.obligations; ``receipts`` holds (task, period, department, local
    date) of what staff recorded."""
    codes_by_kind: dict[str, list[str]] = {}
    for task in tasks:
        if task.kind in SUBMITTED_BY_FLOW:
            codes_by_kind.setdefault(task.kind.value, []).append(task.code)
    result: dict[Key, Arrival] = {}

    def keep(key: Key, arrival: Arrival) -> None:
        known = result.get(key)
        if known is None or arrival.at < known.at:
            result[key] = arrival

    for kind, period, department, day, receipt in submissions:
        for code in codes_by_kind.get(kind, ()):
            keep((code, period, department), Arrival(day, receipt))
    for code, period, department, day in receipts:
        keep((code, period, department), Arrival(day, ""))
    return result


def owed_periods(task: ReportingTask, year: int, as_of: date, calendar: WorkingCalendar) -> list[Period]:
    """The task's periods of ``year`` (their keys start with it) that were due by ``as_of``; a period due
    before the task's ``active_from`` was never owed."""
    rule = task.rule
    if isinstance(rule, OnceRule):
        indexes = [0] if rule.day.year == year else []
    else:
        indexes = list(range(rule.index_of(date(year, 1, 1)), rule.index_of(date(year, 12, 31)) + 1))
    periods = []
    for index in indexes:
        if rule.earliest(index) > as_of:
            break  # not due yet, and neither is any later one: no calendar look-up for them
        period = period_at(rule, index, calendar)
        if period.deadline <= as_of and (task.active_from is None or period.deadline >= task.active_from):
            periods.append(period)
    return periods


# -- the indicators ------------------------------------------------------------------------------------


def _share(evidence: list[Evidence]) -> Measure:
    """The share of cases counted for; met (1) when there are none."""
    if not evidence:
        return Measure(Fraction(1), (Evidence(EvidenceKind.NOTHING_DUE),), cases=0)
    met = sum(item.counted for item in evidence)
    return Measure(Fraction(met, len(evidence)), tuple(evidence), cases=len(evidence))


def _count(evidence: list[Evidence]) -> Measure:
    """How many cases there are (each counted against the department); none is nothing lost."""
    if not evidence:
        return Measure(Fraction(0), (Evidence(EvidenceKind.NOTHING_DUE),), cases=0)
    return Measure(Fraction(len(evidence)), tuple(evidence), cases=len(evidence))


def _reports(record: YearRecord, department: str, *, on_time: bool) -> Measure:
    evidence: list[Evidence] = []
    for task in record.tasks:
        if department not in task.departments:
            continue
        for period in owed_periods(task, record.year, record.as_of, record.calendar):
            arrival = record.arrivals.get((task.code, period.key, department))
            if arrival is None:
                evidence.append(
                    Evidence(EvidenceKind.MISSING, task.title, period.key, period.deadline, counted=False)
                )
                continue
            counted = arrival.at <= period.deadline if on_time else True
            kind, ref = (
                (EvidenceKind.SUBMISSION, arrival.receipt) if arrival.receipt else (EvidenceKind.RECEIPT, "")
            )
            evidence.append(
                Evidence(kind, ref, period.key, period.deadline, arrival.at, counted, note=task.title)
            )
    return _share(evidence)


def reports_on_time(record: YearRecord, department: str) -> Measure:
    """Periods owed in the year whose report arrived by its deadline, of all owed."""
    return _reports(record, department, on_time=True)


def reports_complete(record: YearRecord, department: str) -> Measure:
    """Periods owed in the year whose report arrived at all (late too), of all owed."""
    return _reports(record, department, on_time=False)


def duty_coverage(record: YearRecord, department: str) -> Measure:
    """The department's duties performed by the year's work (the latest version of each goal list,
    arrangement and summary), of those it should perform: duties in force, not the catch-all (交办的其他
    任务), and a 阶段性 duty only in a year it was performed (otherwise it is listed, not counted)."""
    known = record.catalog.get(department)
    if known is None:
        return Measure(None)
    covering: dict[str, str] = {}  # duty id → the receipt of the first submission that performs it
    for submission in sorted(record.submissions.get(department, ()), key=lambda s: s.submitted_at):
        for coverage in submission.review.duties:
            if coverage.status is Coverage.COVERED:
                covering.setdefault(coverage.duty, submission.receipt)
    evidence: list[Evidence] = []
    periodic: list[Evidence] = []
    for duty in known.duties:
        if not duty.active or duty.catch_all:
            continue
        receipt = covering.get(duty.id)
        if receipt is None and duty.periodic:
            periodic.append(Evidence(EvidenceKind.DUTY, duty.id, counted=False, note="periodic"))
            continue
        evidence.append(Evidence(EvidenceKind.DUTY, duty.id, counted=receipt is not None, note=receipt or ""))
    measure = _share(evidence)
    return Measure(measure.value, measure.evidence + tuple(periodic), measure.cases)


def findings_confirmed(record: YearRecord, department: str) -> Measure:
    """Findings raised in the year that staff confirmed (越位, 职责交叉, 未启动, 延期 …): each one counts."""
    return _count(
        [
            Evidence(
                EvidenceKind.FINDING, str(finding.id), finding.kind.value, counted=False, note=finding.item
            )
            for finding in record.findings.get(department, ())
            if finding.status.bore_out
        ]
    )


def inquiries_on_time(record: YearRecord, department: str) -> Measure:
    """Written inquiries of the year answered by their deadline, of those answered or past it."""
    return _share(
        [
            _inquiry(
                outcome, outcome.answered_on is not None and outcome.answered_on <= outcome.inquiry.deadline
            )
            for outcome in record.inquiries.get(department, ())
            if outcome.answered_on is not None or outcome.inquiry.deadline < record.as_of
        ]
    )


def inquiries_accepted(record: YearRecord, department: str) -> Measure:
    """Written inquiries of the year whose answer the office accepted, of those accepted or left without
    an acceptable answer past their deadline. One whose answer waits for staff is not counted either way.
    The evidence notes the inquiry's status (what tells an acceptance from an answer in time)."""
    accepted, still_open = InquiryStatus.ACCEPTED, InquiryStatus.OPEN
    return _share(
        [
            _inquiry(outcome, outcome.inquiry.status is accepted, note=outcome.inquiry.status.value)
            for outcome in record.inquiries.get(department, ())
            if outcome.inquiry.status is accepted
            or (outcome.inquiry.status is still_open and outcome.inquiry.deadline < record.as_of)
        ]
    )


def _inquiry(outcome: InquiryOutcome, counted: bool, note: str = "") -> Evidence:
    inquiry = outcome.inquiry
    return Evidence(
        EvidenceKind.INQUIRY,
        str(inquiry.id),
        due=inquiry.deadline,
        at=outcome.answered_on,
        counted=counted,
        note=note,
    )


def findings_rectified_on_time(record: YearRecord, department: str) -> Measure:
    """Findings raised in the year and asked to rectify, settled by their deadline, of those settled or
    past it."""
    findings = record.findings.get(department, ())
    return _share(rectifications(findings, record.histories, record.as_of))


def recommendations_carried_out(record: YearRecord, department: str) -> Measure:
    """The year's adopted recommendations for the department that change its 三定, carried out (their
    revision saved), of all such; adopted advice is listed after them, not counted."""
    cases, advice = carried_out(record.recommendations.get(department, ()))
    measure = _share(cases)
    return Measure(measure.value, measure.evidence + tuple(advice), measure.cases)


def signals_left_open(record: YearRecord, department: str) -> Measure:
    """越位 and 缺位 signals raised in the year and still open at its end (or now, within the year)."""
    year_end = min(record.as_of, date(record.year, 12, 31))
    return _count(open_signals(record.findings.get(department, ()), record.histories, year_end))


@dataclass(frozen=True)
class RecordIndicator:
    kind: ValueKind
    measure: Callable[[YearRecord, str], Measure]


# The keys a scheme's ``from`` may name for a ``record`` item.
RECORD_INDICATORS: dict[str, RecordIndicator] = {
    "reports_on_time": RecordIndicator(ValueKind.SHARE, reports_on_time),
    "reports_complete": RecordIndicator(ValueKind.SHARE, reports_complete),
    "duty_coverage": RecordIndicator(ValueKind.SHARE, duty_coverage),
    "findings_confirmed": RecordIndicator(ValueKind.COUNT, findings_confirmed),
    "inquiries_on_time": RecordIndicator(ValueKind.SHARE, inquiries_on_time),
    "inquiries_accepted": RecordIndicator(ValueKind.SHARE, inquiries_accepted),
    "findings_rectified_on_time": RecordIndicator(ValueKind.SHARE, findings_rectified_on_time),
    "recommendations_carried_out": RecordIndicator(ValueKind.SHARE, recommendations_carried_out),
    "signals_left_open": RecordIndicator(ValueKind.COUNT, signals_left_open),
}


def measures_of(record: YearRecord, department: str, keys: Iterable[str]) -> dict[str, Measure]:
    """The measures a scheme's record items need, for one department."""
    return {key: RECORD_INDICATORS[key].measure(record, department) for key in set(keys)}
