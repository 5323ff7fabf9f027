"""Shared fixtures: databases for tests, on SQLite and on PostgreSQL.

Each test gets a clean database of its own; nothing written by one test is seen by another.

- ``database``: a migrated, empty ``storage.Database``, parametrised over ``sqlite`` and ``postgresql``:
  a test that uses it runs once per backend.
- ``uow``: an open unit of work on ``database``. Nothing is written without ``uow.commit()``.
- ``database_url``: the URL of that same database, as a string, for subprocesses, commands
  (``monkeypatch.setenv("FM_DATABASE_URL", database_url)``) or more ``Database`` objects standing for
  other processes (dispose them, or the teardown ends their connections).
- ``empty_database`` / ``empty_database_url``: a database with no tables at all, for migration tests.
- ``sqlite_database`` / ``postgresql_database`` (and their ``*_url``): one backend only: flows tests that
  need no PostgreSQL coverage, tests of PostgreSQL-only behaviour such as SKIP LOCKED.

How: SQLite gets a copy of a file migrated once per session, in tmp_path. PostgreSQL gets a schema of its
own in FM_TEST_DATABASE_URL, ``search_path`` set on every connection through the URL: the migrated
database is one schema per session, emptied (every table of ``storage.tables``, sequences restarted)
before each test; empty
databases are fresh schemas, dropped after the test. A test that changes the schema itself must use
``empty_database``.

PostgreSQL is switched on by ``FM_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test``.
Without it the PostgreSQL cases are skipped with a reason saying how to enable them; with
``FM_REQUIRE_POSTGRES=1`` (CI) a missing variable or an unreachable server fails them instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from storage import Database, UnitOfWork
from storage.database import normalise_url
from storage.tables import metadata

POSTGRES_URL_VARIABLE = "FM_TEST_DATABASE_URL"
REQUIRE_POSTGRES_VARIABLE = "FM_REQUIRE_POSTGRES"
HOW_TO_ENABLE = f"export {POSTGRES_URL_VARIABLE}=postgresql+psycopg://postgres@127.0.0.1:5432/test"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def _postgres_unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_POSTGRES_VARIABLE) == "1":
        pytest.fail(f"{reason} (and {REQUIRE_POSTGRES_VARIABLE}=1 requires PostgreSQL)", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}; to run them: {HOW_TO_ENABLE}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Engine]:
    """An autocommit engine on FM_TEST_DATABASE_URL, for creating and dropping test schemas."""
    raw_url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if not raw_url:
        _postgres_unavailable(f"{POSTGRES_URL_VARIABLE} is not set")
    url = normalise_url(raw_url)
    engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        engine.dispose()
        where = url.render_as_string(hide_password=True)
        _postgres_unavailable(f"PostgreSQL at {where} is unreachable: {error.orig}")
    yield engine
    engine.dispose()


def _postgres_schema_url(server: Engine, schema: str) -> str:
    # application_name marks the schema's connections, so that cleaning up can end any a test leaked.
    url = server.url.update_query_dict({"options": f"-csearch_path={schema}", "application_name": schema})
    return url.render_as_string(hide_password=False)


def _end_connections(connection: Connection, schema: str) -> None:
    connection.execute(
        text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = :name AND pid <> pg_backend_pid()"
        ),
        {"name": schema},
    )


@contextmanager
def _postgres_schema(server: Engine) -> Iterator[tuple[str, str]]:
    """A new empty schema and the URL that uses it; dropped afterwards with anything still connected."""
    schema = f"fmbot_test_{secrets.token_hex(6)}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema, _postgres_schema_url(server, schema)
    finally:
        with server.connect() as connection:
            _end_connections(connection, schema)
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def _postgresql_migrated_schema(postgres_server: Engine) -> Iterator[tuple[str, str]]:
    """One schema migrated once per session; each test empties it (migrating is ~50 DDL statements,
    a few hundred milliseconds on PostgreSQL, while emptying takes a few)."""
    with _postgres_schema(postgres_server) as (schema, url):
        _migrate(url)
        yield schema, url


@pytest.fixture
def postgresql_database_url(postgres_server: Engine, _postgresql_migrated_schema: tuple[str, str]) -> str:
    """A migrated PostgreSQL schema with every table empty and every id sequence restarted."""
    schema, url = _postgresql_migrated_schema
    with postgres_server.connect() as connection:
        _end_connections(connection, schema)
        connection.execute(text("SET lock_timeout = '10s'"))
        # DELETE, children first, is ~15 ms here; TRUNCATE makes new files for every table, ~200 ms.
        for table in reversed(metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{schema}"."{table.name}"'))
        sequences = connection.execute(
            text("SELECT sequencename FROM pg_sequences WHERE schemaname = :schema"), {"schema": schema}
        ).scalars()
        for sequence in sequences:
            connection.execute(
                text("SELECT setval(:sequence, 1, false)"), {"sequence": f'"{schema}"."{sequence}"'}
            )
    return url


@pytest.fixture
def postgresql_empty_database_url(postgres_server: Engine) -> Iterator[str]:
    """A fresh PostgreSQL schema with nothing in it, not even the migration table."""
    with _postgres_schema(postgres_server) as (_schema, url):
        yield url


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per session; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite-template") / "fmbot.sqlite3"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_database_url(tmp_path: Path, _sqlite_template: Path) -> str:
    """A migrated, empty SQLite file of this test's own."""
    path = tmp_path / "fmbot.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_empty_database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A clean, migrated database on each backend in turn (the one ``database`` opens)."""
    return request.getfixturevalue(f"{request.param}_database_url")


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest) -> str:
    """A database with no tables at all, on each backend in turn (for migration tests)."""
    return request.getfixturevalue(f"{request.param}_empty_database_url")


def _migrate(url: str) -> None:
    database = Database(url)
    try:
        database.upgrade()
        if database.is_sqlite:
            # Fold the WAL into the main file, so that copying the file copies everything.
            with database.engine.connect() as connection:
                # On the driver's connection: SQLAlchemy would wrap the statement in a transaction.
                connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()


def _opened(url: str) -> Iterator[Database]:
    database = Database(url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    yield from _opened(database_url)


@pytest.fixture
def empty_database(empty_database_url: str) -> Iterator[Database]:
    yield from _opened(empty_database_url)


@pytest.fixture
def sqlite_database(sqlite_database_url: str) -> Iterator[Database]:
    yield from _opened(sqlite_database_url)


@pytest.fixture
def postgresql_database(postgresql_database_url: str) -> Iterator[Database]:
    yield from _opened(postgresql_database_url)


@pytest.fixture
def uow(database: Database) -> Iterator[UnitOfWork]:
    with database.unit_of_work() as unit_of_work:
        yield unit_of_work
