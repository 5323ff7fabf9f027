"""A simulated year of the five pilot departments: what storage would hold on 1 January after it.

Seeded and deterministic. Each department submits its annual goals in January, a monthly arrangement every
month (with the progress of last month's items) and its half-year summary in July, a few of them twice
(a resubmission). Items come from benchmarks/simulated_items.py, as many a month as its posts warrant
(0.2 per 行政编制; 城管局 twice that: the planted workload). Every item has a truth: what the office would
judge it to be. Items are checked either by the real matcher (``matcher``: conversations.review's
MatchingReviewer, with the office's judgements fed back as precedents month by month, as in production) or
by the truth itself (``labels``: as if every check were right). Every finding a check raises (as
conversations/flows/drafting.py raises them) is decided by a simulated office that knows the truth: it
confirms a finding that is right, and dismisses one that is not with a judgement (编办认定) of what the item
is. It decides each finding as it is raised (before any resubmission), so none is left open or superseded.
The planted patterns are in simulated_items.py and PLANTED_* below.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from benchmarks import simulated_items as data
from bot.catalog_files import load_sample_catalog
from conversations.review import MatchingReviewer
from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import ReportingTask, TaskKind, parse_due_rule
from fm_domain.matching.precedents import Judgement
from fm_domain.models import Catalog
from fm_domain.monitoring import Judged, Records
from fm_domain.records import (
    DutyCoverage,
    Finding,
    FindingKind,
    FindingStatus,
    ItemCheck,
    ReviewedItems,
    Submission,
    SubmissionKind,
)
from fm_domain.verdicts import Confidence, Coverage, Verdict

Mode = Literal["labels", "matcher"]
YEAR = 2026
LOCAL = ZoneInfo("Asia/Shanghai")
NOW = datetime(YEAR + 1, 1, 1, 9, 0, tzinfo=LOCAL)  # monitoring runs on the first morning of the next year

ITEMS_PER_POST = 0.2  # a month's items per administrative post
PLANTED_HEAVY = "chengguan"  # twice the items per post of its peers
PLANTED_UNPERFORMED = ("minzheng.9", "shangwu.10")  # never touched (simulated_items has no items for them)
PLANTED_LATE = "sifa"  # late most months, one month missing
LATE_MONTHS = (2, 4, 5, 7, 9, 11)
MISSING_MONTH = 10
NEW_FUNCTION_MONTHS = (3, 5, 7, 9, 11)
OVERLAP_MONTHS = (2, 4, 6, 9, 11)
# Noise rates
PERIODIC_WEIGHT = 0.3  # a 阶段性 duty is worked on now and then
RESUBMIT = 0.08  # a report sent again with one item reworded
LATE_BY_CHANCE = 0.04  # an ordinary department late with a month's report
ONGOING, DELAYED = 0.08, 0.03  # last month's items reported 推进中 / 延期 (the rest 完成)
DELAY_REASONS = ("等待上级批复", "人员调整", "资金未到位", "天气原因")


@dataclass(frozen=True)
class Truth:
    """What the office would judge an item to be."""

    verdict: Verdict
    duty: str | None  # the duty performed (in_scope, retired), or the other department's (overlap)
    own: str | None = None  # an overlap's own side


@dataclass(frozen=True)
class IssueReport:
    id: int
    department: str
    kind: str
    description: str
    reported_at: datetime


@dataclass
class SimulatedYear:
    mode: Mode
    seed: int
    catalog: Catalog
    records: Records
    issue_reports: tuple[IssueReport, ...]
    now: datetime = NOW
    raised: int = 0  # findings the checks raised
    dismissed: int = 0  # of which the office dismissed with a judgement


@dataclass
class _Draft:
    """A report before it is checked."""

    kind: SubmissionKind
    department: str
    period: str
    items: list[tuple[str, Truth]]
    submitted: datetime
    details: dict[str, object] = field(default_factory=dict)
    version: int = 1


def standing_tasks(departments: Sequence[str]) -> tuple[ReportingTask, ...]:
    """The office's three standing tasks (migration 0005), owed by every department."""
    rules = (
        (TaskKind.ANNUAL_GOALS, "年度工作目标", "yearly 01-31"),
        (TaskKind.MONTHLY_ARRANGEMENT, "月度工作安排", "monthly wd5"),
        (TaskKind.HALF_YEAR_SUMMARY, "半年工作总结", "halfyear 07-15"),
    )
    return tuple(
        ReportingTask(kind.value, title, kind, parse_due_rule(rule), tuple(departments))
        for kind, title, rule in rules
    )


def simulate(seed: int, mode: Mode) -> SimulatedYear:
    rng = random.Random(seed)
    catalog = load_sample_catalog()
    calendar = WorkingCalendar.standard()
    drafts = _drafts(rng, catalog, calendar)
    year = SimulatedYear(mode, seed, catalog, Records(catalog, ()), _issue_reports())
    _check_and_decide(year, drafts, catalog)
    return year


# -- what the departments send ----------------------------------------------------------------------


