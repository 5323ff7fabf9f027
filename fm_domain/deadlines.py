"""Reporting tasks (报送任务), their due rules and the periods they are owed for.

A due rule is data with a compact text form, so staff can add and change tasks by chat and in configuration:

    yearly 01-31     every year on 1月31日                       period "2026"
    monthly wd5      every month on its 5th working day          period "2026-12"
    monthly 10       every month on the 10th (month end if short) period "2026-12"
    halfyear 07-15   the mid-year summary, due 7月15日           period "2026H1"
    once 2026-12-10  one date, e.g. an inquiry's reply deadline  period "once"

Chinese spellings are accepted too (每年 1月31日, 每月第5个工作日, 每月10日, 半年 7月15日, 一次 2026-12-10).
A deadline that falls on a non-working day moves to the next working day.
"""

from __future__ import annotations

import calendar as gregorian
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from fm_domain.calendar import WorkingCalendar

# Every month of 2004–2026 has at least 16 working days; leave a margin for unusual schedules.
MAX_MONTHLY_WORKING_DAY = 15

RULE_HELP = "截止规则可写：每年1月31日、每月第5个工作日、每月10日、上半年7月15日、一次性 2026年12月10日"
ONCE_PERIOD = "once"


class DueRuleError(ValueError):
    """A due rule, period or task that cannot be accepted; the message is Chinese and reaches users as is."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class TaskKind(StrEnum):
    """What a reporting task collects; tells the conversations which flow submits it."""

    ANNUAL_GOALS = "annual_goals"
    MONTHLY_ARRANGEMENT = "monthly_arrangement"
    HALF_YEAR_SUMMARY = "half_year_summary"
    INQUIRY_REPLY = "inquiry_reply"
    RECTIFICATION = "rectification"  # a finding's rectification, reported by the department
    PROGRESS_TABLE = "progress_table"  # a 统计表 staff published, filled by the departments
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def per_record(self) -> bool:
        """A task fmbot makes for one record (an inquiry, a finding to rectify), never one staff keep."""
        return self in (TaskKind.INQUIRY_REPLY, TaskKind.RECTIFICATION, TaskKind.PROGRESS_TABLE)


_KIND_LABELS = {
    TaskKind.ANNUAL_GOALS: "年度工作目标",
    TaskKind.MONTHLY_ARRANGEMENT: "月度工作安排",
    TaskKind.HALF_YEAR_SUMMARY: "半年工作总结",
    TaskKind.INQUIRY_REPLY: "函询回复",
    TaskKind.RECTIFICATION: "整改报告",
    TaskKind.PROGRESS_TABLE: "统计表",
    TaskKind.OTHER: "其他报送",
}


# -- due rules -----------------------------------------------------------------------------------------
#
# Each rule numbers its periods with an integer index (a year, a month count, 0 for a one-off date) so that
# "the period before / after" is plain arithmetic. ``earliest(index)`` is a lower bound of the nominal date
# that needs no calendar: it lets callers skip a period without looking up a year the calendar may not know.


@dataclass(frozen=True)
class YearlyRule:
    """Once a year on a fixed month and day (annual goals: 01-31)."""

    month: int
    day: int
    cyclic = True

    def __post_init__(self) -> None:
        _check_month_day(self.month, self.day)

    def index_of(self, day: date) -> int:
        return day.year

    def key(self, index: int) -> str:
        return f"{index:04d}"

    def index_of_key(self, key: str) -> int | None:
        return int(key) if re.fullmatch(r"\d{4}", key) else None

    def earliest(self, index: int) -> date:
        return date(index, self.month, self.day)

    def nominal(self, index: int, calendar: WorkingCalendar) -> date:
        return self.earliest(index)

    @property
    def text(self) -> str:
        return f"yearly {self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class HalfYearRule(YearlyRule):
    """The mid-year summary: once a year like a yearly rule, but its period is the first half (``2026H1``)."""

    def key(self, index: int) -> str:
        return f"{index:04d}H1"

    def index_of_key(self, key: str) -> int | None:
        return int(key[:4]) if re.fullmatch(r"\d{4}H1", key) else None

    @property
    def text(self) -> str:
        return f"halfyear {self.month:02d}-{self.day:02d}"


class _MonthlyPeriods:
    """Periods of a monthly rule: one a month, keyed ``2026-12``."""

    cyclic = True

    def index_of(self, day: date) -> int:
        return _month_index(day)

    def key(self, index: int) -> str:
        return _month_key(index)

    def index_of_key(self, key: str) -> int | None:
        return _month_index_of_key(key)

    def earliest(self, index: int) -> date:
        return _month_start(index)


@dataclass(frozen=True)
class MonthlyWorkingDayRule(_MonthlyPeriods):
    """Every month on its n-th working day (monthly arrangement: the 5th)."""

    n: int

    def __post_init__(self) -> None:
        if not 1 <= self.n <= MAX_MONTHLY_WORKING_DAY:
            raise DueRuleError(f"每月第{self.n}个工作日超出范围：应在 1 到 {MAX_MONTHLY_WORKING_DAY} 之间")

    def nominal(self, index: int, calendar: WorkingCalendar) -> date:
        start = _month_start(index)
        days = calendar.working_days_of_month(start.year, start.month)
        # Holiday data odd enough to leave fewer working days must not stop the nudges: take the last one.
        return days[min(self.n, len(days)) - 1]

    @property
    def text(self) -> str:
        return f"monthly wd{self.n}"


@dataclass(frozen=True)
class MonthlyDayRule(_MonthlyPeriods):
    """Every month on a fixed day; a day past the month's end means its last day."""

    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 31:
            raise DueRuleError(f"每月{self.day}日超出范围：应在 1 到 31 之间（小月按月末计）")

    def earliest(self, index: int) -> date:
        start = _month_start(index)
        return start.replace(day=min(self.day, gregorian.monthrange(start.year, start.month)[1]))

    def nominal(self, index: int, calendar: WorkingCalendar) -> date:
        return self.earliest(index)

    @property
    def text(self) -> str:
        return f"monthly {self.day}"


