"""Indicators from fmbot's own record: each case the value counts is named in the evidence, deadlines are
the working-day deadlines the nudges chase, 阶段性 and catch-all duties are not held against a department,
and a share with no cases is met."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import MonthlyWorkingDayRule, ReportingTask, TaskKind, YearlyRule
from fm_domain.models import Catalog, Department, Duty, DutyCategory, DutyStatus
from fm_domain.performance import Arrival, EvidenceKind, InquiryOutcome, YearRecord, first_arrivals
from fm_domain.performance.record_indicators import (
    duty_coverage,
    findings_confirmed,
    inquiries_accepted,
    inquiries_on_time,
    owed_periods,
    reports_complete,
    reports_on_time,
)
from fm_domain.records import (
    DutyCoverage,
    Finding,
    FindingKind,
    FindingStatus,
    Inquiry,
    InquiryStatus,
    ReviewedItems,
    Submission,
    SubmissionKind,
)
from fm_domain.verdicts import Coverage

CALENDAR = WorkingCalendar.standard()
AT = datetime(2026, 3, 1, tzinfo=UTC)
MONTHLY = ReportingTask(
    "monthly", "月度工作安排", TaskKind.MONTHLY_ARRANGEMENT, MonthlyWorkingDayRule(5), ("minzheng",)
)
GOALS = ReportingTask("goals", "年度工作目标", TaskKind.ANNUAL_GOALS, YearlyRule(1, 31), ("minzheng",))
DUTIES = (
    Duty("minzheng", 1, "负责社会救助工作。", DutyCategory.IMPLEMENTATION),
    Duty("minzheng", 2, "负责养老服务工作。", DutyCategory.IMPLEMENTATION),
    Duty("minzheng", 3, "编制养老服务设施布局规划。", DutyCategory.MACRO_DECISION, periodic=True),
    Duty("minzheng", 4, "组织开展地名普查。", DutyCategory.OTHER, periodic=True),
    Duty("minzheng", 5, "承担行政区划调整审核。", DutyCategory.OTHER, status=DutyStatus.TRANSFERRED),
    Duty("minzheng", 6, "完成市委、市政府交办的其他任务。", DutyCategory.OTHER),
)
CATALOG = Catalog((Department("minzheng", "南通市民政局", "民政局", duties=DUTIES),))


def record(**parts: object) -> YearRecord:
    return YearRecord(year=2026, as_of=date(2026, 12, 31), catalog=CATALOG, calendar=CALENDAR, **parts)  # type: ignore[arg-type]


def test_a_period_is_owed_from_its_working_day_deadline_and_only_once_due() -> None:
    periods = owed_periods(MONTHLY, 2026, date(2026, 5, 10), CALENDAR)

    # The 5th working day: 2026-05-01..05 are the Labour Day holiday, so May's falls on the 11th (not due).
    assert [(p.key, p.deadline) for p in periods][-2:] == [
        ("2026-03", date(2026, 3, 6)),
        ("2026-04", date(2026, 4, 8)),
    ]
    assert all(p.key < "2026-05" for p in periods)


def test_reports_count_on_time_late_and_missing_periods_each_with_its_evidence() -> None:
    arrivals = first_arrivals(
        [MONTHLY, GOALS],
        [
            ("monthly_arrangement", "2026-01", "minzheng", date(2026, 1, 7), "YD-1"),  # due 01-08
            ("monthly_arrangement", "2026-01", "minzheng", date(2026, 1, 20), "YD-2"),  # a later version
            ("monthly_arrangement", "2026-02", "minzheng", date(2026, 2, 9), "YD-3"),  # due 02-06: late
            ("annual_goals", "2026", "minzheng", date(2026, 1, 30), "ND-1"),
        ],
        [("monthly", "2026-03", "minzheng", date(2026, 3, 6))],  # received on paper, on the deadline
    )
    year = YearRecord(2026, date(2026, 4, 1), CATALOG, CALENDAR, (MONTHLY, GOALS), arrivals)

    on_time = reports_on_time(year, "minzheng")
    complete = reports_complete(year, "minzheng")

    # Owed by 04-01: January, February, March and the year's goals.
    assert (on_time.value, on_time.cases) == (Fraction(3, 4), 4)
    assert complete.value == Fraction(1)
    by_period = {e.period: e for e in on_time.evidence}
    assert by_period["2026-01"].ref == "YD-1" and by_period["2026-01"].at == date(2026, 1, 7)
    assert by_period["2026-02"].kind is EvidenceKind.SUBMISSION and not by_period["2026-02"].counted
    assert by_period["2026-03"].kind is EvidenceKind.RECEIPT and by_period["2026-03"].counted
    assert by_period["2026"].ref == "ND-1"


def test_a_period_nothing_arrived_for_is_missing_and_counts_against_both_shares() -> None:
    year = YearRecord(2026, date(2026, 2, 1), CATALOG, CALENDAR, (MONTHLY,), {})

    [missing] = reports_complete(year, "minzheng").evidence
    assert (missing.kind, missing.period, missing.counted) == (EvidenceKind.MISSING, "2026-01", False)
    assert reports_on_time(year, "minzheng").value == 0


def test_nothing_owed_is_met_and_says_so() -> None:
    measure = reports_on_time(record(), "minzheng")
    assert (measure.value, measure.cases) == (Fraction(1), 0)
    assert [e.kind for e in measure.evidence] == [EvidenceKind.NOTHING_DUE]


def submission(duties: dict[str, Coverage], receipt: str = "YD-1") -> Submission:
    return Submission(
        id=1,
        kind=SubmissionKind.MONTHLY_ARRANGEMENT,
        department="minzheng",
        division="",
        period="2026-03",
        version=1,
        review=ReviewedItems((), tuple(DutyCoverage(duty, status) for duty, status in duties.items())),
        receipt=receipt,
        submitted_by=None,
        submitted_at=AT,
    )


def test_duty_coverage_counts_a_periodic_duty_only_in_a_year_it_was_performed() -> None:
    performed = submission({"minzheng.1": Coverage.COVERED, "minzheng.3": Coverage.COVERED})

    measure = duty_coverage(record(submissions={"minzheng": (performed,)}), "minzheng")

    # Counted: 1 (covered), 2 (not), 3 (periodic, covered). Not counted: 4 (periodic, not performed this
    # year), 5 (transferred), 6 (the catch-all).
    assert (measure.value, measure.cases) == (Fraction(2, 3), 3)
    by_duty = {e.ref: e for e in measure.evidence}
    assert by_duty["minzheng.1"].note == "YD-1" and not by_duty["minzheng.2"].counted
    assert by_duty["minzheng.4"].note == "periodic"
    assert "minzheng.5" not in by_duty and "minzheng.6" not in by_duty


def finding(number: int, status: FindingStatus) -> Finding:
    return Finding(
        number, "minzheng", None, "开展养老机构检查", FindingKind.OUT_OF_SCOPE, "", status, "", None, None, AT
    )


def test_confirmed_findings_are_counted_one_by_one_and_the_rest_are_not() -> None:
    findings = tuple(finding(n, status) for n, status in enumerate(FindingStatus, start=1))

    measure = findings_confirmed(record(findings={"minzheng": findings}), "minzheng")

    # Confirmed, and confirmed then rectified or closed: each was borne out by staff.
    borne_out = [f for f in findings if f.status.bore_out]
    assert [f.status for f in borne_out] == ["confirmed", "rectifying", "rectified", "closed"]
    assert measure.value == 4
    assert [e.ref for e in measure.evidence] == [str(f.id) for f in borne_out]
    confirmed = measure.evidence[0]
    assert (confirmed.period, confirmed.note) == ("out_of_scope", "开展养老机构检查")


def inquiry(number: int, status: InquiryStatus, deadline: date, answered: date | None) -> InquiryOutcome:
    return InquiryOutcome(Inquiry(number, "minzheng", deadline, status, None, AT), answered)


def test_inquiries_are_judged_on_time_and_accepted_each_by_its_own_deadline() -> None:
    outcomes = (
        inquiry(1, InquiryStatus.ACCEPTED, date(2026, 3, 10), date(2026, 3, 9)),
        inquiry(2, InquiryStatus.ACCEPTED, date(2026, 4, 10), date(2026, 4, 15)),  # late, then accepted
        inquiry(3, InquiryStatus.OPEN, date(2026, 5, 10), None),  # never answered
        inquiry(4, InquiryStatus.ANSWERED, date(2026, 6, 10), date(2026, 6, 1)),  # waits for staff
        inquiry(5, InquiryStatus.OPEN, date(2027, 1, 10), None),  # not due yet
    )
    year = record(inquiries={"minzheng": outcomes})

    on_time = inquiries_on_time(year, "minzheng")
    accepted = inquiries_accepted(year, "minzheng")

    assert [(e.ref, e.counted) for e in on_time.evidence] == [
        ("1", True),
        ("2", False),
        ("3", False),
        ("4", True),
    ]
    assert on_time.value == Fraction(2, 4)
    assert [(e.ref, e.counted) for e in accepted.evidence] == [("1", True), ("2", True), ("3", False)]
    assert accepted.value == Fraction(2, 3)


def test_the_first_arrival_of_a_period_is_kept_whatever_the_order_read() -> None:
    arrivals = first_arrivals(
        [MONTHLY],
        [("monthly_arrangement", "2026-01", "minzheng", date(2026, 1, 20), "YD-2")],
        [("monthly", "2026-01", "minzheng", date(2026, 1, 5))],
    )
    assert arrivals[("monthly", "2026-01", "minzheng")] == Arrival(date(2026, 1, 5), "")