def _drafts(rng: random.Random, catalog: Catalog, calendar: WorkingCalendar) -> list[_Draft]:
    drafts: list[_Draft] = []
    for department in catalog:
        code = department.code
        duties = [d for d in department.duties if d.id in data.DUTY_ITEMS]
        weights = [PERIODIC_WEIGHT if d.periodic else 1.0 for d in duties]
        per_month = (
            (department.staffing.administrative or 0) * ITEMS_PER_POST * (2 if code == PLANTED_HEAVY else 1)
        )
        goals = [
            (text, Truth(Verdict.IN_SCOPE, duty))
            for duty, text in data.GOALS.items()
            if duty.startswith(f"{code}.")
        ]
        drafts.append(
            _Draft(SubmissionKind.ANNUAL_GOALS, code, str(YEAR), goals, _annual_day(rng, code, calendar))
        )
        previous: list[tuple[str, Truth]] = []
        for month in range(1, 13):
            period = f"{YEAR}-{month:02d}"
            if code == PLANTED_LATE and month == MISSING_MONTH:
                previous = []  # nothing sent: the next report has no last month to speak of
                continue
            count = max(1, round(per_month) + rng.randint(-1, 1))
            items = _month_items(rng, duties, weights, count)
            items += _planted_items(code, month)
            progress = _progress(rng, code, period, previous)
            submitted = _monthly_day(rng, code, month, calendar)
            details = {"previous_period": f"{YEAR}-{month - 1:02d}" if month > 1 else f"{YEAR - 1}-12"}
            details["progress"] = progress
            drafts.append(_Draft(SubmissionKind.MONTHLY_ARRANGEMENT, code, period, items, submitted, details))
            if rng.random() < RESUBMIT:
                again = list(items)
                position = rng.randrange(count)  # an ordinary item: the planted ones keep their wording
                again[position] = (again[position][0] + "（调整）", again[position][1])
                later = submitted + timedelta(days=rng.randint(1, 3))
                drafts.append(
                    _Draft(SubmissionKind.MONTHLY_ARRANGEMENT, code, period, again, later, details, version=2)
                )
                items = again
            previous = items
            if month == 6:
                drafts.append(_half_year(rng, code, goals, duties, weights, calendar))
    return sorted(drafts, key=lambda d: (d.submitted, d.department))


def _month_items(
    rng: random.Random, duties: list, weights: list[float], count: int
) -> list[tuple[str, Truth]]:
    items: dict[str, Truth] = {}
    while len(items) < count:
        duty = rng.choices(duties, weights)[0]
        text = rng.choice(data.DUTY_ITEMS[duty.id]).format(district=rng.choice(data.DISTRICTS))
        items.setdefault(text, Truth(Verdict.IN_SCOPE, duty.id))
    return list(items.items())


def _planted_items(code: str, month: int) -> list[tuple[str, Truth]]:
    planted: list[tuple[str, Truth]] = []
    if code == data.NEW_FUNCTION_DEPARTMENT and month in NEW_FUNCTION_MONTHS:
        text = data.NEW_FUNCTION_ITEMS[NEW_FUNCTION_MONTHS.index(month)]
        planted.append((text, Truth(Verdict.OUT_OF_SCOPE, None)))
    if code == data.OVERLAP_DEPARTMENT and month in OVERLAP_MONTHS:
        text = data.OVERLAP_ITEMS[OVERLAP_MONTHS.index(month) % len(data.OVERLAP_ITEMS)]
        planted.append((text, Truth(Verdict.OVERLAP, data.OVERLAP_DUTY, data.OVERLAP_OWN)))
    if code == data.DELAY_DEPARTMENT:
        planted += [
            (text, Truth(Verdict.IN_SCOPE, data.DELAY_DUTY))
            for period, text, _ in data.DELAY_CHAIN
            if period == f"{YEAR}-{month:02d}"
        ]
    for department, period, text, verdict, duty in data.ONE_OFF:
        if department == code and period == f"{YEAR}-{month:02d}":
            planted.append((text, Truth(Verdict(verdict), duty)))
    return planted


def _progress(
    rng: random.Random, code: str, period: str, previous: list[tuple[str, Truth]]
) -> list[dict[str, str]]:
    """Last month's items with their status; the planted chain's item is delayed as planned."""
    chain = {text: position for position, (_, text, _) in enumerate(data.DELAY_CHAIN)}
    entries = []
    for text, _ in previous:
        if code == data.DELAY_DEPARTMENT and text in chain:
            following = chain[text] + 1
            if following < len(data.DELAY_CHAIN):
                entries.append({"text": text, "status": "delayed", "reason": data.DELAY_CHAIN[following][2]})
            else:
                entries.append({"text": text, "status": "done", "reason": ""})
            continue
        roll = rng.random()
        if roll < DELAYED:
            entries.append({"text": text, "status": "delayed", "reason": rng.choice(DELAY_REASONS)})
        elif roll < DELAYED + ONGOING:
            entries.append({"text": text, "status": "ongoing", "reason": ""})
        else:
            entries.append({"text": text, "status": "done", "reason": ""})
    return entries


