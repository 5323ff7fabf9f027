"""运行监管's own records in the dossier: the 统计表 a department filled and its 重要政策措施 / 重大活动
reports (PartKey.REPORTS), the visits staff made (PartKey.VISITS), and every step of its findings'
lifecycle (PartKey.LIFECYCLE); across departments, the city workbook's sheets.

A record belongs to the year by its own date: a table by its period, a report by the day the policy was
issued or the activity held, a visit by the day it was made, a finding's steps by the day it was raised
(as the dossier's findings chapter counts it)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from conversations.archive import part_texts as t
from conversations.archive.views import check_cells, local
from conversations.archive_texts import FINDING_LABELS, FINDING_STATUS, PART_TITLES
from conversations.monitoring_texts import VISIT_KINDS
from conversations.ports import UnitOfWork
from conversations.report_texts import WORK_KINDS
from fm_domain.archive import Part, PartKey
from fm_domain.archive.document import Cell, Section, Table, View
from fm_domain.records.finding import Finding, FindingEvent
from fm_domain.records.progress import ProgressReport, ProgressTable, WorkReport
from fm_domain.records.visit import Visit

Row = tuple[Cell, ...]


def _names(uow: UnitOfWork) -> Mapping[str, str]:
    return uow.reporting.department_names()


class ReportsPart:
    """统计表 (the latest version of each table of the year) and 重要政策措施 / 重大活动 reports."""

    key = PartKey.REPORTS

    def __init__(self, *, timezone: ZoneInfo) -> None:
        self._timezone = timezone

    def department_part(self, uow: UnitOfWork, department: str, year: int) -> Part | None:
        return self._part(uow, year, [department])

    def city_part(self, uow: UnitOfWork, year: int, departments: Collection[str]) -> Part | None:
        return self._part(uow, year, departments)

    def _part(self, uow: UnitOfWork, year: int, departments: Collection[str]) -> Part | None:
        names, wanted = _names(uow), set(departments)
        progress = [
            row
            for table in uow.progress.tables()
            if table.period.startswith(str(year))
            for report in _latest(uow.progress.reports(table.id), wanted)
            for row in self._progress_rows(table, report, names)
        ]
        reports = sorted(
            (
                r
                for code in sorted(wanted)
                for r in uow.work_reports.of_department(code)
                if r.happened_on.year == year
            ),
            key=lambda r: (r.happened_on, r.id),
        )
        if not progress and not reports:
            return None
        progress_table = Table("progress-reports", t.SUB_PROGRESS, t.PROGRESS_COLUMNS, tuple(progress))
        work_table = Table(
            "work-reports",
            t.SUB_WORK_REPORTS,
            t.WORK_REPORT_COLUMNS,
            tuple(self._work_row(r, names) for r in reports),
        )
        subsections = tuple(
            Section(table.key, table.title, (table,)) for table in (progress_table, work_table) if table.rows
        )
        section = Section("reports", PART_TITLES[PartKey.REPORTS], subsections=subsections)
        views = tuple(
            View(name, table)
            for name, table in ((t.VIEW_PROGRESS, progress_table), (t.VIEW_WORK_REPORTS, work_table))
            if table.rows
        )
        return Part(PartKey.REPORTS, section, views)

    def _progress_rows(
        self, table: ProgressTable, report: ProgressReport, names: Mapping[str, str]
    ) -> list[Row]:
        submitted = local(report.submitted_at, self._timezone)
        return [
            (
                table.title,
                names.get(report.department, report.department),
                table.period,
                report.version,
                submitted,
                report.receipt,
                matter,
                column,
                value,
            )
            for matter, figures in zip(table.rows, report.figures, strict=False)
            for column, value in zip(table.columns, figures, strict=False)
        ]

    def _work_row(self, report: WorkReport, names: Mapping[str, str]) -> Row:
        return (
            report.receipt,
            names.get(report.department, report.department),
            WORK_KINDS[report.kind],
            report.title,
            report.happened_on,
            report.description,
            *check_cells(report.check),
            "、".join(report.file_names),
        )


def _latest(reports: Sequence[ProgressReport], departments: set[str]) -> list[ProgressReport]:
    """Each department's latest version of one table (filling it again is the next version)."""
    latest: dict[str, ProgressReport] = {}
    for report in reports:
        if report.department in departments:
            kept = latest.get(report.department)
            if kept is None or report.version > kept.version:
                latest[report.department] = report
    return [latest[code] for code in sorted(latest)]