@dataclass(frozen=True)
class OnceRule:
    """A single date, such as a written inquiry's reply deadline; its only period is ``once``."""

    day: date
    cyclic = False

    def index_of(self, day: date) -> int:
        return 0

    def key(self, index: int) -> str:
        return ONCE_PERIOD

    def index_of_key(self, key: str) -> int | None:
        return 0 if key == ONCE_PERIOD else None

    def earliest(self, index: int) -> date:
        return self.day

    def nominal(self, index: int, calendar: WorkingCalendar) -> date:
        return self.day

    @property
    def text(self) -> str:
        return f"once {self.day.isoformat()}"


DueRule = YearlyRule | HalfYearRule | MonthlyWorkingDayRule | MonthlyDayRule | OnceRule


def _check_month_day(month: int, day: int) -> None:
    if month == 2 and day == 29:
        raise DueRuleError("2月29日并非每年都有，请改用 02-28 或 03-01")
    try:
        date(2025, month, day)  # any common year
    except ValueError:
        raise DueRuleError(f"{month}月{day}日不存在") from None


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _month_key(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _month_index_of_key(key: str) -> int | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})", key)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


# -- rule text -----------------------------------------------------------------------------------------

_KEYWORDS = {
    "yearly": "yearly",
    "每年": "yearly",
    "halfyear": "halfyear",
    "半年": "halfyear",
    "上半年": "halfyear",
    "monthly": "monthly",
    "每月": "monthly",
    "once": "once",
    "一次": "once",
    "一次性": "once",
}
_RULE = re.compile(
    r"^(yearly|halfyear|monthly|once|每年|上半年|半年|每月|一次性|一次)\s*(.*)$", re.IGNORECASE
)
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*[日号]?$")
_WORKING_DAY = re.compile(r"^(?:wd\s*(\d{1,2})|第\s*(\d{1,2})\s*个?\s*工作日)$", re.IGNORECASE)
_DAY_OF_MONTH = re.compile(r"^(\d{1,2})\s*[日号]?$")
_FULL_DATE = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*[日号]?$")


def parse_due_rule(text: str) -> DueRule:
    """Read a rule such as ``monthly wd5`` or ``每年 1月31日``; raise DueRuleError in Chinese."""
    normalized = unicodedata.normalize("NFKC", text or "").strip()
    if not normalized:
        raise DueRuleError(f"截止规则不能为空。{RULE_HELP}")
    match = _RULE.match(normalized)
    if not match:
        raise DueRuleError(f"无法识别的截止规则“{normalized}”。{RULE_HELP}")
    keyword = _KEYWORDS[match.group(1).lower()]
    argument = match.group(2).strip()
    if keyword == "monthly":
        return _parse_monthly(argument, normalized)
    if keyword == "once":
        return OnceRule(_parse_full_date(argument, normalized))
    month, day = _parse_month_day(argument, normalized)
    return YearlyRule(month, day) if keyword == "yearly" else HalfYearRule(month, day)


