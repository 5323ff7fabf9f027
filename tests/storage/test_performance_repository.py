"""绩效管理's storage, on SQLite and PostgreSQL: schemes and evaluations by year (the latest in force, the
earlier kept), evaluation files kept as sent, a leader's rating changed in place, a year closed once; and
the bulk reads a year's scores are computed from."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from alembic import command
from sqlalchemy import inspect

from fm_domain.models import Department
from fm_domain.performance import (
    Evaluation,
    EvaluationValue,
    Grade,
    YearScores,
    rank,
    score_department,
)
from fm_domain.records import FindingKind, InquiryMessageKind, ReviewedItems, SubmissionKind
from fm_domain.users import Role
from storage import Database
from storage.migrations import alembic_config, head_revision, upgrade
from tests.domain.performance_helpers import item, scheme
from tests.storage.conftest import NOW

SCHEME = scheme(
    ("effect", [item("petitions", 4, "evaluation", "信访", "linear 0-100")]),
    ("how", [item("on_time", 6, "record", "reports_on_time", "ratio")]),
)


def evaluation(value: int, file_name: str = "信访.xlsx") -> Evaluation:
    return Evaluation(
        2026,
        "信访",
        file_name,
        (EvaluationValue("minzheng", "petitions", Fraction(value), f"{file_name} 单元格 C6"),),
    )


def test_the_last_scheme_imported_for_a_year_is_in_force(
    database: Database, imported_department: Department
) -> None:
    other = scheme(("effect", [item("petitions", 10, "evaluation", "信访", "linear 0-100")]))
    with database.unit_of_work() as uow:
        assert uow.performance.scheme(2026) is None
        uow.performance.save_scheme(SCHEME, file_name="a.yaml", file_content=b"a", by=None, at=NOW)
        uow.performance.save_scheme(other, file_name="b.yaml", file_content=b"b", by=None, at=NOW)
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.performance.scheme(2026) == other
        assert uow.performance.scheme(2027) is None


def test_an_evaluation_keeps_its_file_and_a_later_one_from_the_same_source_replaces_it(
    database: Database, imported_department: Department
) -> None:
    with database.unit_of_work() as uow:
        first = uow.performance.add_evaluation(
            evaluation(80, "一.xlsx"), file_content=b"PK first", by=None, at=NOW
        )
        second = uow.performance.add_evaluation(
            evaluation(90, "二.xlsx"), file_content=b"PK second", by=None, at=NOW
        )
        uow.commit()
    with database.unit_of_work() as uow:
        [in_force] = uow.performance.evaluations(2026)
        assert in_force.id == second.id and in_force.value("minzheng", "petitions").value == 90  # type: ignore[union-attr]
        assert in_force.imported_at == NOW
        assert uow.performance.evaluation_file(first.id) == ("一.xlsx", b"PK first")
        assert uow.performance.evaluations(2025) == []


def test_a_leaders_rating_is_given_once_and_changed_in_place(
    database: Database, imported_department: Department
) -> None:
    with database.unit_of_work() as uow:
        leader = uow.users.create("陈主任", Role.LEADER, None, NOW)
        first = uow.performance.rate(
            year=2026, department="minzheng", leader=leader.id, grade=Grade.FAIRLY_GOOD, comment="", at=NOW
        )
        again = uow.performance.rate(
            year=2026,
            department="minzheng",
            leader=leader.id,
            grade=Grade.GOOD,
            comment="救助工作扎实",
            at=NOW + timedelta(days=1),
        )
        uow.commit()
    with database.unit_of_work() as uow:
        [rating] = uow.performance.ratings(2026)
    assert (first, again) == (True, False)
    assert (rating.leader_name, rating.grade, rating.comment) == ("陈主任", Grade.GOOD, "救助工作扎实")
    assert rating.rated_at == NOW + timedelta(days=1)


def test_a_year_is_closed_once_and_its_scores_read_back_as_frozen(
    database: Database, imported_department: Department
) -> None:
    scored = score_department(SCHEME, "minzheng", {}, {"信访": evaluation(80)}, [])
    scores = YearScores(2026, SCHEME, rank([scored]), date(2026, 12, 31))
    with database.unit_of_work() as uow:
        assert uow.performance.close(scores, by=None, at=NOW)
        assert not uow.performance.close(YearScores(2026, SCHEME, (), date(2027, 1, 5)), by=None, at=NOW)
        uow.commit()
    with database.unit_of_work() as uow:
        frozen = uow.performance.closed(2026)
        assert uow.performance.is_closed(2026) and not uow.performance.is_closed(2027)
        assert uow.performance.closed_years() == [2026]
    assert frozen is not None and frozen.closed_at == NOW
    assert frozen.scores == scores.scores and frozen.scores[0].total == scored.total


def test_the_year_is_read_in_bulk_submissions_findings_inquiries_and_receipts(
    database: Database, imported_department: Department
) -> None:
    with database.unit_of_work() as uow:
        liaison = uow.users.create("王强", Role.LIAISON, "minzheng", NOW)
        for period in ("2025-12", "2026-01", "2026"):
            uow.submissions.add(
                kind=SubmissionKind.MONTHLY_ARRANGEMENT if "-" in period else SubmissionKind.ANNUAL_GOALS,
                department="minzheng",
                division="",
                period=period,
                review=ReviewedItems(),
                submitted_by=liaison.id,
                submitted_at=NOW,
            )
        uow.findings.add(
            department="minzheng",
            submission_id=None,
            item="a",
            kind=FindingKind.OUT_OF_SCOPE,
            detail="",
            created_at=NOW,
        )
        asked = uow.inquiries.create(
            department="minzheng", deadline=date(2026, 3, 9), asked_by=liaison.id, asked_at=NOW
        )
        silent = uow.inquiries.create(
            department="minzheng", deadline=date(2026, 3, 9), asked_by=liaison.id, asked_at=NOW
        )
        for day, kind in (
            (2, InquiryMessageKind.QUESTION),
            (3, InquiryMessageKind.REPLY),
            (5, InquiryMessageKind.REPLY),
        ):
            uow.inquiries.add_message(
                inquiry_id=asked.id,
                author=liaison.id,
                kind=kind,
                text="",
                attachment_name="",
                attachment_mime="",
                attachment_content=None,
                created_at=NOW + timedelta(days=day),
            )
        uow.reporting.save_task(
            code="统计表",
            title="统计表",
            kind="other",
            rule="monthly 10",
            departments=None,
            active_from=None,
            now=NOW,
        )
        uow.reporting.record_receipt(task="统计表", period="2026-02", department="minzheng", now=NOW)
        uow.commit()
    with database.unit_of_work() as uow:
        assert sorted(s.period for s in uow.submissions.of_year(2026)) == ["2026", "2026-01"]
        assert len(uow.findings.raised_between(NOW - timedelta(days=1), NOW + timedelta(days=1))) == 1
        assert uow.findings.raised_between(NOW + timedelta(seconds=1), NOW + timedelta(days=1)) == []
        inquiries = uow.inquiries.asked_between(NOW, NOW + timedelta(days=1))
        assert [i.id for i in inquiries] == [asked.id, silent.id]
        assert uow.inquiries.first_replies([asked.id, silent.id]) == {asked.id: NOW + timedelta(days=3)}
        assert uow.reporting.received("2026") == [("统计表", "2026-02", "minzheng", NOW)]


def test_the_performance_migration_can_be_undone(empty_database: Database) -> None:
    empty_database.upgrade()
    assert {"performance_schemes", "performance_evaluations", "leader_ratings", "performance_years"} <= set(
        inspect(empty_database.engine).get_table_names()
    )

    with empty_database.engine.connect() as connection, connection.begin():
        command.downgrade(alembic_config(connection), "0007")

    tables = set(inspect(empty_database.engine).get_table_names())
    assert not tables & {
        "performance_schemes",
        "performance_evaluations",
        "leader_ratings",
        "performance_years",
    }
    upgrade(empty_database.engine)  # and back up again
    assert empty_database.revision() == head_revision()
