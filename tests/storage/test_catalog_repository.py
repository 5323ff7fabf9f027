"""The catalog repository: revisions of departments and the current catalog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from fm_domain.models import Department
from storage import Database

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # when these tests import a catalog


def test_a_saved_department_reads_back_equal(
    database: Database, department: Department, now: datetime
) -> None:
    with database.unit_of_work() as uow:
        assert uow.catalog.save_revision(department, "民政局三定.txt", imported_at=now) == 1
        uow.commit()

    with database.unit_of_work() as uow:
        assert uow.catalog.department("minzheng") == department
        assert uow.catalog.current().get("minzheng") == department


def test_reimporting_a_changed_department_creates_revision_2_and_revision_1_stays_readable(
    database: Database,
    imported_department: Department,
    make_department: Callable[..., Department],
    now: datetime,
) -> None:
    changed = make_department(extra_duty="负责全市殡葬管理工作的监督检查。")
    with database.unit_of_work() as uow:
        first_id = uow.catalog.revision_id("minzheng")
        assert uow.catalog.save_revision(changed, "民政局三定（2026 修订）.txt", imported_at=now) == 2
        uow.commit()

    with database.unit_of_work() as uow:
        assert uow.catalog.department("minzheng") == changed
        assert uow.catalog.revision_id("minzheng") != first_id
        assert first_id is not None
        assert uow.catalog.department_at(first_id) == imported_department
        assert [r.revision for r in uow.catalog.revisions("minzheng")] == [1, 2]


def test_reimporting_identical_content_keeps_the_current_revision(
    database: Database, imported_department: Department, now: datetime
) -> None:
    with database.unit_of_work() as uow:
        assert uow.catalog.save_revision(imported_department, "again.yaml", imported_at=now) == 1
        uow.commit()

    with database.unit_of_work() as uow:
        assert len(uow.catalog.revisions("minzheng")) == 1


def test_the_current_catalog_holds_the_latest_revision_of_each_department_in_import_order(
    database: Database, make_department: Callable[..., Department], now: datetime
) -> None:
    jiaoyu = Department(code="jiaoyu", name="南通市教育局", short="教育局")
    renamed = make_department(name="南通市民政局（新）")
    with database.unit_of_work() as uow:
        uow.catalog.save_revision(make_department(), "a", imported_at=now)
        uow.catalog.save_revision(jiaoyu, "b", imported_at=now)
        uow.catalog.save_revision(renamed, "c", imported_at=now + timedelta(days=1))
        uow.commit()

    with database.unit_of_work() as uow:
        catalog = uow.catalog.current()
    assert [d.code for d in catalog] == ["minzheng", "jiaoyu"]
    assert catalog.get("minzheng") == renamed


def test_revision_history_says_where_each_revision_came_from(
    database: Database, imported_department: Department
) -> None:
    with database.unit_of_work() as uow:
        (info,) = uow.catalog.revisions("minzheng")
    assert (info.department, info.revision, info.name, info.source) == (
        "minzheng",
        1,
        "南通市民政局",
        "test fixture",
    )


def test_an_unknown_department_has_no_revision(uow) -> None:
    assert uow.catalog.department("nowhere") is None
    assert uow.catalog.revision_id("nowhere") is None
    assert uow.catalog.department_at(12345) is None


def test_duties_of_another_department_are_refused(uow, department: Department) -> None:
    stray = replace(department.duties[0], department="jiaoyu")
    with pytest.raises(ValueError, match=r"jiaoyu\.1"):
        uow.catalog.save_revision(replace(department, duties=(stray,)), "bad", NOW)
