"""The simulated year stored in a database through the repositories, as the chat would have stored it, and
read back the way ``fmbot monitor`` and ``fmbot recommend`` read it: so the benchmark can time the year's
monitoring on SQLite, reading included."""

from __future__ import annotations

from datetime import date, timedelta

from benchmarks.simulated_records import LOCAL, YEAR, SimulatedYear
from conversations import read_records
from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import format_due_rule
from fm_domain.monitoring import Records
from fm_domain.recommendations import IssueReportRecord
from fm_domain.records import FindingStatus
from fm_domain.users import Role
from storage import Database


def store(year: SimulatedYear, database: Database) -> None:
    """Catalog, submissions with their findings (decided as the simulated office decided them, with its
    judgements) and issue reports; the standing reporting tasks, which the migration seeds as owed from
    the day it ran, as the simulated office has kept them: since the year began."""
    records = year.records
    first = min(s.submitted_at for s in records.submissions) - timedelta(days=30)
    with database.unit_of_work() as uow:
        for department in records.catalog:
            uow.catalog.save_revision(department, "sample_catalog.yaml", first)
        office = uow.users.create("编办", Role.STAFF, None, first).id
        for task in records.tasks:
            uow.reporting.save_task(
                code=task.code,
                title=task.title,
                kind=task.kind.value,
                rule=format_due_rule(task.rule),
                departments=None,  # every department, as the migration seeds them
                active_from=date(YEAR, 1, 1),
                now=first,
                updated_by=office,
            )
        ids: dict[int, int] = {}
        for submission in records.submissions:
            stored = uow.submissions.add(
                kind=submission.kind,
                department=submission.department,
                division=submission.division,
                period=submission.period,
                review=submission.review,
                details=submission.details,
                submitted_by=office,
                submitted_at=submission.submitted_at,
            )
            uow.submissions.set_receipt(stored.id, submission.receipt)
            ids[submission.id] = stored.id
        for finding in records.findings:
            assert finding.submission_id is not None
            stored_id = uow.findings.add(
                department=finding.department,
                submission_id=ids[finding.submission_id],
                item=finding.item,
                kind=finding.kind,
                detail=finding.detail,
                created_at=finding.created_at,
            )
            if finding.status in (FindingStatus.CONFIRMED, FindingStatus.DISMISSED):
                assert finding.decided_at is not None
                uow.findings.decide(
                    stored_id,
                    status=finding.status,
                    reason=finding.reason,
                    decided_by=office,
                    decided_at=finding.decided_at,
                )
            judged = records.judged.get(finding.id)
            if judged is not None:
                revision = uow.catalog.revision_id(finding.department)
                assert revision is not None and finding.decided_at is not None
                uow.judgements.add(
                    department=finding.department,
                    item=finding.item,
                    verdict=judged.verdict.value,
                    duty=judged.duty,
                    internal=judged.internal,
                    revision_id=revision,
                    finding_id=stored_id,
                    judged_by=office,
                    judged_at=finding.decided_at,
                )
        for report in year.issue_reports:
            uow.issue_reports.add(
                department=report.department,
                kind=report.kind,
                description=report.description,
                attachment_name="",
                attachment_mime="",
                attachment_content=None,
                reported_by=office,
                reported_at=report.reported_at,
            )
        uow.commit()


def read(
    year: SimulatedYear, database: Database, calendar: WorkingCalendar
) -> tuple[Records, list[IssueReportRecord]]:
    with database.unit_of_work() as uow:
        return read_records(uow, year.now, LOCAL, calendar)
