"""The record row by row: the tables the workbook's sheets hold (one view each) and the dossier's chapters
reuse. Each function takes records and returns a fm_domain.archive Table; with ``department`` names
given, the table gets a 部门 column first (the city-wide workbook: every department on one sheet)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, tzinfo

from conversations import archive_texts as t
from fm_domain.archive import (
    Cell,
    Column,
    ColumnKind,
    InquiryThread,
    IssueReportRecord,
    ReportCell,
    RevisionEntry,
    Table,
)
from fm_domain.models import Department, DutyCategory
from fm_domain.records import Finding, InquiryMessage, ItemCheck, Submission

TEXT, NUMBER, DATE, LONG = ColumnKind.TEXT, ColumnKind.NUMBER, ColumnKind.DATE, ColumnKind.LONG_TEXT
Names = Mapping[str, str] | None  # department code → name, for the city's 部门 column


def _table(
    key: str,
    title: str,
    columns: Sequence[tuple[str, ColumnKind]],
    rows: Iterable[tuple[Cell, ...]],
    names: Names,
) -> Table:
    head = [Column(t.COL_DEPARTMENT)] if names is not None else []
    return Table(
        key,
        title,
        (*head, *(Column(name, kind) for name, kind in columns)),
        tuple(rows),
        empty_text=t.EMPTY_ROWS,
    )


def _with_department(names: Names, code: str, row: tuple[Cell, ...]) -> tuple[Cell, ...]:
    return ((names.get(code, code), *row)) if names is not None else row


def local(moment: datetime | None, timezone: tzinfo) -> datetime | None:
    """A moment as the office's wall clock shows it, without a zone (Excel and Word have none)."""
    return moment.astimezone(timezone).replace(tzinfo=None, microsecond=0) if moment else None


def category_order(category: DutyCategory) -> int:
    return list(DutyCategory).index(category)


def duties_table(departments: Iterable[Department], names: Names = None) -> Table:
    rows = []
    for department in departments:
        for duty in sorted(department.duties, key=lambda d: (category_order(d.category), d.n)):
            category = duty.category.value + (t.GUESSED_CATEGORY if duty.category_guessed else "")
            row = (
                duty.n,
                duty.text,
                category,
                duty.status.label,
                t.PERIODIC if duty.periodic else "",
                "、".join(duty.divisions),
            )
            rows.append(_with_department(names, department.code, row))
    columns = [
        (t.COL_N, NUMBER),
        (t.COL_DUTY, LONG),
        (t.COL_CATEGORY, TEXT),
        (t.COL_STATUS, TEXT),
        (t.COL_PERIODIC, TEXT),
        (t.COL_DIVISIONS, TEXT),
    ]
    return _table("duties", t.SUB_DUTIES, columns, rows, names)


def divisions_table(department: Department) -> Table:
    rows = [(d.name, "；".join(d.duties)) for d in department.divisions]
    return _table(
        "divisions", t.SUB_DIVISIONS, [(t.COL_DIVISION, TEXT), (t.COL_DIVISION_DUTIES, LONG)], rows, None
    )


def revisions_table(entries: Sequence[RevisionEntry], timezone: tzinfo) -> Table:
    rows = [
        (
            entry.revision.number,
            local(entry.revision.imported_at, timezone),
            entry.revision.source,
            "；".join(t.revision_change(c.kind, c.subject, c.before, c.after) for c in entry.changes)
            or t.REVISIONS_FIRST,
        )
        for entry in entries
    ]
    columns = [(t.COL_REVISION, NUMBER), (t.COL_IMPORTED, DATE), (t.COL_SOURCE, TEXT), (t.COL_CHANGES, LONG)]
    return _table("revisions", t.SUB_REVISIONS, columns, rows, None)


