"""The office's file of reporting tasks (FM_REPORTING_TASKS), applied over the stored tasks at start-up.

    [[task]]
    code = "half_year_summary"
    title = "半年工作总结"
    kind = "half_year_summary"      # annual_goals | monthly_arrangement | half_year_summary | other
    rule = "halfyear 07-15"         # a due rule of fm_domain.deadlines (半年 7月15日 works too)
    departments = "全部"             # or a list of department codes: ["jiaoyu", "minzheng"]
    active = true                   # optional; false stops the task

The file wins for the codes it lists; tasks it does not list stay as staff keep them with /报送. As with
/报送, a new task or a new rule is owed from the day it is applied: periods already due are not chased.
Parsing takes text, not a path: reading the office's file is the caller's I/O.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any

from fm_domain.deadlines import DueRule, DueRuleError, TaskKind, format_due_rule, parse_due_rule
from fm_domain.obligations import TaskRecord, is_valid_task_code, task_kind

_REQUIRED = ("code", "title", "rule", "departments")
_KEYS = {*_REQUIRED, "kind", "active"}
# Written inquiries' replies are tasks of their own, made by /函询; a file cannot declare one.
_KINDS = tuple(kind.value for kind in TaskKind if not kind.per_record)
ALL_DEPARTMENTS_WORDS = ("全部", "all")


class TaskFileError(ValueError):
    """A tasks file that cannot be accepted; ``where`` names the file and the entry."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}：{message}" if where else message)


@dataclass(frozen=True)
class ConfiguredTask:
    code: str
    title: str
    kind: TaskKind
    rule: DueRule
    departments: tuple[str, ...] | None  # None: every department
    active: bool
    where: str  # the entry in the file, for messages about it

    def changes_from(self, stored: TaskRecord | None) -> list[str]:
        """The fields that differ from the stored task (every field for a new one)."""
        mine = self._fields()
        if stored is None:
            return list(mine)
        theirs = {
            "title": stored.title,
            "kind": task_kind(stored.kind),
            "rule": stored.rule,
            "departments": stored.departments,
            "active": stored.active,
        }
        return [name for name, value in mine.items() if theirs[name] != value]

    def active_from(self, stored: TaskRecord | None, today: date) -> date | None:
        """From when periods are owed: today for a new task or a changed rule, as with /报送."""
        if stored is None or stored.rule != format_due_rule(self.rule):
            return today
        return stored.active_from

    def _fields(self) -> dict[str, object]:
        return {
            "title": self.title,
            "kind": self.kind,
            "rule": format_due_rule(self.rule),
            "departments": self.departments,
            "active": self.active,
        }


def parse_task_file(text: str, source: str = "报送任务文件") -> tuple[ConfiguredTask, ...]:
    """Read a tasks file (TOML, one ``[[task]]`` table per task); raise TaskFileError in Chinese."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TaskFileError(f"TOML 格式错误（{error}）", source) from None
    unknown = sorted(set(document) - {"task"})
    if unknown:
        raise TaskFileError(f"未知的顶层键 {'、'.join(unknown)}；每个任务写成一个 [[task]] 表", source)
    entries = document.get("task", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise TaskFileError("task 应写成 [[task]] 表（每个任务一个）", source)
    tasks: list[ConfiguredTask] = []
    seen: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        task = _parse_entry(entry, f"{source} 第 {number} 个 [[task]]")
        if task.code in seen:
            raise TaskFileError(f"代码 {task.code} 与{seen[task.code]}重复", task.where)
        seen[task.code] = task.where
        tasks.append(task)
    return tuple(tasks)


def _parse_entry(entry: dict[str, Any], where: str) -> ConfiguredTask:
    code = entry.get("code")
    if isinstance(code, str) and code.strip():
        where = f"{where}（code = {code.strip()}）"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise TaskFileError(
            f"未知的键 {'、'.join(unknown)}；可用的键：code、title、kind、rule、departments、active", where
        )
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise TaskFileError(f"缺少 {'、'.join(missing)}", where)
    code, title, rule = (_text(entry, key, where) for key in ("code", "title", "rule"))
    if not is_valid_task_code(code):
        raise TaskFileError(
            "code 只能用汉字、字母、数字、下划线或连字符，不超过 64 个字符，且不以 inquiry- 开头", where
        )
    kind = _text(entry, "kind", where) if "kind" in entry else TaskKind.OTHER.value
    if kind not in _KINDS:
        raise TaskFileError(f"kind “{kind}” 不认识；应为 {'、'.join(_KINDS)} 之一", where)
    active = entry.get("active", True)
    if not isinstance(active, bool):
        raise TaskFileError("active 应为 true 或 false", where)
    try:
        parsed = parse_due_rule(rule)
    except DueRuleError as error:
        raise TaskFileError(f"rule：{error.message}", where) from None
    return ConfiguredTask(
        code, title, TaskKind(kind), parsed, _departments(entry["departments"], where), active, where
    )


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise TaskFileError(f"{key} 应为非空文字", where)
    return value.strip()


def _departments(value: object, where: str) -> tuple[str, ...] | None:
    if isinstance(value, str) and value.strip().lower() in ALL_DEPARTMENTS_WORDS:
        return None
    hint = 'departments 应为 "全部" 或部门代码的列表，例如 ["jiaoyu", "minzheng"]'
    if not isinstance(value, list) or not value:
        raise TaskFileError(hint, where)
    if not all(isinstance(code, str) and code.strip() for code in value):
        raise TaskFileError(hint, where)
    codes = tuple(code.strip() for code in value)
    if len(set(codes)) != len(codes):
        raise TaskFileError("departments 中有重复的部门", where)
    return codes
