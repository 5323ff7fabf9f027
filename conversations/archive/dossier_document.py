"""The dossier (电子档案) as a document: the chapters issue 16 lists, the charts a reader would rather look
at, and the workbook's views; and the city-wide workbook, every department on one sheet per view.

Only what the record holds is written: a chapter without records says so in one line, and the parts other
features add (fm_domain.archive.extension) follow the dossier's own chapters when they exist.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo

from conversations import archive_texts as t
from conversations.archive import views
from conversations.archive.reading import CityYear
from fm_domain.archive import (
    Block,
    Chart,
    ChartKind,
    Column,
    ColumnKind,
    Document,
    Dossier,
    IssueReportRecord,
    Paragraph,
    Part,
    ReportCell,
    ReportState,
    Section,
    Series,
    SeriesRecord,
    Table,
    View,
    coverage_by_class,
    series_of_year,
)
from fm_domain.records import Finding, FindingStatus, Submission


def dossier_document(dossier: Dossier, timezone: tzinfo, made: datetime) -> Document:
    department = dossier.department
    revision = dossier.revisions[-1].revision if dossier.revisions else None
    facts = [
        (t.FACT_DEPARTMENT, department.name),
        (t.FACT_CODE, department.code),
        (t.FACT_YEAR, str(dossier.year)),
    ]
    if revision is not None:
        facts.append(
            (t.FACT_REVISION, t.revision_fact(revision.number, revision.imported_at.astimezone(timezone)))
        )
    facts.append((t.FACT_MADE, t.made_at(made.astimezone(timezone))))
    sections = [
        _sanding(dossier, timezone),
        _reporting(dossier),
        _goals(dossier, timezone),
        _monthly(dossier, timezone),
        _half_year(dossier, timezone),
        _issues(dossier, timezone),
        _findings(dossier, timezone),
        _inquiries(dossier, timezone),
    ]
    sections += _parts(dossier.extra, len(sections))
    return Document(
        title=t.DOSSIER_TITLE,
        subtitle=t.dossier_subtitle(department.name, dossier.year),
        facts=tuple(facts),
        sections=tuple(sections),
        views=_dossier_views(dossier, timezone),
    )


def _parts(parts: Sequence[Part], numbered: int) -> list[Section]:
    """The extensions' chapters, numbered on after the dossier's own."""
    return [
        Section(
            part.section.key,
            t.chapter_title(numbered + n, part.section.title),
            part.section.blocks,
            part.section.subsections,
        )
        for n, part in enumerate(parts, start=1)
    ]


# --- chapters -------------------------------------------------------------------------------------------


def _sanding(dossier: Dossier, timezone: tzinfo) -> Section:
    department = dossier.department
    duties_blocks: list[Block] = [
        Paragraph(t.CATEGORY_ORDER_NOTE, note=True),
        views.duties_table([department]),
    ]
    if department.partial:
        duties_blocks.insert(0, Paragraph(t.PARTIAL_CATALOG, note=True))
    staffing = department.staffing
    return Section(
        "sanding",
        t.SECTION_SANDING,
        subsections=(
            Section("duties", t.SUB_DUTIES, tuple(duties_blocks)),
            Section("divisions", t.SUB_DIVISIONS, (views.divisions_table(department),)),
            Section(
                "staffing",
                t.SUB_STAFFING,
                (
                    Paragraph(
                        t.staffing_text(
                            staffing.administrative,
                            staffing.leaders,
                            staffing.bodies,
                            len(department.divisions),
                        )
                    ),
                ),
            ),
            Section("revisions", t.SUB_REVISIONS, (views.revisions_table(dossier.revisions, timezone),)),
        ),
    )


def punctuality_chart(cells: Iterable[ReportCell]) -> Chart:
    """Reports per month of the year: on time, late, missing (a period's month, the deadline's otherwise)."""
    counts: dict[ReportState, list[float]] = {state: [0.0] * 12 for state in _SHOWN_STATES}
    for cell in cells:
        if cell.state in counts:
            counts[cell.state][cell.month - 1] += 1
    return Chart(
        "punctuality",
        t.CHART_PUNCTUALITY,
        ChartKind.STACKED_BAR,
        tuple(t.month_label(m) for m in range(1, 13)),
        tuple(Series(t.REPORT_STATES[state], tuple(values)) for state, values in counts.items()),
        y_title=t.AXIS_REPORTS,
    )


_SHOWN_STATES = (ReportState.ON_TIME, ReportState.LATE, ReportState.OVERDUE)


def _reporting(dossier: Dossier) -> Section:
    if not dossier.reports:
        return Section("reporting", t.SECTION_REPORTING, (Paragraph(t.REPORTING_NONE),))
    return Section(
        "reporting",
        t.SECTION_REPORTING,
        (punctuality_chart(dossier.reports), views.punctuality_table(dossier.reports)),
    )


def coverage_chart(dossier: Dossier) -> Chart:
    classes = [c for c in dossier.coverage if c.duties]
    return Chart(
        "coverage",
        t.CHART_COVERAGE,
        ChartKind.STACKED_BAR,
        tuple(c.category.value for c in classes),
        (
            Series(t.COL_COVERED, tuple(float(c.covered) for c in classes)),
            Series(t.COL_UNCOVERED, tuple(float(c.uncovered) for c in classes)),
        ),
        y_title=t.AXIS_DUTIES,
    )


def _series_blocks(key: str, record: SeriesRecord, timezone: tzinfo) -> list[Block]:
    latest = record.latest
    blocks: list[Block] = [
        Paragraph(
            t.version_line(
                latest.version, latest.receipt, latest.submitted_at.astimezone(timezone), record.versions
            )
        ),
        views.items_table(f"{key}-items", t.COL_ITEM, latest),
    ]
    if record.earlier:
        blocks.append(views.earlier_versions_table(f"{key}-earlier", record.earlier, timezone))
    return blocks


def _goals(dossier: Dossier, timezone: tzinfo) -> Section:
    active = sum(c.duties for c in dossier.coverage)
    covered = sum(c.covered for c in dossier.coverage)
    coverage = Section(
        "coverage",
        t.SUB_COVERAGE,
        (Paragraph(t.coverage_summary(covered, active)), coverage_chart(dossier)),
    )
    blocks: list[Block] = (
        _series_blocks("goals", dossier.goals, timezone) if dossier.goals else [Paragraph(t.GOALS_NONE)]
    )
    divisions = tuple(
        Section(
            f"goals-{n}",
            t.series_heading(
                t.SUBMISSION_KINDS[record.latest.kind], record.latest.period, record.latest.division
            ),
            tuple(_series_blocks(f"goals-{n}", record, timezone)),
        )
        for n, record in enumerate(dossier.division_goals, start=1)
    )
    return Section("goals", t.SECTION_GOALS, tuple(blocks), (*divisions, coverage))


def _monthly(dossier: Dossier, timezone: tzinfo) -> Section:
    if not dossier.months:
        return Section("monthly", t.SECTION_MONTHLY, (Paragraph(t.MONTHLY_NONE),))
    months = []
    for n, record in enumerate(dossier.months, start=1):
        latest = record.latest
        blocks = _series_blocks(f"month-{n}", record, timezone)
        progress = latest.details.get("progress") or []
        if progress:
            title = f"{t.SUB_PROGRESS}（{latest.details.get('previous_period', '')}）"
            blocks.append(views.progress_table(f"month-{n}-progress", title, progress, t.PROGRESS_LABELS))
        heading = t.series_heading(t.SUBMISSION_KINDS[latest.kind], latest.period, latest.division)
        months.append(Section(f"month-{n}", heading, tuple(blocks)))
    return Section("monthly", t.SECTION_MONTHLY, subsections=tuple(months))


def _half_year(dossier: Dossier, timezone: tzinfo) -> Section:
    record = dossier.half_year
    if record is None:
        return Section("half-year", t.SECTION_HALF_YEAR, (Paragraph(t.HALF_YEAR_NONE),))
    latest = record.latest
    goals = latest.details.get("goals") or []
    blocks: list[Block] = [
        Paragraph(
            t.version_line(
                latest.version, latest.receipt, latest.submitted_at.astimezone(timezone), record.versions
            )
        ),
        views.progress_table("half-year-goals", t.SUB_GOAL_PROGRESS, goals, t.GOAL_STATUS_LABELS),
        views.items_table("half-year-items", t.SUB_OTHER_WORK, latest),
    ]
    return Section("half-year", t.SECTION_HALF_YEAR, tuple(blocks))


_POLICY_EVENT_KINDS = ("policy", "event")


def _issues(dossier: Dossier, timezone: tzinfo) -> Section:
    if not dossier.issue_reports:
        return Section("issues", t.SECTION_ISSUES, (Paragraph(t.ISSUES_NONE),))
    policy = [r for r in dossier.issue_reports if r.kind in _POLICY_EVENT_KINDS]
    other = [r for r in dossier.issue_reports if r.kind not in _POLICY_EVENT_KINDS]
    return Section(
        "issues",
        t.SECTION_ISSUES,
        subsections=(
            Section(
                "policy",
                t.SUB_POLICY_EVENTS,
                (views.issues_table("policy", t.SUB_POLICY_EVENTS, policy, timezone),),
            ),
            Section(
                "other-issues",
                t.SUB_OTHER_ISSUES,
                (views.issues_table("issues", t.SUB_OTHER_ISSUES, other, timezone),),
            ),
        ),
    )


def findings_chart(findings: Iterable[Finding]) -> Chart:
    """Findings by kind, stacked by state."""
    findings = list(findings)
    kinds = list(dict.fromkeys(f.kind for f in findings))
    tally = Counter((f.kind, f.status) for f in findings)
    return Chart(
        "findings",
        t.CHART_FINDINGS,
        ChartKind.STACKED_BAR,
        tuple(t.FINDING_LABELS.get(kind, kind) for kind in kinds),
        tuple(
            Series(t.FINDING_STATUS[status], tuple(float(tally[(kind, status)]) for kind in kinds))
            for status in FindingStatus
        ),
        y_title=t.AXIS_FINDINGS,
    )


def _findings(dossier: Dossier, timezone: tzinfo) -> Section:
    if not dossier.findings:
        return Section("findings", t.SECTION_FINDINGS, (Paragraph(t.FINDINGS_NONE),))
    return Section(
        "findings",
        t.SECTION_FINDINGS,
        (findings_chart(dossier.findings), views.findings_table(dossier.findings, timezone)),
    )


def _inquiries(dossier: Dossier, timezone: tzinfo) -> Section:
    if not dossier.inquiries:
        return Section("inquiries", t.SECTION_INQUIRIES, (Paragraph(t.INQUIRIES_NONE),))
    threads = tuple(
        Section(
            f"inquiry-{thread.inquiry.id}",
            t.inquiry_heading(
                thread.inquiry.id,
                t.INQUIRY_STATUS[thread.inquiry.status],
                thread.inquiry.deadline,
                thread.inquiry.asked_at.astimezone(timezone),
            ),
            (views.thread_table(thread, timezone),),
        )
        for thread in dossier.inquiries
    )
    return Section("inquiries", t.SECTION_INQUIRIES, subsections=threads)


# --- the workbook's views ---------------------------------------------------------------------------------


def _all_versions(dossier: Dossier) -> list[Submission]:
    series = [dossier.goals, dossier.half_year, *dossier.division_goals, *dossier.months]
    return [s for record in series if record is not None for s in (*record.earlier, record.latest)]


def _dossier_views(dossier: Dossier, timezone: tzinfo) -> tuple[View, ...]:
    versions = _all_versions(dossier)
    result = [
        View(t.VIEW_DUTIES, views.duties_table([dossier.department]), (coverage_chart(dossier),)),
        View(t.VIEW_SUBMISSIONS, views.submissions_table(versions, timezone)),
        View(
            t.VIEW_PUNCTUALITY,
            views.punctuality_table(dossier.reports),
            (punctuality_chart(dossier.reports),),
        ),
        View(t.VIEW_ITEMS, views.all_items_table(versions)),
        View(
            t.VIEW_FINDINGS,
            views.findings_table(dossier.findings, timezone),
            (findings_chart(dossier.findings),),
        ),
        View(t.VIEW_INQUIRIES, views.inquiries_table(dossier.inquiries, timezone)),
        View(t.VIEW_ISSUES, views.issues_table("issues", t.VIEW_ISSUES, dossier.issue_reports, timezone)),
    ]
    result += [view for part in dossier.extra for view in part.views]
    return tuple(result)


# --- the city-wide workbook -------------------------------------------------------------------------------


def city_punctuality_chart(city: CityYear, names: dict[str, str]) -> Chart:
    """Each department's reports of the year, by state (a chart of departments, not months)."""
    counts = Counter((cell.department, cell.state) for cell in city.cells)
    codes = [d.code for d in city.departments]
    return Chart(
        "city-punctuality",
        t.CHART_CITY_PUNCTUALITY,
        ChartKind.STACKED_BAR,
        tuple(names[code] for code in codes),
        tuple(
            Series(t.REPORT_STATES[state], tuple(float(counts[(code, state)]) for code in codes))
            for state in _SHOWN_STATES
        ),
        y_title=t.AXIS_REPORTS,
    )


