"""fm_domain's one answer to "which tasks, which periods, who has submitted", shared by the nudge sweep and
the look-ups /待办 and /未报 (pure: no database)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import ReportingTask, TaskKind, open_periods, parse_due_rule
from fm_domain.obligations import arrived, obligations, tasks_in_force
from fm_domain.records import Inquiry, InquiryStatus
from tests.standing_tasks import standing_tasks

CALENDAR = WorkingCalendar.standard()
ANNUAL, MONTHLY, HALF_YEAR = standing_tasks(["A", "B"])


def keys(task: ReportingTask, today: str, calendar: WorkingCalendar = CALENDAR) -> list[str]:
    return [period.key for period in open_periods(task, date.fromisoformat(today), calendar)]


def other(rule: str, **changes: object) -> ReportingTask:
    task = ReportingTask("stats", "统计月报", TaskKind.OTHER, parse_due_rule(rule), ("A", "B"))
    return replace(task, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Record:
    code: str
    title: str
    kind: str
    rule: str
    departments: tuple[str, ...] | None
    active: bool = True
    active_from: date | None = None


def _inquiry(number: int, department: str, status: InquiryStatus) -> Inquiry:
    return Inquiry(number, department, date(2026, 3, 13), status, None, datetime(2026, 3, 2, tzinfo=UTC))


def test_an_overdue_month_stays_open_until_the_next_months_deadline() -> None:
    assert keys(MONTHLY, "2026-04-01") == ["2026-03", "2026-04"]
    assert keys(MONTHLY, "2026-04-08") == ["2026-04"]


def test_the_next_cycles_period_opens_two_weeks_before_its_deadline() -> None:
    assert keys(other("monthly 3"), "2026-05-18") == ["2026-05"]
    assert keys(other("monthly 3"), "2026-05-25") == ["2026-05", "2026-06"]  # due 06-03


def test_a_yearly_task_shows_this_years_period_only_in_the_spring() -> None:
    assert keys(ANNUAL, "2026-03-10") == ["2026"]


def test_a_period_due_before_the_task_was_created_is_replaced_by_the_next() -> None:
    assert keys(replace(MONTHLY, active_from=date(2026, 3, 10)), "2026-03-10") == ["2026-04"]


def test_a_task_created_after_its_deadline_does_not_look_up_a_year_the_calendar_lacks() -> None:
    calendar = WorkingCalendar.standard()
    late_annual = replace(ANNUAL, active_from=date(2026, 3, 10))

    assert keys(late_annual, "2026-03-10", calendar) == []
    assert calendar.years_without_data == frozenset()


def test_a_one_off_task_stays_open_after_its_deadline() -> None:
    assert keys(other("once 2026-03-12"), "2026-06-01") == ["once"]


def test_a_flow_submission_settles_every_task_of_its_kind_and_a_receipt_only_its_own() -> None:
    second_monthly = replace(MONTHLY, code="monthly_extra")
    stats = other("monthly 10")
    tasks = [MONTHLY, second_monthly, HALF_YEAR, stats]

    result = arrived(
        tasks,
        submissions=[("monthly_arrangement", "2026-03", "A"), ("other", "2026-03", "A")],
        receipts=[("half_year_summary", "2026H1", "B"), ("stats", "2026-03", "B")],
    )

    assert result == {
        ("monthly_arrangement", "2026-03", "A"),
        ("monthly_extra", "2026-03", "A"),
        ("half_year_summary", "2026H1", "B"),  # a flow's task sent on paper, recorded by staff
        ("stats", "2026-03", "B"),  # a task that only ever arrives outside the chat
    }


def test_a_half_year_summary_submitted_through_its_flow_settles_the_half_year_task() -> None:
    result = arrived([HALF_YEAR], submissions=[("half_year_summary", "2026H1", "A")], receipts=[])

    assert result == {("half_year_summary", "2026H1", "A")}


def test_obligations_say_which_department_has_settled_each_open_period() -> None:
    owed = obligations(
        [MONTHLY], {("monthly_arrangement", "2026-03", "A")}, date(2026, 3, 10), CALENDAR, departments=["A"]
    )

    assert [(o.period.key, o.department, o.settled) for o in owed] == [("2026-03", "A", True)]


def test_tasks_in_force_skip_stopped_tasks_report_unreadable_rules_and_add_open_inquiries() -> None:
    in_force = tasks_in_force(
        [
            Record("monthly_arrangement", "月度工作安排", "monthly_arrangement", "monthly wd5", None),
            Record("stopped", "已停用", "other", "monthly 10", None, active=False),
            Record("legacy", "旧任务", "other", "fortnightly", ("A",)),
            Record("future", "新种类", "quarterly_report", "monthly 10", ("B",)),
        ],
        [_inquiry(7, "B", InquiryStatus.OPEN), _inquiry(8, "A", InquiryStatus.ANSWERED)],
        every_department=["A", "B"],
        inquiry_title=lambda number: f"函询 {number}",
    )

    assert [(t.code, t.kind, t.departments) for t in in_force.tasks] == [
        ("monthly_arrangement", TaskKind.MONTHLY_ARRANGEMENT, ("A", "B")),
        ("future", TaskKind.OTHER, ("B",)),  # a kind this version does not know: settled by receipts
        ("inquiry-7", TaskKind.INQUIRY_REPLY, ("B",)),
    ]
    assert in_force.inquiries == {"inquiry-7": 7}
    assert [code for code, _reason in in_force.broken] == ["legacy"]
