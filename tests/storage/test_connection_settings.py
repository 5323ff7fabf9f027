"""How fmbot connects: SQLite pragmas and transaction start, foreign keys, URLs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from fm_domain.users import Role
from storage import Database
from storage.database import DEFAULT_BUSY_TIMEOUT_MS, normalise_url


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(sqlite_database: Database) -> None:
    with sqlite_database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == DEFAULT_BUSY_TIMEOUT_MS
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_sqlite_unit_of_work_holds_the_write_lock_from_its_first_statement(
    sqlite_database: Database,
) -> None:
    path = sqlite_database.url.database
    assert path is not None
    with sqlite_database.unit_of_work() as uow:
        uow.users.get(1)  # a read: a deferred BEGIN would take no write lock yet
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_the_sqlite_file_directory_is_created_when_missing(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'var' / 'nested' / 'fmbot.sqlite3'}")
    try:
        database.upgrade()
    finally:
        database.dispose()
    assert (tmp_path / "var" / "nested" / "fmbot.sqlite3").is_file()


def test_an_in_memory_sqlite_database_is_refused() -> None:
    with pytest.raises(ValueError, match="file"):
        Database("sqlite://")


def test_a_plain_postgresql_url_uses_psycopg_3() -> None:
    assert normalise_url("postgresql://u@localhost/db").drivername == "postgresql+psycopg"


def test_foreign_keys_are_enforced(uow, now: datetime) -> None:
    with pytest.raises(IntegrityError):
        uow.users.bind_account(999, "telegram", "42", now)


def test_a_user_cannot_belong_to_a_department_missing_from_the_catalog(uow, now: datetime) -> None:
    with pytest.raises(IntegrityError):
        uow.users.create("王芳", Role.LIAISON, "nowhere", now)


def test_times_come_back_timezone_aware_in_utc(database: Database, now: datetime) -> None:
    shanghai = timezone(timedelta(hours=8))
    with database.unit_of_work() as uow:
        user = uow.users.create("李强", Role.STAFF, None, now.astimezone(shanghai))
        uow.commit()
    with database.unit_of_work() as uow:
        stored = uow.users.get(user.id)
    assert stored is not None
    assert stored.created_at == now
    assert stored.created_at.tzinfo == UTC


def test_a_naive_datetime_is_refused(uow) -> None:
    with pytest.raises(StatementError, match="naive"):
        uow.users.create("李强", Role.STAFF, None, datetime(2026, 3, 2, 9, 0))


def test_the_database_url_is_shown_without_its_password() -> None:
    assert "secret" not in repr(Database("postgresql+psycopg://fm:secret@127.0.0.1:1/x"))


def test_postgresql_connections_use_the_test_schema(postgresql_database: Database) -> None:
    with postgresql_database.engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar()
    assert schema is not None and schema.startswith("fmbot_test_")
