"""/报送: staff list and keep the reporting tasks (报送任务), and record what arrived outside the chat.

One-shot commands (every change fits on one line, so there are no steps to keep):

    /报送                                   list the tasks, each with its next deadline
    /报送 新增 [CODE] 名称 规则 部门…|全部     add a task, owed from today on (the name is the code if none)
    /报送 修改 TASK 规则                      new due rule; periods due before today not chased
    /报送 修改 TASK 部门 部门…|全部            change who owes it
    /报送 修改 TASK 名称 新名称
    /报送 停用 TASK / 启用 TASK
    /报送 已收 TASK 部门 [期次]                 a submission received offline: the nudges for it stop

TASK is the task's name (月度工作安排) or its code (monthly_arrangement): people see names, the codes are
for the configuration file and ``--json``.

The tasks live in storage (``uow.reporting``); the nudge sweep reads them every minute and /待办, /未报 at
each look-up (conversations.obligations), so a change takes effect at once everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from conversations import nudge_texts as texts
from conversations.flow import Command, Context, Transition, done
from conversations.flows.common import catalog, department_name, departments_list, find_department
from conversations.ports import ReportingPort, TaskRecord
from conversations.rights import OFFICE
from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import (
    DueRule,
    DueRuleError,
    Period,
    ReportingTask,
    TaskKind,
    current_period,
    describe_due_rule,
    format_due_rule,
    parse_due_rule,
    period_at,
    period_by_key,
)
from fm_domain.obligations import is_valid_task_code

_RULE_KEYWORDS = {"yearly", "halfyear", "monthly", "once", "每年", "半年", "上半年", "每月", "一次", "一次性"}


def _run(ctx: Context, args: str) -> Transition:
    port = ctx.uow.reporting
    words = args.split()
    if not words:
        return done(_listing(ctx, port))
    action = _ACTIONS.get(words[0].lower())
    if action is None:
        return done(texts.unknown_action(words[0]))
    return done(action(ctx, port, words[1:]))


# --- listing ----------------------------------------------------------------------------------------


def _listing(ctx: Context, port: ReportingPort) -> str:
    records = list(port.tasks())
    if not records:
        return f"{texts.TASKS_EMPTY}\n{texts.TASKS_HELP}"
    today = ctx.services.today()
    lines = [texts.tasks_heading(len(records))]
    for n, record in enumerate((r for r in records if r.active), start=1):
        try:
            rule = parse_due_rule(record.rule)
        except DueRuleError as error:
            lines.append(texts.task_rule_broken(record.title, error.message))
            continue
        period = _upcoming(rule, today, ctx.services.calendar)
        lines.append(
            texts.task_line(
                n,
                record.title,
                describe_due_rule(rule),
                _departments_label(ctx, record.departments),
                period.deadline,
                period.key,
                today,
            )
        )
    stopped = [texts.stopped_task_line(r.title) for r in records if not r.active]
    return "\n".join([*lines, *stopped, texts.TASKS_MORE])


def _upcoming(rule: DueRule, today: date, calendar: WorkingCalendar) -> Period:
    """The period whose deadline is today or next; a one-off task's only period."""
    index = rule.index_of(today)
    period = period_at(rule, index, calendar)
    if rule.cyclic and period.deadline < today:
        period = period_at(rule, index + 1, calendar)
    return period


def _departments_label(ctx: Context, departments: Sequence[str] | None) -> str:
    if departments is None:
        return texts.ALL_DEPARTMENTS
    return texts.departments_label([department_name(ctx, code) for code in departments])


# --- adding and changing ----------------------------------------------------------------------------


