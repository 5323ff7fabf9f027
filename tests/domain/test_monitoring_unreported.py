"""不报: reports due in the monitoring year that came late (by working days) or not at all, counted per
department; a receipt staff recorded is an arrival, a resubmission is not; two misses are no habit."""

from __future__ import annotations

from datetime import date

from fm_domain.calendar import WorkingCalendar
from fm_domain.monitoring import (
    Mark,
    MonitoringSettings,
    Pattern,
    Severity,
    SignalKind,
    deliveries,
    due_periods,
    unreported,
)
from tests.domain.year_kit import ANNUAL, HALF_YEAR, NOW, at, check, months, report
from tests.standing_tasks import standing_tasks

CALENDAR = WorkingCalendar.standard()
TASKS = standing_tasks(["jiaoyu", "chengguan"])
MONTHLY_TASK = TASKS[1]


def monthly_reports(department: str, late: dict[str, date], start_id: int) -> list:
    """A monthly arrangement each month of 2026, on the 1st, or on the date ``late`` gives."""
    return [
        report(n, department, p, [check("x", None)], submitted=late.get(p, date(int(p[:4]), int(p[5:]), 1)))
        for n, p in enumerate(months(2026), start=start_id)
    ]


def yearly(department: str, start_id: int) -> list:
    return [
        report(start_id, department, "2026", [], kind=ANNUAL, submitted=date(2026, 1, 20)),
        report(start_id + 1, department, "2026H1", [], kind=HALF_YEAR, submitted=date(2026, 7, 10)),
    ]


def test_a_department_late_three_times_in_the_year_is_unreported_with_the_working_days_late() -> None:
    late = {"2026-03": date(2026, 3, 12), "2026-06": date(2026, 6, 15), "2026-10": date(2026, 10, 20)}
    submissions = [*monthly_reports("jiaoyu", late, 1), *yearly("jiaoyu", 50)]
    submissions += [*monthly_reports("chengguan", {}, 100), *yearly("chengguan", 150)]
    arrived = deliveries(TASKS, submissions, [], NOW)
    [signal] = unreported(TASKS, arrived, CALENDAR, NOW)
    assert (signal.kind, signal.pattern, signal.department, signal.severity) == (
        SignalKind.UNREPORTED,
        Pattern.LATE_OR_MISSING,
        "jiaoyu",
        Severity.WARNING,
    )
    # Due on the 5th working day: 6 March (12 March is 4 working days later), 5 June (15 June: 6),
    # 13 October after the National Day holiday and the Saturday worked on 10 October (20 October: 5).
    assert [(e.mark, e.period, e.submission_id, e.working_days_late) for e in signal.evidence] == [
        (Mark.LATE, "2026-03", 3, 4),
        (Mark.LATE, "2026-06", 6, 6),
        (Mark.LATE, "2026-10", 10, 5),
    ]


def test_reports_never_sent_are_missing_and_a_receipt_staff_recorded_is_an_arrival() -> None:
    submissions = [
        r for r in monthly_reports("jiaoyu", {}, 1) if r.period not in ("2026-02", "2026-04", "2026-08")
    ]
    submissions += yearly("jiaoyu", 50)
    receipts = [("monthly_arrangement", "2026-04", "jiaoyu", at(date(2026, 4, 2)))]
    tasks = standing_tasks(["jiaoyu"])
    assert unreported(tasks, deliveries(tasks, submissions, receipts, NOW), CALENDAR, NOW) == []
    [signal] = unreported(tasks, deliveries(tasks, submissions, [], NOW), CALENDAR, NOW)
    assert [(e.mark, e.period, e.task) for e in signal.evidence] == [
        (Mark.MISSING, p, "monthly_arrangement") for p in ("2026-02", "2026-04", "2026-08")
    ]
    assert signal.severity is Severity.SERIOUS  # three reports never sent


def test_two_late_reports_are_no_habit() -> None:
    late = {"2026-03": date(2026, 3, 12), "2026-06": date(2026, 6, 15)}
    submissions = [*monthly_reports("jiaoyu", late, 1), *yearly("jiaoyu", 50)]
    tasks = standing_tasks(["jiaoyu"])
    assert unreported(tasks, deliveries(tasks, submissions, [], NOW), CALENDAR, NOW) == []


def test_a_resubmission_after_the_deadline_does_not_make_an_early_report_late() -> None:
    submissions = [*monthly_reports("jiaoyu", {}, 1), *yearly("jiaoyu", 50)]
    submissions += [
        report(200 + n, "jiaoyu", p, [check("y", None)], version=2, submitted=date(2026, n, 25))
        for n, p in enumerate(months(2026), start=1)
    ]
    tasks = standing_tasks(["jiaoyu"])
    assert unreported(tasks, deliveries(tasks, submissions, [], NOW), CALENDAR, NOW) == []


def test_only_periods_due_in_the_window_and_before_now_are_owed() -> None:
    tasks = standing_tasks(["jiaoyu"])
    half_year_window = MonitoringSettings(window_months=6)
    july = at(date(2026, 7, 1))
    assert [p.key for p in due_periods(MONTHLY_TASK, date(2026, 1, 1), july.date(), CALENDAR)] == months(
        2026, 1, 6
    )
    # The half-year summary is due on 15 July and the later months after: nothing is missing on 1 July.
    submissions = [r for r in monthly_reports("jiaoyu", {}, 1) if r.period <= "2026-06"] + yearly(
        "jiaoyu", 50
    )[:1]
    arrived = deliveries(tasks, submissions, [], july)
    assert unreported(tasks, arrived, CALENDAR, july, settings=half_year_window) == []