class VisitsPart:
    """走访座谈 and 现场查看 of the year, with the findings each concerned."""

    key = PartKey.VISITS

    def department_part(self, uow: UnitOfWork, department: str, year: int) -> Part | None:
        return self._part(uow, year, [department])

    def city_part(self, uow: UnitOfWork, year: int, departments: Collection[str]) -> Part | None:
        return self._part(uow, year, departments)

    def _part(self, uow: UnitOfWork, year: int, departments: Collection[str]) -> Part | None:
        visits = sorted(
            (
                v
                for code in sorted(set(departments))
                for v in uow.visits.of_department(code)
                if v.visited_on.year == year
            ),
            key=lambda v: (v.visited_on, v.id),
        )
        if not visits:
            return None
        names = _names(uow)
        table = Table(
            "visits",
            PART_TITLES[PartKey.VISITS],
            t.VISIT_COLUMNS,
            tuple(_visit_row(v, names) for v in visits),
        )
        section = Section("visits", PART_TITLES[PartKey.VISITS], (table,))
        return Part(PartKey.VISITS, section, (View(t.VIEW_VISITS, table),))


def _visit_row(visit: Visit, names: Mapping[str, str]) -> Row:
    return (
        visit.id,
        names.get(visit.department, visit.department),
        VISIT_KINDS[visit.kind],
        visit.visited_on,
        visit.place,
        visit.people,
        visit.notes,
        t.finding_refs(visit.finding_ids),
        "、".join(visit.file_names),
    )


class LifecyclePart:
    """Every step of the year's findings: raised, under inquiry or visit, decided, rectified, closed; who
    moved each, when and why (``finding_events``, read in one query for the year)."""

    key = PartKey.LIFECYCLE

    def __init__(self, *, timezone: ZoneInfo) -> None:
        self._timezone = timezone

    def department_part(self, uow: UnitOfWork, department: str, year: int) -> Part | None:
        return self._part(uow, year, uow.archive.findings(department))

    def city_part(self, uow: UnitOfWork, year: int, departments: Collection[str]) -> Part | None:
        wanted = set(departments)
        return self._part(uow, year, [f for f in uow.archive.findings() if f.department in wanted])

    def _part(self, uow: UnitOfWork, year: int, findings: Sequence[Finding]) -> Part | None:
        start = datetime(year, 1, 1, tzinfo=self._timezone)
        histories = uow.findings.histories_between(start, start.replace(year=year + 1))
        steps = [(f, event) for f in findings for event in histories.get(f.id, ())]
        if not steps:
            return None
        names, people = _names(uow), _People(uow)
        rows = tuple(self._row(f, event, names, people) for f, event in steps)
        table = Table("finding-lifecycle", PART_TITLES[PartKey.LIFECYCLE], t.LIFECYCLE_COLUMNS, rows)
        section = Section("lifecycle", PART_TITLES[PartKey.LIFECYCLE], (table,))
        return Part(PartKey.LIFECYCLE, section, (View(t.VIEW_LIFECYCLE, table),))

    def _row(self, finding: Finding, event: FindingEvent, names: Mapping[str, str], people: _People) -> Row:
        return (
            finding.id,
            names.get(finding.department, finding.department),
            FINDING_LABELS.get(finding.kind, finding.kind),
            FINDING_STATUS[event.from_status] if event.from_status else t.RAISED,
            FINDING_STATUS[event.to_status],
            local(event.at, self._timezone),
            people.name(event.by),
            event.reason,
            t.linked(event.inquiry_id, event.visit_id),
            event.deadline,
        )


class _People:
    """Who moved a finding, by name; each user read once."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._names: dict[int, str] = {}

    def name(self, user_id: int | None) -> str:
        if user_id is None:
            return t.SYSTEM
        if user_id not in self._names:
            user = self._uow.users.get(user_id)
            self._names[user_id] = user.display_name if user else f"#{user_id}"
        return self._names[user_id]