def _add(ctx: Context, port: ReportingPort, words: list[str]) -> str:
    if len(words) < 3:
        return texts.missing_arguments(texts.TASKS_ADD_USAGE)
    # 「新增 统计表 每月10日 全部」 names the task once: its name is its code.
    named_once = _starts_a_rule(words[1])
    code, title = (words[0], words[0]) if named_once else (words[0], words[1])
    if not is_valid_task_code(code):
        return texts.bad_code(code)
    if port.task(code) is not None or _find_task(port, title) is not None:
        return texts.task_exists(title)
    parsed = _rule_then_rest(words[1:] if named_once else words[2:])
    if isinstance(parsed, str):
        if not named_once and _names_departments(ctx, words[2]):
            # 「新增 季度小结 每季度 全部」: the second word was meant as the rule, not as the name.
            return _rule_problem(words[1]) or parsed
        return parsed
    rule, rest = parsed
    departments = _departments(ctx, rest)
    if isinstance(departments, str):
        return departments
    today = ctx.services.today()
    try:
        ReportingTask(code, title, TaskKind.OTHER, rule, departments or (), active_from=today)
    except DueRuleError as error:
        return error.message
    port.save_task(
        code=code,
        title=title,
        kind=TaskKind.OTHER.value,
        rule=format_due_rule(rule),
        departments=departments,
        active_from=today,
        now=ctx.now,
        updated_by=_user_id(ctx),
    )
    deadline = _upcoming(rule, today, ctx.services.calendar).deadline
    return texts.task_added(
        title, describe_due_rule(rule), _departments_label(ctx, departments), deadline, today
    )


def _change(ctx: Context, port: ReportingPort, words: list[str]) -> str:
    if len(words) < 2:
        return texts.missing_arguments(texts.TASKS_CHANGE_USAGE)
    record = _find_task(port, words[0])
    if record is None:
        return texts.unknown_task(words[0], _titles(port))
    what, rest = words[1], words[2:]
    today = ctx.services.today()
    if what == "部门":
        departments = _departments(ctx, rest)
        if isinstance(departments, str):
            return departments
        _save(ctx, port, record, departments=departments)
        return texts.task_departments_changed(record.title, _departments_label(ctx, departments))
    if what == "名称":
        if len(rest) != 1:
            return texts.TITLE_HAS_NO_SPACES if rest else texts.missing_arguments(texts.TASKS_RENAME_USAGE)
        _save(ctx, port, record, title=rest[0])
        return texts.task_title_changed(record.title, rest[0])
    try:
        rule = parse_due_rule(" ".join(words[1:]))
    except DueRuleError as error:
        return error.message
    # Periods that fell due before the change are not chased under a rule nobody knew then.
    _save(ctx, port, record, rule=format_due_rule(rule), active_from=today)
    deadline = _upcoming(rule, today, ctx.services.calendar).deadline
    return texts.task_rule_changed(record.title, describe_due_rule(rule), deadline, today)


_KEEP = object()  # "leave as it is", where None is a value (every department, no start date)


def _save(
    ctx: Context,
    port: ReportingPort,
    record: TaskRecord,
    *,
    title: str | None = None,
    rule: str | None = None,
    departments: object = _KEEP,
    active_from: object = _KEEP,
) -> None:
    port.save_task(
        code=record.code,
        title=title or record.title,
        kind=record.kind,
        rule=rule or record.rule,
        departments=record.departments if departments is _KEEP else departments,  # type: ignore[arg-type]
        active_from=record.active_from if active_from is _KEEP else active_from,  # type: ignore[arg-type]
        active=record.active,
        now=ctx.now,
        updated_by=_user_id(ctx),
    )


def _stop(ctx: Context, port: ReportingPort, words: list[str]) -> str:
    return _set_active(ctx, port, words, active=False)


def _resume(ctx: Context, port: ReportingPort, words: list[str]) -> str:
    return _set_active(ctx, port, words, active=True)


def _set_active(ctx: Context, port: ReportingPort, words: list[str], *, active: bool) -> str:
    if len(words) != 1:
        return texts.missing_arguments(texts.TASKS_RESUME_USAGE if active else texts.TASKS_STOP_USAGE)
    record = _find_task(port, words[0])
    if record is None or not port.set_active(record.code, active, now=ctx.now, updated_by=_user_id(ctx)):
        return texts.unknown_task(words[0], _titles(port))
    return texts.task_resumed(record.title) if active else texts.task_stopped(record.title)


