"""统计表 (职能履行和工作推进情况统计表) and the reports of 重要政策措施 and 重大活动.

A ``ProgressTable`` is what staff publish for a period: the rows a department fills (one matter each) and
the columns of figures each row takes, the departments that owe it and by when. A ``ProgressReport`` is one
department's filled table, versioned like a submission (filling it again is the next version, with its
own receipt). A ``WorkReport`` is one policy issued or one major activity held, checked against the 三定
like any item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from fm_domain.records.item_check import ItemCheck

Figures = tuple[float, ...]  # one row's figures, a column each


@dataclass(frozen=True)
class ProgressTable:
    id: int
    title: str
    period: str  # as staff name it: 2026-11, 2026Q4, 2026H1, 2026
    rows: tuple[str, ...]  # the matters, numbered from 1 in this order
    columns: tuple[str, ...]  # the figures each row takes
    departments: tuple[str, ...] | None  # None: every department
    deadline: date
    published_by: int | None
    published_at: datetime

    def owed_by(self, department: str) -> bool:
        return self.departments is None or department in self.departments


@dataclass(frozen=True)
class ProgressReport:
    id: int
    table_id: int
    department: str
    version: int
    figures: tuple[Figures, ...]  # a row each, in the table's order
    file_name: str  # the .xlsx it came in, "" when typed in chat
    receipt: str
    submitted_by: int | None
    submitted_at: datetime


class WorkReportKind(StrEnum):
    POLICY = "policy"  # 重要政策措施 (PolicyReport)
    EVENT = "event"  # 重大活动 (EventReport)


@dataclass(frozen=True)
class WorkReport:
    id: int
    department: str
    kind: WorkReportKind
    title: str
    happened_on: date  # issued (a policy) or held (an activity)
    description: str
    check: ItemCheck  # the report as an item, checked against the 三定
    finding_id: int | None  # raised when the check goes to staff
    receipt: str
    file_names: tuple[str, ...]
    submitted_by: int | None
    submitted_at: datetime


# -- figures -----------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def figure(value: object) -> float | None:
    """A cell's or a typed value's number (``1,234.5`` too); None when it is not one. A percentage is a
    number only without its sign: staff's columns say what unit they take."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return float(value.strip().replace(",", ""))
    return None


def missing_rows(table: ProgressTable, figures: Mapping[int, Figures]) -> list[int]:
    """The rows (numbered from 1) not yet filled, or filled with fewer figures than the table's columns."""
    return [n for n in range(1, len(table.rows) + 1) if len(figures.get(n, ())) != len(table.columns)]


def ordered(table: ProgressTable, figures: Mapping[int, Figures]) -> tuple[Figures, ...]:
    """The figures in the table's row order; KeyError for a row not filled (check missing_rows first)."""
    return tuple(figures[n] for n in range(1, len(table.rows) + 1))


def plain(value: float) -> str:
    """A figure as people write it: 12 rather than 12.0."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def rows_of(text: Sequence[str]) -> tuple[str, ...]:
    """The matters staff list, one a line, numbering and blanks dropped."""
    return tuple(
        line
        for line in (re.sub(r"^\s*(?:\d+[.、．)）]|[（(]\d+[)）])\s*", "", raw).strip() for raw in text)
        if line
    )
