"""Migrations: from an empty database to head, idempotent, and in step with the table definitions."""

from __future__ import annotations

import threading

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from storage import Database
from storage.migrations import head_revision
from storage.tables import metadata


def test_upgrade_on_an_empty_database_creates_every_table_and_reaches_head(empty_database: Database) -> None:
    assert empty_database.revision() is None

    empty_database.upgrade()

    assert empty_database.revision() == head_revision()
    tables = set(inspect(empty_database.engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_upgrading_twice_changes_nothing_the_second_time(database: Database) -> None:
    before = set(inspect(database.engine).get_table_names())

    database.upgrade()

    assert database.revision() == head_revision()
    assert set(inspect(database.engine).get_table_names()) == before


def test_migrations_match_the_table_definitions(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == [], (
        "a table changed without a migration: python -m storage.migrations revision -m ..."
    )


def test_processes_starting_together_both_upgrade_without_error(empty_database_url: str) -> None:
    databases = [Database(empty_database_url), Database(empty_database_url)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(databases))

    def upgrade(database: Database) -> None:
        start.wait()
        try:
            database.upgrade()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=upgrade, args=(database,)) for database in databases]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert databases[0].revision() == head_revision()
    finally:
        for database in databases:
            database.dispose()
