"""A finding's lifecycle in storage: each step taken only where its status allows it, recorded with who,
when, why and what it is linked to; decisions stored before the lifecycle keep their meaning and gain
their history from the migration."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import text

from fm_domain.models import Department
from fm_domain.records import FindingKind, FindingStatus, VisitKind
from fm_domain.users import Role
from storage import Database
from storage.migrations import upgrade


def _finding(database: Database, now: datetime, item: str = "开展养老机构消防安全检查") -> int:
    with database.unit_of_work() as uow:
        finding = uow.findings.add(
            department="minzheng",
            submission_id=None,
            item=item,
            kind=FindingKind.OUT_OF_SCOPE,
            detail="",
            created_at=now,
        )
        uow.commit()
    return finding


def _staff(database: Database, now: datetime) -> int:
    with database.unit_of_work() as uow:
        staff = uow.users.create("周静", Role.STAFF, None, now).id
        uow.commit()
    return staff


def test_a_finding_goes_from_inquiry_to_closing_with_every_step_recorded(
    database: Database, imported_department: Department, now: datetime
) -> None:
    staff = _staff(database, now)
    finding = _finding(database, now)
    deadline = date(2026, 4, 30)
    with database.unit_of_work() as uow:
        inquiry = uow.inquiries.create(department="minzheng", deadline=deadline, asked_by=staff, asked_at=now)
        visit = uow.visits.add(
            department="minzheng",
            kind=VisitKind.SITE,
            visited_on=date(2026, 3, 5),
            place="市养老服务中心",
            people="周静、李敏",
            notes="现场查看消防检查台账",
            finding_ids=[finding],
            files=(),
            recorded_by=staff,
            recorded_at=now,
        )
        steps = [
            uow.findings.move(finding, FindingStatus.UNDER_INQUIRY, by=staff, at=now, inquiry_id=inquiry.id),
            uow.findings.move(finding, FindingStatus.UNDER_VISIT, by=staff, at=now, visit_id=visit.id),
        ]
        assert uow.findings.decide(
            finding, status=FindingStatus.CONFIRMED, reason="走访属实", decided_by=staff, decided_at=now
        )
        steps += [
            uow.findings.move(
                finding, FindingStatus.RECTIFYING, by=staff, at=now, reason="停止开展", deadline=deadline
            ),
            uow.findings.move(finding, FindingStatus.RECTIFIED, by=None, at=now, reason="已移交消防部门"),
            uow.findings.move(finding, FindingStatus.CLOSED, by=staff, at=now, reason="整改到位"),
        ]
        uow.commit()
    assert all(step is not None for step in steps)
    rectifying = steps[2]
    assert rectifying is not None and rectifying.deadline == deadline and rectifying.note == "停止开展"

    with database.unit_of_work() as uow:
        closed = uow.findings.get(finding)
        history = uow.findings.history(finding)
    assert closed is not None and closed.status is FindingStatus.CLOSED and closed.status.bore_out
    assert closed.reason == "走访属实" and closed.note == "整改到位" and closed.deadline is None
    assert [(e.from_status, e.to_status) for e in history] == [
        (FindingStatus.OPEN, FindingStatus.UNDER_INQUIRY),
        (FindingStatus.UNDER_INQUIRY, FindingStatus.UNDER_VISIT),
        (FindingStatus.UNDER_VISIT, FindingStatus.CONFIRMED),
        (FindingStatus.CONFIRMED, FindingStatus.RECTIFYING),
        (FindingStatus.RECTIFYING, FindingStatus.RECTIFIED),
        (FindingStatus.RECTIFIED, FindingStatus.CLOSED),
    ]
    assert history[0].inquiry_id == inquiry.id and history[1].visit_id == visit.id
    assert history[2].reason == "走访属实" and history[2].by == staff
    assert history[3].deadline == deadline and history[4].by is None


def test_a_step_the_status_does_not_allow_writes_nothing(
    database: Database, imported_department: Department, now: datetime
) -> None:
    staff = _staff(database, now)
    finding = _finding(database, now)
    with database.unit_of_work() as uow:
        assert uow.findings.move(finding, FindingStatus.CLOSED, by=staff, at=now, reason="x") is None
        assert uow.findings.move(finding, FindingStatus.RECTIFYING, by=staff, at=now) is None
        assert uow.findings.decide(
            finding, status=FindingStatus.DISMISSED, reason="不属实", decided_by=staff, decided_at=now
        )
        assert not uow.findings.decide(
            finding, status=FindingStatus.CONFIRMED, reason="属实", decided_by=staff, decided_at=now
        )
        assert uow.findings.move(finding, FindingStatus.CLOSED, by=staff, at=now) is None
        uow.commit()
    with database.unit_of_work() as uow:
        assert [e.to_status for e in uow.findings.history(finding)] == [FindingStatus.DISMISSED]
        assert uow.findings.get(finding).status is FindingStatus.DISMISSED  # type: ignore[union-attr]


def test_findings_are_listed_by_status_and_department(
    database: Database, imported_department: Department, now: datetime
) -> None:
    staff = _staff(database, now)
    first, second, third = (_finding(database, now, f"事项{n}") for n in range(3))
    with database.unit_of_work() as uow:
        uow.findings.move(second, FindingStatus.UNDER_VISIT, by=staff, at=now)
        uow.findings.decide(
            third, status=FindingStatus.CONFIRMED, reason="", decided_by=staff, decided_at=now
        )
        uow.commit()
    with database.unit_of_work() as uow:
        undecided = uow.findings.in_status([FindingStatus.OPEN, FindingStatus.UNDER_VISIT], "minzheng")
        assert [f.id for f in undecided] == [first, second]
        assert uow.findings.in_status([FindingStatus.OPEN], "jiaoyu") == []
        assert [f.id for f in uow.findings.open()] == [first]  # as before the lifecycle: open alone


def test_superseding_records_the_step(
    database: Database, imported_department: Department, now: datetime
) -> None:
    finding = _finding(database, now)
    with database.unit_of_work() as uow:
        assert uow.findings.supersede([finding], at=now + timedelta(days=1)) == [finding]
        uow.commit()
    with database.unit_of_work() as uow:
        (step,) = uow.findings.history(finding)
    assert step.to_status is FindingStatus.SUPERSEDED and step.by is None


def test_the_migration_gives_decisions_stored_before_it_their_history(
    empty_database: Database, department: Department, now: datetime
) -> None:
    upgrade(empty_database.engine, "0009")
    with empty_database.engine.begin() as connection:
        at = now.replace(tzinfo=None) if empty_database.is_sqlite else now
        connection.execute(
            text("INSERT INTO departments (code, created_at) VALUES ('minzheng', :at)"), {"at": at}
        )
        for item, status, reason in (
            ("甲", "confirmed", "属实"),
            ("乙", "open", ""),
            ("丙", "dismissed", "否"),
        ):
            connection.execute(
                text(
                    "INSERT INTO findings (department, item, verdict, detail, status, reason, decided_at, "
                    "created_at) VALUES ('minzheng', :item, 'overlap', '', :status, :reason, :at, :at)"
                ),
                {"item": item, "status": status, "reason": reason, "at": at},
            )

    empty_database.upgrade()

    with empty_database.unit_of_work() as uow:
        findings = {f.item: f for f in uow.findings.of_department("minzheng")}
        histories = {item: uow.findings.history(f.id) for item, f in findings.items()}
    assert findings["甲"].status is FindingStatus.CONFIRMED and findings["甲"].note == ""
    assert [(e.from_status, e.to_status, e.reason) for e in histories["甲"]] == [
        (FindingStatus.OPEN, FindingStatus.CONFIRMED, "属实")
    ]
    assert [e.to_status for e in histories["丙"]] == [FindingStatus.DISMISSED]
    assert histories["乙"] == []
