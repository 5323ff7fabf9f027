"""The unit of work: commits only on commit(), rolls back otherwise, and keeps its session to itself."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.exc import IntegrityError

from fm_domain.models import Department
from fm_domain.users import Role
from storage import Database


def test_committed_work_is_visible_to_the_next_unit_of_work(database: Database, now: datetime) -> None:
    with database.unit_of_work() as uow:
        user = uow.users.create("王芳", Role.STAFF, None, now)
        uow.commit()

    with database.unit_of_work() as uow:
        assert uow.users.get(user.id) == user


def test_a_unit_of_work_that_fails_leaves_nothing_written(
    database: Database, department: Department, now: datetime
) -> None:
    with pytest.raises(RuntimeError, match="boom"), database.unit_of_work() as uow:
        uow.catalog.save_revision(department, "import", imported_at=now)
        uow.users.create("王芳", Role.STAFF, None, now)
        raise RuntimeError("boom")

    with database.unit_of_work() as uow:
        assert len(uow.catalog.current()) == 0
        assert uow.users.staff() == []


def test_work_that_is_not_committed_is_rolled_back_on_leaving(database: Database, now: datetime) -> None:
    with database.unit_of_work() as uow:
        uow.users.create("王芳", Role.STAFF, None, now)

    with database.unit_of_work() as uow:
        assert uow.users.staff() == []


def test_a_database_error_midway_leaves_the_earlier_writes_unwritten(
    database: Database, now: datetime
) -> None:
    with pytest.raises(IntegrityError), database.unit_of_work() as uow:
        uow.users.create("王芳", Role.STAFF, None, now)
        uow.users.create("赵敏", Role.LIAISON, "not-in-the-catalog", now)
        uow.commit()

    with database.unit_of_work() as uow:
        assert uow.users.staff() == []


def test_repositories_are_unavailable_outside_the_with_block(database: Database) -> None:
    unit_of_work = database.unit_of_work()
    with unit_of_work:
        pass
    with pytest.raises(RuntimeError, match=r"with database\.unit_of_work"):
        unit_of_work.users.staff()
