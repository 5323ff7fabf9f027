"""Reports on time: each period of the year a department owed, whether and how late it arrived."""

from __future__ import annotations

from datetime import date

from fm_domain.archive import ReportState, periods_of_year, report_cells
from fm_domain.calendar import WorkingCalendar
from tests.standing_tasks import standing_tasks

CALENDAR = WorkingCalendar.standard()
ANNUAL, MONTHLY, HALF_YEAR = standing_tasks(["jiaoyu", "minzheng"])


def _cells(submitted: dict, today: date, received: dict | None = None) -> dict:
    cells = report_cells([MONTHLY], submitted, received or {}, 2026, today, CALENDAR)
    return {(c.period, c.department): c for c in cells}


def test_a_monthly_task_has_twelve_periods_in_a_year_and_a_yearly_one_one() -> None:
    assert [p.key for p in periods_of_year(MONTHLY, 2026, CALENDAR)][::11] == ["2026-01", "2026-12"]
    assert len(periods_of_year(MONTHLY, 2026, CALENDAR)) == 12
    assert [p.key for p in periods_of_year(ANNUAL, 2026, CALENDAR)] == ["2026"]
    assert [p.key for p in periods_of_year(HALF_YEAR, 2026, CALENDAR)] == ["2026H1"]


def test_a_report_by_its_deadline_is_on_time_and_a_later_one_counts_working_days_late() -> None:
    # 2026-03's arrangement is due on the 5th working day of March: Friday 6 March.
    cells = _cells(
        {
            ("monthly_arrangement", "2026-03", "jiaoyu"): date(2026, 3, 6),
            ("monthly_arrangement", "2026-03", "minzheng"): date(2026, 3, 10),  # Tuesday: 2 working days on
        },
        today=date(2026, 3, 20),
    )
    assert cells[("2026-03", "jiaoyu")].state is ReportState.ON_TIME
    late = cells[("2026-03", "minzheng")]
    assert (late.state, late.working_days_late, late.deadline) == (ReportState.LATE, 2, date(2026, 3, 6))


def test_missing_reports_are_overdue_the_current_one_due_and_later_months_not_begun() -> None:
    cells = _cells({}, today=date(2026, 3, 4))
    february = cells[("2026-02", "jiaoyu")]
    assert february.state is ReportState.OVERDUE and february.working_days_late > 0
    assert cells[("2026-03", "jiaoyu")].state is ReportState.DUE  # due on 6 March
    assert cells[("2026-04", "jiaoyu")].state is ReportState.FUTURE


def test_a_receipt_staff_recorded_settles_the_period_on_its_own_date() -> None:
    cells = _cells(
        {}, today=date(2026, 4, 1), received={("monthly_arrangement", "2026-03", "jiaoyu"): date(2026, 3, 5)}
    )
    assert cells[("2026-03", "jiaoyu")].state is ReportState.ON_TIME
    assert cells[("2026-03", "jiaoyu")].arrived == date(2026, 3, 5)


def test_periods_due_before_the_task_applied_are_not_owed() -> None:
    task = MONTHLY.__class__(**{**MONTHLY.__dict__, "active_from": date(2026, 3, 1)})
    cells = {
        (c.period, c.department): c for c in report_cells([task], {}, {}, 2026, date(2026, 5, 1), CALENDAR)
    }
    assert cells[("2026-02", "jiaoyu")].state is ReportState.NOT_OWED
    assert cells[("2026-03", "jiaoyu")].state is ReportState.OVERDUE