def format_due_rule(rule: DueRule) -> str:
    """The canonical compact text; ``parse_due_rule(format_due_rule(r)) == r``."""
    return rule.text


def describe_due_rule(rule: DueRule) -> str:
    """The rule in Chinese for people, e.g. ``每月第5个工作日``."""
    match rule:
        case HalfYearRule(month, day):  # before YearlyRule, which it extends
            return f"每年{month}月{day}日（上半年）"
        case YearlyRule(month, day):
            return f"每年{month}月{day}日"
        case MonthlyWorkingDayRule(n):
            return f"每月第{n}个工作日"
        case MonthlyDayRule(day):
            return f"每月{day}日"
        case OnceRule(day):
            return f"{day.year}年{day.month}月{day.day}日"


def _parse_monthly(argument: str, text: str) -> DueRule:
    working = _WORKING_DAY.match(argument)
    if working:
        return MonthlyWorkingDayRule(int(working.group(1) or working.group(2)))
    plain = _DAY_OF_MONTH.match(argument)
    if plain:
        return MonthlyDayRule(int(plain.group(1)))
    raise DueRuleError(f"“{text}”中的每月日期应写成 第5个工作日 或 10日。{RULE_HELP}")


def _parse_month_day(argument: str, text: str) -> tuple[int, int]:
    match = _MONTH_DAY.match(argument)
    if not match:
        raise DueRuleError(f"“{text}”中的日期应写成 1月31日。{RULE_HELP}")
    return int(match.group(1)), int(match.group(2))


def _parse_full_date(argument: str, text: str) -> date:
    match = _FULL_DATE.match(argument)
    if not match:
        raise DueRuleError(f"“{text}”中的日期应写成 2026年12月10日。{RULE_HELP}")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DueRuleError(f"{year}年{month}月{day}日不存在") from None


# -- tasks and periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingTask:
    """报送任务: what must be submitted, when, and by which departments.

    ``active_from``: periods whose deadline falls before it are not owed (a task created mid-month does not
    declare every department late for the month that is already past its deadline).
    """

    code: str
    title: str
    kind: TaskKind
    rule: DueRule
    departments: tuple[str, ...]
    active_from: date | None = None

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise DueRuleError("报送任务的代码不能为空")
        if not self.title.strip():
            raise DueRuleError(f"报送任务 {self.code} 缺少名称")
        if len(set(self.departments)) != len(self.departments):
            raise DueRuleError(f"报送任务 {self.code} 的部门有重复")


@dataclass(frozen=True)
class Period:
    """One occurrence of a task: its key (``2026``, ``2026-12``, ``2026H1``, ``once``) and deadline."""

    key: str
    index: int
    nominal: date  # the date the rule names
    deadline: date  # the nominal date moved to a working day

    @property
    def moved(self) -> bool:
        return self.deadline != self.nominal


def period_at(rule: DueRule, index: int, calendar: WorkingCalendar) -> Period:
    nominal = rule.nominal(index, calendar)
    return Period(rule.key(index), index, nominal, calendar.next_working_day(nominal))


