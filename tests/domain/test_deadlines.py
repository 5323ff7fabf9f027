"""Reporting tasks: due rules as text, periods, and deadlines moved off non-working days."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import (
    DueRuleError,
    HalfYearRule,
    MonthlyDayRule,
    MonthlyWorkingDayRule,
    OnceRule,
    ReportingTask,
    TaskKind,
    YearlyRule,
    current_period,
    describe_due_rule,
    format_due_rule,
    inquiry_task,
    next_deadline_after,
    parse_due_rule,
    period_by_key,
    period_key,
)
from tests.standing_tasks import standing_tasks


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


def task(rule_text: str, code: str = "t") -> ReportingTask:
    return ReportingTask(code, "测试任务", TaskKind.OTHER, parse_due_rule(rule_text), ("A",))


ANNUAL, MONTHLY, HALF_YEAR = standing_tasks(["A", "B"])


# -- rule text -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("yearly 01-31", YearlyRule(1, 31)),
        ("monthly wd5", MonthlyWorkingDayRule(5)),
        ("monthly 10", MonthlyDayRule(10)),
        ("halfyear 07-15", HalfYearRule(7, 15)),
        ("once 2026-12-10", OnceRule(d("2026-12-10"))),
    ],
)
def test_a_canonical_rule_parses_and_formats_back_to_the_same_text(text: str, rule: object) -> None:
    parsed = parse_due_rule(text)
    assert parsed == rule
    assert format_due_rule(parsed) == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("每年 1月31日", "yearly 01-31"),
        ("每年1月31日", "yearly 01-31"),
        ("每月第5个工作日", "monthly wd5"),
        ("每月 10日", "monthly 10"),
        ("半年 7月15日", "halfyear 07-15"),
        ("上半年 07-15", "halfyear 07-15"),
        ("一次 2026年12月10日", "once 2026-12-10"),
        ("  Monthly  WD5 ", "monthly wd5"),
        ("yearly １-３１", "yearly 01-31"),  # full-width digits typed on a Chinese keyboard
    ],
)
def test_chinese_and_loose_spellings_parse_to_the_canonical_rule(text: str, canonical: str) -> None:
    assert format_due_rule(parse_due_rule(text)) == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "截止规则不能为空"),
        ("weekly 3", "无法识别的截止规则“weekly 3”"),
        ("yearly 1/31/2026", "应写成 1月31日"),
        ("yearly 02-30", "2月30日不存在"),
        ("yearly 13-01", "13月1日不存在"),
        ("yearly 02-29", "2月29日并非每年都有"),
        ("monthly wd0", "每月第0个工作日超出范围"),
        ("monthly wd16", "每月第16个工作日超出范围"),
        ("monthly 32", "每月32日超出范围"),
        ("monthly fifth", "应写成 第5个工作日 或 10日"),
        ("once 2026-02-30", "2026年2月30日不存在"),
        ("once tomorrow", "应写成 2026年12月10日"),
    ],
)
def test_a_bad_rule_is_refused_with_a_chinese_message(text: str, message: str) -> None:
    with pytest.raises(DueRuleError, match=message):
        parse_due_rule(text)


def test_a_refusal_shows_the_rules_written_in_chinese_and_each_written_form_is_accepted() -> None:
    with pytest.raises(DueRuleError) as refused:
        parse_due_rule("weekly 3")

    for english in ("yearly", "monthly", "halfyear", "once", "wd5"):
        assert english not in refused.value.message
    for written in ("每年1月31日", "每月第5个工作日", "每月10日", "上半年7月15日", "一次性 2026年12月10日"):
        assert written in refused.value.message
        parse_due_rule(written)


def test_a_rule_is_described_in_chinese_for_people() -> None:
    assert describe_due_rule(MonthlyWorkingDayRule(5)) == "每月第5个工作日"
    assert describe_due_rule(YearlyRule(1, 31)) == "每年1月31日"


# -- tasks ---------------------------------------------------------------------------------------------


def test_an_inquiry_is_a_one_off_task_owed_by_the_department_asked() -> None:
    inquiry = inquiry_task("inquiry-7", "关于职责交叉的函询", "B", d("2026-12-10"))
    assert inquiry.kind is TaskKind.INQUIRY_REPLY
    assert inquiry.departments == ("B",)
    assert format_due_rule(inquiry.rule) == "once 2026-12-10"


def test_a_task_owed_twice_by_one_department_is_refused() -> None:
    with pytest.raises(DueRuleError, match="部门有重复"):
        ReportingTask("t", "测试任务", TaskKind.OTHER, MonthlyWorkingDayRule(5), ("A", "A"))


# -- periods and deadlines -----------------------------------------------------------------------------


def test_the_current_periods_in_december_2026_are_named_by_year_month_and_half_year(
    calendar: WorkingCalendar,
) -> None:
    now = datetime(2026, 12, 3, 9, 0)
    assert current_period(ANNUAL, now, calendar).key == "2026"
    assert current_period(MONTHLY, now, calendar).key == "2026-12"
    assert current_period(HALF_YEAR, now, calendar).key == "2026H1"
    assert current_period(task("once 2026-12-10"), now, calendar).key == "once"


def test_the_monthly_arrangement_for_december_2026_is_due_on_its_fifth_working_day(
    calendar: WorkingCalendar,
) -> None:
    # Dec 1 (Tuesday), 2, 3, 4, 7.
    assert current_period(MONTHLY, d("2026-12-03"), calendar).deadline == d("2026-12-07")


def test_the_monthly_arrangement_for_october_2026_waits_for_the_end_of_national_day(
    calendar: WorkingCalendar,
) -> None:
    assert period_by_key(MONTHLY, "2026-10", calendar).deadline == d("2026-10-13")


def test_the_monthly_arrangement_for_february_2025_counts_the_working_saturday(
    calendar: WorkingCalendar,
) -> None:
    assert period_by_key(MONTHLY, "2025-02", calendar).deadline == d("2025-02-10")


def test_the_monthly_arrangement_for_february_2026_is_due_before_the_spring_festival(
    calendar: WorkingCalendar,
) -> None:
    assert period_by_key(MONTHLY, "2026-02", calendar).deadline == d("2026-02-06")


def test_annual_goals_due_on_a_saturday_move_to_monday(calendar: WorkingCalendar) -> None:
    period = period_by_key(ANNUAL, "2026", calendar)
    assert (period.nominal, period.deadline, period.moved) == (d("2026-01-31"), d("2026-02-02"), True)


def test_annual_goals_due_during_the_spring_festival_move_past_it(calendar: WorkingCalendar) -> None:
    assert period_by_key(ANNUAL, "2025", calendar).deadline == d("2025-02-05")


def test_the_half_year_summary_due_on_a_working_day_stays_put(calendar: WorkingCalendar) -> None:
    period = period_by_key(HALF_YEAR, "2026H1", calendar)
    assert (period.deadline, period.moved) == (d("2026-07-15"), False)


def test_an_inquiry_reply_due_during_national_day_moves_to_the_first_working_day_after(
    calendar: WorkingCalendar,
) -> None:
    assert current_period(task("once 2026-10-03"), d("2026-09-01"), calendar).deadline == d("2026-10-08")


def test_a_month_end_rule_takes_the_last_day_of_a_short_month(calendar: WorkingCalendar) -> None:
    # 2026-02-28 is a Saturday worked for the Spring Festival, so the deadline stays there.
    assert period_by_key(task("monthly 31"), "2026-02", calendar).deadline == d("2026-02-28")


def test_a_period_is_superseded_by_the_next_periods_deadline(calendar: WorkingCalendar) -> None:
    september = period_by_key(MONTHLY, "2026-09", calendar)
    assert september.deadline == d("2026-09-07")
    assert next_deadline_after(MONTHLY, september, calendar) == d("2026-10-13")


def test_a_one_off_task_is_never_superseded(calendar: WorkingCalendar) -> None:
    inquiry = task("once 2026-10-03")
    assert next_deadline_after(inquiry, period_by_key(inquiry, "once", calendar), calendar) is None


def test_a_period_key_of_another_shape_is_refused_in_chinese(calendar: WorkingCalendar) -> None:
    with pytest.raises(DueRuleError, match="“2026”不是报送任务“月度工作安排”的期次，期次应写成 2026-12"):
        period_by_key(MONTHLY, "2026", calendar)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("2026-02", "2026-02"),
        ("2026年2月", "2026-02"),
        ("2026年02月份", "2026-02"),
        ("2026.2", "2026-02"),
        ("2026-2", "2026-02"),
        ("2026年第一季度", "2026Q1"),
        ("2026年4季度", "2026Q4"),
        ("2026q3", "2026Q3"),
        ("2026年上半年", "2026H1"),
        ("2026年下半年", "2026H2"),
        ("2026年度", "2026"),
        ("2026", "2026"),
    ],
)
def test_a_period_may_be_written_as_the_office_writes_it(written: str, key: str) -> None:
    assert period_key(written) == key


@pytest.mark.parametrize("written", ["2026年13月", "下个月", "2026年第五季度", "26年2月"])
def test_a_period_that_is_no_month_quarter_half_or_year_is_asked_again(written: str) -> None:
    assert period_key(written) is None
