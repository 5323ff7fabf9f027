"""Issue reports as cases: open, answered by staff, closed with an outcome; staff's list puts the cases
still to handle first. Migration 0007 gives the reports filed before it the status open."""

from __future__ import annotations

from datetime import datetime, timedelta

from alembic import command
from sqlalchemy import inspect

from fm_domain.models import Department
from fm_domain.users import Role
from storage import Database
from storage.migrations import alembic_config, upgrade


def _report(database: Database, now: datetime, kind: str = "unclear", description: str = "职责不清") -> int:
    with database.unit_of_work() as uow:
        liaison = uow.users.create("李敏", Role.LIAISON, "minzheng", now)
        report = uow.issue_reports.add(
            department="minzheng",
            kind=kind,
            description=description,
            attachment_name="",
            attachment_mime="",
            attachment_content=None,
            reported_by=liaison.id,
            reported_at=now,
        )
        uow.commit()
    return report.id


def _staff(database: Database, now: datetime) -> int:
    with database.unit_of_work() as uow:
        staff = uow.users.create("周静", Role.STAFF, None, now)
        uow.commit()
    return staff.id


def test_a_new_report_is_open_with_no_reply(
    imported_department: Department, database: Database, now: datetime
) -> None:
    report_id = _report(database, now)

    with database.unit_of_work() as uow:
        report = uow.issue_reports.get(report_id)

    assert report is not None
    assert (report.status, report.reply, report.outcome, report.handled_at) == ("open", "", "", None)


def test_a_reply_then_a_close_keep_both_and_a_closed_case_takes_neither(
    imported_department: Department, database: Database, now: datetime
) -> None:
    report_id, staff = _report(database, now), _staff(database, now)
    later = now + timedelta(days=1)

    with database.unit_of_work() as uow:
        assert uow.issue_reports.reply(report_id, text="已转综合处研究", by=staff, at=later)
        assert uow.issue_reports.close(report_id, outcome="已明确由民政局牵头", by=staff, at=later)
        uow.commit()
    with database.unit_of_work() as uow:
        assert not uow.issue_reports.close(report_id, outcome="再次办结", by=staff, at=later)
        assert not uow.issue_reports.reply(report_id, text="补充", by=staff, at=later)
        report = uow.issue_reports.get(report_id)

    assert report is not None
    assert (report.status, report.reply, report.outcome) == ("closed", "已转综合处研究", "已明确由民政局牵头")
    assert report.handled_at == later


def test_the_list_puts_cases_not_closed_first_and_filters_by_department_and_kind(
    imported_department: Department, database: Database, now: datetime
) -> None:
    first = _report(database, now, "overlap", "一")
    second = _report(database, now, "unclear", "二")
    third = _report(database, now, "overlap", "三")
    staff = _staff(database, now)
    with database.unit_of_work() as uow:
        uow.issue_reports.close(first, outcome="已处理", by=staff, at=now)
        uow.issue_reports.reply(third, text="收到", by=staff, at=now)
        uow.commit()

    with database.unit_of_work() as uow:
        everything = [r.id for r in uow.issue_reports.listed()]
        overlaps = [r.id for r in uow.issue_reports.listed(department="minzheng", kind="overlap")]
        elsewhere = uow.issue_reports.listed(department="jiaoyu")

    assert everything == [second, third, first]
    assert overlaps == [third, first]
    assert elsewhere == []


def test_migration_0007_opens_the_reports_filed_before_it_and_can_be_undone(
    empty_database: Database, department: Department, now: datetime
) -> None:
    upgrade(empty_database.engine, "0006")
    with empty_database.unit_of_work() as uow:
        uow.catalog.save_revision(department, "before 0007", imported_at=now)
        uow.commit()
    with empty_database.engine.connect() as connection, connection.begin():
        connection.exec_driver_sql(
            "INSERT INTO issue_reports (department, kind, description, attachment_name, attachment_mime,"
            " reported_at) VALUES ('minzheng', 'unclear', '职责不清', '', '', '2026-03-10 09:00:00+00:00')"
        )

    empty_database.upgrade()  # 0007: issue report cases

    with empty_database.unit_of_work() as uow:
        [report] = uow.issue_reports.of_department("minzheng")
    assert (report.status, report.reply, report.outcome) == ("open", "", "")

    with empty_database.engine.connect() as connection, connection.begin():
        command.downgrade(alembic_config(connection), "0006")
    columns = {c["name"] for c in inspect(empty_database.engine).get_columns("issue_reports")}
    assert "status" not in columns and "description" in columns
    assert empty_database.revision() == "0006"