def current_period(task: ReportingTask, moment: date | datetime, calendar: WorkingCalendar) -> Period:
    """The period whose cycle contains the moment (the year, month or half-year it falls in)."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return period_at(task.rule, task.rule.index_of(day), calendar)


# A period as the office writes it in Chinese: 2026年2月, 2026年第一季度, 2026年上半年, 2026年度.
_PERIOD_KEY = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])|Q[1-4]|H[12])?$")
_PERIOD_MONTH = re.compile(r"^(\d{4})\s*(?:年|[./-])\s*(\d{1,2})\s*(?:月份?)?$")
_PERIOD_QUARTER = re.compile(r"^(\d{4})\s*年?\s*第?\s*([1-4一二三四])\s*季度$")
_PERIOD_HALF = re.compile(r"^(\d{4})\s*年?\s*([上下])半年$")
_PERIOD_YEAR = re.compile(r"^(\d{4})\s*年(?:度|全年)?$")
_QUARTER_NUMBER = {"一": "1", "二": "2", "三": "3", "四": "4"}


def period_key(text: str) -> str | None:
    """A period's key (2026-02, 2026Q1, 2026H1, 2026) from the key itself or the Chinese for it; None if
    it is neither."""
    written = text.strip().upper().replace("－", "-")
    if _PERIOD_KEY.match(written):
        return written
    if (month := _PERIOD_MONTH.match(written)) and 1 <= int(month.group(2)) <= 12:
        return f"{month.group(1)}-{int(month.group(2)):02d}"
    if quarter := _PERIOD_QUARTER.match(written):
        return f"{quarter.group(1)}Q{_QUARTER_NUMBER.get(quarter.group(2), quarter.group(2))}"
    if half := _PERIOD_HALF.match(written):
        return f"{half.group(1)}H{1 if half.group(2) == '上' else 2}"
    if year := _PERIOD_YEAR.match(written):
        return year.group(1)
    return None


def period_by_key(task: ReportingTask, key: str, calendar: WorkingCalendar) -> Period:
    """The period a key names (or its Chinese: 2026年11月), e.g. a submission's; raise DueRuleError in
    Chinese for a foreign key."""
    index = task.rule.index_of_key(period_key(key) or key.strip())
    if index is None:
        example = task.rule.key(task.rule.index_of(date(2026, 12, 1)))  # only to show the shape
        raise DueRuleError(f"“{key}”不是报送任务“{task.title}”的期次，期次应写成 {example} 这样")
    return period_at(task.rule, index, calendar)


def next_deadline_after(task: ReportingTask, period: Period, calendar: WorkingCalendar) -> date | None:
    """The deadline of the period that follows, which supersedes this one; None for a one-off task."""
    if not task.rule.cyclic:
        return None
    return period_at(task.rule, period.index + 1, calendar).deadline


def inquiry_task(code: str, title: str, department: str, reply_by: date) -> ReportingTask:
    """A written inquiry's reply as a one-off task owed by the department asked."""
    return ReportingTask(code, title, TaskKind.INQUIRY_REPLY, OnceRule(reply_by), (department,))


def progress_table_task(code: str, title: str, departments: tuple[str, ...], due: date) -> ReportingTask:
    """A published 统计表 as a one-off task owed by each of its departments until it fills the table."""
    return ReportingTask(code, title, TaskKind.PROGRESS_TABLE, OnceRule(due), departments)


def rectification_task(code: str, title: str, department: str, due: date) -> ReportingTask:
    """A finding's rectification as a one-off task owed by its department until it reports."""
    return ReportingTask(code, title, TaskKind.RECTIFICATION, OnceRule(due), (department,))


# A period of the next cycle due within this many days is shown before its cycle begins: the nudges remind
# of it a few working days ahead, and what a liaison is reminded of must be on their list.
UPCOMING_DAYS = 14


def open_periods(task: ReportingTask, today: date, calendar: WorkingCalendar) -> tuple[Period, ...]:
    """The periods of a task that are open on ``today``, oldest first: today's cycle; earlier ones until
    the next period's deadline supersedes them (the nudges chase them as overdue until then); the next one
    when it is due within UPCOMING_DAYS or today's is not owed. A period due before ``active_from`` is never
    owed. Years the calendar may not know are looked up only when a period needs them.
    """
    rule = task.rule

    def owed(period: Period) -> bool:
        return task.active_from is None or period.deadline >= task.active_from

    index = rule.index_of(today)
    current = period_at(rule, index, calendar)
    if not rule.cyclic:
        return (current,) if owed(current) else ()
    periods = [
        period
        for period in (period_at(rule, index - back, calendar) for back in (2, 1))
        if owed(period) and not _superseded(task, period, today, calendar)
    ]
    if owed(current):
        periods.append(current)
    upcoming = timedelta(days=UPCOMING_DAYS)
    nearby = today >= rule.earliest(index + 1) - upcoming
    # A task not owed for today's cycle (created after its deadline) shows its next period, unless that
    # needs a year the calendar lacks: looking it up now would warn staff about it months early.
    instead = not owed(current) and calendar.has_data(rule.earliest(index + 1).year)
    if nearby or instead:
        following = period_at(rule, index + 1, calendar)
        if owed(following) and (instead or following.deadline - today <= upcoming):
            periods.append(following)
    return tuple(periods)


def _superseded(task: ReportingTask, period: Period, today: date, calendar: WorkingCalendar) -> bool:
    if today < task.rule.earliest(period.index + 1):
        return False  # the next period's deadline cannot have come: skip looking up its year
    following = next_deadline_after(task, period, calendar)
    return following is not None and today >= following
