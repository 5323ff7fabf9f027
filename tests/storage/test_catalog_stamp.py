"""The catalog stamp: one small query that tells whether the current catalog may have changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from fm_domain.models import Department
from storage import Database

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # when these tests import a catalog


def stamp(database: Database) -> object:
    with database.unit_of_work() as uow:
        return uow.catalog.stamp()


def save(database: Database, department: Department, now: datetime) -> None:
    with database.unit_of_work() as uow:
        uow.catalog.save_revision(department, "test", imported_at=now)
        uow.commit()


def test_an_empty_catalog_has_a_stamp(database: Database) -> None:
    assert stamp(database) == stamp(database)


def test_the_stamp_changes_when_a_department_gets_a_new_revision(
    database: Database,
    imported_department: Department,
    make_department: Callable[..., Department],
    now: datetime,
) -> None:
    before = stamp(database)
    save(database, make_department(extra_duty="负责全市殡葬管理工作的监督检查。"), now)
    assert stamp(database) != before


def test_the_stamp_changes_when_a_department_is_added(
    database: Database, imported_department: Department, now: datetime
) -> None:
    before = stamp(database)
    save(database, replace(imported_department, code="jiaoyu", name="南通市教育局", duties=()), now)
    assert stamp(database) != before


def test_reimporting_identical_content_keeps_the_stamp(
    database: Database, imported_department: Department, now: datetime
) -> None:
    before = stamp(database)
    save(database, imported_department, now)
    assert stamp(database) == before


def test_an_uncommitted_import_leaves_the_stamp(
    database: Database, imported_department: Department, make_department: Callable[..., Department]
) -> None:
    before = stamp(database)
    with database.unit_of_work() as uow:
        uow.catalog.save_revision(make_department(name="南通市民政局（新）"), "test", NOW)
    assert stamp(database) == before


def test_on_postgresql_a_revision_committed_after_a_later_numbered_one_still_changes_the_stamp(
    postgresql_database: Database, department: Department, now: datetime
) -> None:
    """PostgreSQL numbers rows when they are inserted, not when they commit: the highest id alone would
    miss the import that commits last with the lower id."""
    other = replace(department, code="jiaoyu", name="南通市教育局", duties=())
    with postgresql_database.unit_of_work() as first, postgresql_database.unit_of_work() as second:
        first.catalog.save_revision(department, "first", imported_at=now)  # the lower id
        second.catalog.save_revision(other, "second", imported_at=now)
        second.commit()
        between = stamp(postgresql_database)
        first.commit()
    assert stamp(postgresql_database) != between