def _receipt(ctx: Context, port: ReportingPort, words: list[str]) -> str:
    if len(words) not in (2, 3):
        return texts.missing_arguments(texts.TASKS_RECEIPT_USAGE)
    record = _find_task(port, words[0])
    if record is None:
        return texts.unknown_task(words[0], _titles(port))
    department = find_department(catalog(ctx), words[1])
    if department is None:
        return texts.unknown_departments([words[1]], departments_list(catalog(ctx)))
    try:
        task = ReportingTask(
            record.code, record.title, TaskKind.OTHER, parse_due_rule(record.rule), (department.code,)
        )
        calendar = ctx.services.calendar
        period = (
            period_by_key(task, words[2], calendar)
            if len(words) == 3
            else current_period(task, ctx.services.today(), calendar)
        )
    except DueRuleError as error:
        return error.message
    name = department.display_name
    if not port.record_receipt(
        task=record.code,
        period=period.key,
        department=department.code,
        now=ctx.now,
        recorded_by=_user_id(ctx),
    ):
        return texts.receipt_exists(name, record.title, period.key)
    return texts.receipt_recorded(record.code, record.title, name, period.key)


# --- helpers ----------------------------------------------------------------------------------------


def _rule_then_rest(words: list[str]) -> tuple[DueRule, list[str]] | str:
    """A rule of one word (每月第5个工作日) or two (monthly wd5), then the departments."""
    errors: list[str] = []
    for size in (2, 1):
        if len(words) < size:
            continue
        try:
            return parse_due_rule(" ".join(words[:size])), words[size:]
        except DueRuleError as error:
            errors.append(error.message)
    # A bare keyword ("monthly") needs the second word: that attempt's message says what is wrong.
    bare_keyword = words[0].lower() in _RULE_KEYWORDS
    return errors[0] if bare_keyword or len(errors) == 1 else errors[-1]


def _departments(ctx: Context, words: list[str]) -> tuple[str, ...] | str | None:
    """Department codes from codes or names; None for 全部; a Chinese message when something is wrong."""
    if not words:
        return texts.no_departments()
    if len(words) == 1 and words[0].lower() in texts.ALL_DEPARTMENTS_WORDS:
        return None
    known = catalog(ctx)
    found = [(word, find_department(known, word)) for word in words]
    unknown = [word for word, department in found if department is None]
    if unknown:
        return texts.unknown_departments(unknown, departments_list(known))
    return tuple(dict.fromkeys(department.code for _, department in found if department is not None))


def _find_task(port: ReportingPort, word: str) -> TaskRecord | None:
    """The task a staff member names: by its code, else by its name (what the listing shows)."""
    record = port.task(word)
    if record is not None:
        return record
    return next((record for record in port.tasks() if record.title == word), None)


def _rule_problem(word: str) -> str | None:
    """What is wrong with ``word`` as a due rule, in Chinese; None when it is one."""
    try:
        parse_due_rule(word)
    except DueRuleError as error:
        return error.message
    return None


def _names_departments(ctx: Context, word: str) -> bool:
    """全部, or the code or name of a department of the catalog."""
    return word.lower() in texts.ALL_DEPARTMENTS_WORDS or find_department(catalog(ctx), word) is not None


def _starts_a_rule(word: str) -> bool:
    """Whether the word is a due rule or a rule's keyword (每月第5个工作日, monthly): then no code was
    given, and the task's name is its code."""
    if word.lower() in _RULE_KEYWORDS:
        return True
    try:
        parse_due_rule(word)
    except DueRuleError:
        return False
    return True


def _titles(port: ReportingPort) -> list[str]:
    return [record.title for record in port.tasks()]


def _user_id(ctx: Context) -> int | None:
    return ctx.user.id if ctx.user is not None else None


_ACTIONS: dict[str, Callable[[Context, ReportingPort, list[str]], str]] = {
    "新增": _add,
    "add": _add,
    "修改": _change,
    "change": _change,
    "停用": _stop,
    "stop": _stop,
    "启用": _resume,
    "resume": _resume,
    "已收": _receipt,
    "received": _receipt,
    "帮助": lambda ctx, port, words: texts.TASKS_HELP,
    "help": lambda ctx, port, words: texts.TASKS_HELP,
}

COMMAND = Command(("报送", "tasks"), OFFICE, _run, texts.SUMMARY_TASKS, usage=texts.TASKS_USAGE)
