"""What the web console's pages show, as plain values: the submission matrix (departments × periods), the
findings with the class of the duty they touch, the filters' choices. bot/console renders them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from conversations import archive_texts as t
from conversations.archive.reading import CityYear
from conversations.ports import UnitOfWork
from fm_domain.archive import InquiryThread, ReportCell
from fm_domain.deadlines import TaskKind
from fm_domain.models import Catalog, Department, Duty, DutyCategory
from fm_domain.records import Finding, FindingKind, FindingStatus, InquiryStatus


@dataclass(frozen=True)
class MatrixColumn:
    task: str
    period: str
    label: str  # "3月" for a month, the task's title otherwise
    title: str  # the task's full title and period (a tooltip)


@dataclass(frozen=True)
class MatrixRow:
    department: Department
    cells: tuple[ReportCell | None, ...]  # None: the department does not owe this task
    open_findings: int
    awaiting_reply: int


@dataclass(frozen=True)
class Overview:
    year: int
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]
    open_findings: tuple[Finding, ...]
    awaiting_reply: tuple[InquiryThread, ...]  # the department is to answer
    awaiting_staff: tuple[InquiryThread, ...]  # answered, the office is to accept or follow up

    def name(self, code: str) -> str:
        return next((row.department.display_name for row in self.rows if row.department.code == code), code)


def _label(cell: ReportCell) -> str:
    if len(cell.period) == 7 and cell.period[4] == "-":
        return t.month_label(cell.month)
    return cell.title


# The year reads left to right: the goals, the months, the mid-year summary, then any other task.
_COLUMN_ORDER = {TaskKind.ANNUAL_GOALS: 0, TaskKind.MONTHLY_ARRANGEMENT: 1, TaskKind.HALF_YEAR_SUMMARY: 2}


def overview(city: CityYear) -> Overview:
    """The matrix's columns in the tasks' order, each task's periods in time order."""
    columns: dict[tuple[str, str], MatrixColumn] = {}
    by_key: dict[tuple[str, str, str], ReportCell] = {}
    by_task: dict[str, TaskKind] = {}
    for cell in city.cells:
        by_task[cell.task] = cell.kind
        columns.setdefault(
            (cell.task, cell.period),
            MatrixColumn(cell.task, cell.period, _label(cell), f"{cell.title} {cell.period}"),
        )
        by_key[(cell.task, cell.period, cell.department)] = cell
    ordered = dict(sorted(columns.items(), key=lambda item: _COLUMN_ORDER.get(by_task[item[0][0]], 9)))
    columns = ordered
    open_findings = city.open_findings
    waiting = [th for th in city.inquiries if th.inquiry.status is InquiryStatus.OPEN]
    answered = [th for th in city.inquiries if th.inquiry.status is InquiryStatus.ANSWERED]
    rows = tuple(
        MatrixRow(
            department,
            tuple(by_key.get((c.task, c.period, department.code)) for c in columns.values()),
            sum(1 for f in open_findings if f.department == department.code),
            sum(1 for th in waiting if th.inquiry.department == department.code),
        )
        for department in city.departments
    )
    return Overview(city.year, tuple(columns.values()), rows, open_findings, tuple(waiting), tuple(answered))


# --- findings, with the class of the duty they touch ------------------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    department: str  # its name
    duty: Duty | None  # the duty the item was matched to (another department's, for an overlap)

    @property
    def category(self) -> DutyCategory | None:
        return self.duty.category if self.duty else None


@dataclass(frozen=True)
class FindingFilter:
    department: str = ""
    kind: str = ""
    status: str = ""
    category: str = ""

    def keeps(self, row: FindingRow) -> bool:
        f = row.finding
        return (
            (not self.department or f.department == self.department)
            and (not self.kind or f.kind.value == self.kind)
            and (not self.status or f.status.value == self.status)
            and (not self.category or (row.category is not None and row.category.value == self.category))
        )


def finding_rows(
    uow: UnitOfWork,
    catalog: Catalog,
    year: int,
    visible: Collection[str],
    timezone: tzinfo,
    wanted: FindingFilter = FindingFilter(),
) -> list[FindingRow]:
    """The year's findings of the visible departments, newest first, each with the duty its item was
    matched to in the submission that raised it."""
    duties: dict[tuple[int, str], str] = {}
    for submission in uow.archive.submissions(year):
        for check in submission.review.items:
            if check.duty:
                duties[(submission.id, check.text)] = check.duty
    rows = []
    for finding in uow.archive.findings():
        if finding.department not in visible or finding.created_at.astimezone(timezone).year != year:
            continue
        duty_id = duties.get((finding.submission_id or 0, finding.item))
        department = catalog.get(finding.department)
        row = FindingRow(
            finding,
            department.display_name if department else finding.department,
            catalog.duty(duty_id) if duty_id else None,
        )
        if wanted.keeps(row):
            rows.append(row)
    return sorted(rows, key=lambda row: row.finding.id, reverse=True)


def filter_choices(departments: Sequence[Department]) -> dict[str, list[tuple[str, str]]]:
    """(value, label) of each filter's options, "" (all) first."""
    return {
        "department": [(d.code, d.display_name) for d in departments],
        "kind": [(kind.value, t.FINDING_LABELS.get(kind, kind.value)) for kind in FindingKind],
        "status": [(status.value, t.FINDING_STATUS[status]) for status in FindingStatus],
        "category": [(category.value, category.value) for category in DutyCategory],
    }