def punctuality_table(cells: Iterable[ReportCell], names: Names = None) -> Table:
    rows = [
        _with_department(
            names,
            cell.department,
            (
                cell.title,
                cell.period,
                cell.deadline,
                cell.arrived,
                t.REPORT_STATES[cell.state],
                cell.working_days_late or None,
            ),
        )
        for cell in cells
    ]
    columns = [
        (t.COL_TASK, TEXT),
        (t.COL_PERIOD, TEXT),
        (t.COL_DEADLINE, DATE),
        (t.COL_ARRIVED, DATE),
        (t.COL_STATUS, TEXT),
        (t.COL_LATE_DAYS, NUMBER),
    ]
    return _table("punctuality", t.VIEW_PUNCTUALITY, columns, rows, names)


def submissions_table(submissions: Iterable[Submission], timezone: tzinfo, names: Names = None) -> Table:
    rows = [
        _with_department(
            names,
            s.department,
            (
                t.SUBMISSION_KINDS[s.kind],
                s.period,
                s.division,
                s.version,
                s.receipt,
                local(s.submitted_at, timezone),
                len(s.review.items),
                t.counts_text(s.review.counts),
            ),
        )
        for s in sorted(submissions, key=lambda s: (s.department, s.kind, s.period, s.division, s.version))
    ]
    columns = [
        (t.COL_KIND, TEXT),
        (t.COL_PERIOD, TEXT),
        (t.COL_DIVISION, TEXT),
        (t.COL_VERSION, NUMBER),
        (t.COL_RECEIPT, TEXT),
        (t.COL_SUBMITTED, DATE),
        (t.COL_ITEMS, NUMBER),
        (t.COL_COUNTS, LONG),
    ]
    return _table("submissions", t.VIEW_SUBMISSIONS, columns, rows, names)


def check_cells(check: ItemCheck) -> tuple[Cell, ...]:
    """An item's verdict as the dossier shows it: the verdict, the duty, and what qualifies it."""
    notes = [note for note in (check.note, t.CONFIDENCE_LOW if check.low else "", _precedent(check)) if note]
    return (t.verdict_label(check.counted_as), check.label or check.duty or "", "；".join(notes))


def _precedent(check: ItemCheck) -> str:
    return f"{t.PRECEDENT}：{check.precedent}" if check.precedent else ""


def items_rows(submission: Submission) -> list[tuple[Cell, ...]]:
    return [(n, check.text, *check_cells(check)) for n, check in enumerate(submission.review.items, start=1)]


ITEM_COLUMNS = [
    (t.COL_N, NUMBER),
    (t.COL_ITEM, LONG),
    (t.COL_VERDICT, TEXT),
    (t.COL_MATCHED_DUTY, LONG),
    (t.COL_NOTE, LONG),
]


def items_table(key: str, title: str, submission: Submission) -> Table:
    return _table(key, title, ITEM_COLUMNS, items_rows(submission), None)


def all_items_table(submissions: Iterable[Submission], names: Names = None) -> Table:
    """Every item of every version: what was checked, when, and how it came out."""
    rows = [
        _with_department(
            names, s.department, (t.SUBMISSION_KINDS[s.kind], s.period, s.division, s.version, *row)
        )
        for s in sorted(submissions, key=lambda s: (s.department, s.kind, s.period, s.division, s.version))
        for row in items_rows(s)
    ]
    columns = [
        (t.COL_KIND, TEXT),
        (t.COL_PERIOD, TEXT),
        (t.COL_DIVISION, TEXT),
        (t.COL_VERSION, NUMBER),
        *ITEM_COLUMNS,
    ]
    return _table("items", t.VIEW_ITEMS, columns, rows, names)


def earlier_versions_table(key: str, versions: Sequence[Submission], timezone: tzinfo) -> Table:
    rows = [
        (
            s.version,
            local(s.submitted_at, timezone),
            s.receipt,
            len(s.review.items),
            t.counts_text(s.review.counts),
        )
        for s in versions
    ]
    columns = [
        (t.COL_VERSION, NUMBER),
        (t.COL_SUBMITTED, DATE),
        (t.COL_RECEIPT, TEXT),
        (t.COL_ITEMS, NUMBER),
        (t.COL_COUNTS, LONG),
    ]
    return _table(key, t.SUB_EARLIER, columns, rows, None)