def city_document(
    city: CityYear,
    submissions: Sequence[Submission],
    issue_reports: Sequence[IssueReportRecord],
    timezone: tzinfo,
    made: datetime,
) -> Document:
    """Every department on one sheet per view. The sections are short: the workbook is the document."""
    names = {d.code: d.display_name for d in city.departments}
    year_findings = [f for f in city.findings if f.created_at.astimezone(timezone).year == city.year]
    year_threads = [th for th in city.inquiries if th.inquiry.asked_at.astimezone(timezone).year == city.year]
    year_reports = [r for r in issue_reports if r.reported_at.astimezone(timezone).year == city.year]
    coverage = _city_coverage(city, submissions, names)
    view_list = [
        View(t.VIEW_DUTIES, views.duties_table(city.departments, names)),
        View(t.VIEW_COVERAGE, coverage),
        View(t.VIEW_SUBMISSIONS, views.submissions_table(submissions, timezone, names)),
        View(
            t.VIEW_PUNCTUALITY,
            views.punctuality_table(city.cells, names),
            (city_punctuality_chart(city, names), punctuality_chart(city.cells)),
        ),
        View(t.VIEW_ITEMS, views.all_items_table(submissions, names)),
        View(
            t.VIEW_FINDINGS,
            views.findings_table(year_findings, timezone, names),
            (findings_chart(year_findings),),
        ),
        View(t.VIEW_INQUIRIES, views.inquiries_table(year_threads, timezone, names)),
        View(t.VIEW_ISSUES, views.issues_table("issues", t.VIEW_ISSUES, year_reports, timezone, names)),
    ]
    view_list += [view for part in city.parts for view in part.views]
    return Document(
        title=t.CITY_TITLE,
        subtitle=t.city_subtitle(city.year),
        facts=(
            (t.FACT_YEAR, str(city.year)),
            (t.FACT_DEPARTMENTS, str(len(city.departments))),
            (t.FACT_MADE, t.made_at(made.astimezone(timezone))),
        ),
        sections=(Section("punctuality", t.SECTION_REPORTING, (city_punctuality_chart(city, names),)),),
        views=tuple(view_list),
    )


def _city_coverage(city: CityYear, submissions: Sequence[Submission], names: dict[str, str]) -> Table:
    rows = []
    for department in city.departments:
        mine = [s for s in submissions if s.department == department.code]
        latest = [record.latest for record in series_of_year(mine, city.year)]
        for row in coverage_by_class(department, latest):
            if row.duties:
                rows.append(
                    (names[department.code], row.category.value, row.duties, row.covered, row.uncovered)
                )
    columns = (
        Column(t.COL_DEPARTMENT),
        Column(t.COL_CATEGORY),
        Column(t.COL_DUTIES, ColumnKind.NUMBER),
        Column(t.COL_COVERED, ColumnKind.NUMBER),
        Column(t.COL_UNCOVERED, ColumnKind.NUMBER),
    )
    return Table("coverage", t.VIEW_COVERAGE, columns, tuple(rows), empty_text=t.EMPTY_ROWS)