def _half_year(
    rng: random.Random,
    code: str,
    goals: list[tuple[str, Truth]],
    duties: list,
    weights: list[float],
    calendar: WorkingCalendar,
) -> _Draft:
    statuses = [{"text": text, "status": rng.choice(("done", "ongoing")), "reason": ""} for text, _ in goals]
    deadline = calendar.next_working_day(date(YEAR, 7, 15))
    day = (
        calendar.add_working_days(deadline, 5)
        if code == PLANTED_LATE
        else _working_day_before(rng, deadline, calendar)
    )
    details = {"year": str(YEAR), "goals_receipt": "", "goals": statuses}
    items = _month_items(rng, duties, weights, 3)
    return _Draft(SubmissionKind.HALF_YEAR_SUMMARY, code, f"{YEAR}H1", items, _moment(day), details)


def _annual_day(rng: random.Random, code: str, calendar: WorkingCalendar) -> datetime:
    deadline = calendar.next_working_day(date(YEAR, 1, 31))
    if code == PLANTED_LATE:
        return _moment(calendar.add_working_days(deadline, 4))
    return _moment(_working_day_before(rng, deadline, calendar))


def _monthly_day(rng: random.Random, code: str, month: int, calendar: WorkingCalendar) -> datetime:
    deadline = calendar.nth_working_day_of_month(YEAR, month, 5)
    late = (code == PLANTED_LATE and month in LATE_MONTHS) or (
        code != PLANTED_LATE and rng.random() < LATE_BY_CHANCE
    )
    if late:
        return _moment(
            calendar.add_working_days(
                deadline, rng.randint(1, 3) if code != PLANTED_LATE else rng.randint(2, 6)
            )
        )
    return _moment(_working_day_before(rng, deadline, calendar))


def _working_day_before(rng: random.Random, deadline: date, calendar: WorkingCalendar) -> date:
    return calendar.add_working_days(deadline, -rng.randint(0, 4))


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), LOCAL).astimezone(UTC)


def _issue_reports() -> tuple[IssueReport, ...]:
    return tuple(
        IssueReport(n, department, kind, text, _moment(date(YEAR, month, 12)))
        for n, (department, month, kind, text) in enumerate(data.ISSUE_REPORTS, start=1)
    )


# -- the checks, and the office deciding what they raise -------------------------------------------


def _check_and_decide(year: SimulatedYear, drafts: list[_Draft], catalog: Catalog) -> None:
    reviewer = MatchingReviewer() if year.mode == "matcher" else None
    submissions: list[Submission] = []
    findings: list[Finding] = []
    judged: dict[int, Judged] = {}
    precedents: list[Judgement] = []
    for number, draft in enumerate(drafts, start=1):
        texts = [text for text, _ in draft.items]
        truths = dict(draft.items)
        if reviewer is not None:
            review = reviewer.review(catalog, draft.department, texts, judgements=tuple(precedents))
        else:
            review = _labelled(draft.items)
        submission = Submission(
            number,
            draft.kind,
            draft.department,
            "",
            draft.period,
            draft.version,
            review,
            f"R{number:05d}",
            None,
            draft.submitted,
            draft.details,
        )
        submissions.append(submission)
        for check in review.items:
            if not check.raises_finding:
                continue
            year.raised += 1
            finding = Finding(
                len(findings) + 1,
                draft.department,
                number,
                check.text,
                FindingKind.of(check.verdict),
                check.label,
                FindingStatus.OPEN,
                "",
                None,
                None,
                draft.submitted,
            )
            truth = truths[check.text]
            if _right(check, truth):
                finding = _decided(finding, FindingStatus.CONFIRMED, draft.submitted + timedelta(days=2))
            else:
                year.dismissed += 1
                finding = _decided(finding, FindingStatus.DISMISSED, draft.submitted + timedelta(days=2))
                judged[finding.id] = Judged(truth.verdict, truth.duty)
                precedents.append(Judgement(check.text, draft.department, truth.verdict.value, truth.duty))
            findings.append(finding)
    tasks = standing_tasks([d.code for d in catalog])
    year.records = Records(catalog, tuple(submissions), tuple(findings), judged, tasks)


def _labelled(items: list[tuple[str, Truth]]) -> ReviewedItems:
    checks = tuple(
        ItemCheck(text, truth.verdict, truth.duty, confidence=Confidence.HIGH) for text, truth in items
    )
    placed: dict[str, list[int]] = {}
    for index, (_, truth) in enumerate(items):
        own = truth.own if truth.verdict is Verdict.OVERLAP else truth.duty
        if own:
            placed.setdefault(own, []).append(index)
    return ReviewedItems(
        checks, tuple(DutyCoverage(d, Coverage.COVERED, tuple(i)) for d, i in placed.items())
    )


def _right(check: ItemCheck, truth: Truth) -> bool:
    """Whether the check says what the office knows the item to be (then it confirms the finding)."""
    if check.verdict is not truth.verdict:
        return False
    return truth.verdict is Verdict.OUT_OF_SCOPE or check.duty == truth.duty


def _decided(finding: Finding, status: FindingStatus, at: datetime) -> Finding:
    return replace(finding, status=status, reason="核实", decided_by=1, decided_at=at)