def progress_table(
    key: str, title: str, entries: Sequence[Mapping[str, str]], labels: Mapping[str, str]
) -> Table:
    rows = [
        (
            n,
            entry.get("text", ""),
            labels.get(entry.get("status", ""), entry.get("status", "")),
            entry.get("reason", ""),
        )
        for n, entry in enumerate(entries, start=1)
    ]
    columns = [(t.COL_N, NUMBER), (t.COL_ITEM, LONG), (t.COL_PROGRESS, TEXT), (t.COL_REASON, LONG)]
    return _table(key, title, columns, rows, None)


def findings_table(findings: Iterable[Finding], timezone: tzinfo, names: Names = None) -> Table:
    rows = [
        _with_department(
            names,
            f.department,
            (
                f.id,
                local(f.created_at, timezone),
                t.FINDING_LABELS.get(f.kind, f.kind),
                f.item,
                f.detail,
                t.FINDING_STATUS[f.status],
                local(f.decided_at, timezone),
                f.reason,
            ),
        )
        for f in findings
    ]
    columns = [
        (t.COL_ID, NUMBER),
        (t.COL_FOUND, DATE),
        (t.COL_KIND, TEXT),
        (t.COL_ITEM, LONG),
        (t.COL_DETAIL, LONG),
        (t.COL_STATUS, TEXT),
        (t.COL_DECIDED, DATE),
        (t.COL_DECISION_REASON, LONG),
    ]
    return _table("findings", t.VIEW_FINDINGS, columns, rows, names)


def thread_table(thread: InquiryThread, timezone: tzinfo) -> Table:
    rows = [_message_row(m, timezone) for m in thread.messages]
    return _table(f"inquiry-{thread.inquiry.id}", t.VIEW_INQUIRIES, MESSAGE_COLUMNS, rows, None)


MESSAGE_COLUMNS = [
    (t.COL_TIME, DATE),
    (t.COL_MESSAGE_KIND, TEXT),
    (t.COL_TEXT, LONG),
    (t.COL_ATTACHMENT, TEXT),
]


def _message_row(message: InquiryMessage, timezone: tzinfo) -> tuple[Cell, ...]:
    return (
        local(message.created_at, timezone),
        t.MESSAGE_KINDS[message.kind],
        message.text,
        message.attachment_name,
    )


def inquiries_table(threads: Iterable[InquiryThread], timezone: tzinfo, names: Names = None) -> Table:
    """Every message of every inquiry, with the inquiry's number, state and deadline on each row."""
    rows = [
        _with_department(
            names,
            thread.inquiry.department,
            (
                thread.inquiry.id,
                t.INQUIRY_STATUS[thread.inquiry.status],
                thread.inquiry.deadline,
                *_message_row(message, timezone),
            ),
        )
        for thread in threads
        for message in thread.messages
    ]
    columns = [(t.COL_INQUIRY, NUMBER), (t.COL_STATUS, TEXT), (t.COL_DEADLINE, DATE), *MESSAGE_COLUMNS]
    return _table("inquiries", t.VIEW_INQUIRIES, columns, rows, names)


def issues_table(
    key: str,
    title: str,
    reports: Iterable[IssueReportRecord],
    timezone: tzinfo,
    names: Names = None,
) -> Table:
    rows = [
        _with_department(
            names,
            r.department,
            (
                r.receipt or r.id,
                t.ISSUE_KINDS.get(r.kind, r.kind),
                local(r.reported_at, timezone),
                r.description,
                t.REPORT_STATUS.get(r.status, r.status),
                r.reply,
                r.outcome,
            ),
        )
        for r in reports
    ]
    columns = [
        (t.COL_RECEIPT, TEXT),
        (t.COL_KIND, TEXT),
        (t.COL_REPORTED, DATE),
        (t.COL_DESCRIPTION, LONG),
        (t.COL_STATUS, TEXT),
        (t.COL_REPLY, LONG),
        (t.COL_OUTCOME, LONG),
    ]
    return _table(key, title, columns, rows, names)
