"""Alembic migrations, run programmatically (no alembic.ini): ``Database.upgrade()`` brings a database to
head, and ``python -m storage.migrations revision -m "add outbox"`` writes a new migration by comparing the
tables in ``storage.tables`` with a scratch database at head.

Every upgrade runs in one transaction. SQLite: foreign-key enforcement is switched off for its duration
(batch-mode table rebuilds would trip it) and checked in full before commit. PostgreSQL: an advisory lock
makes processes that start together upgrade one after the other.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection

from storage.sqlite import set_foreign_keys

SCRIPT_LOCATION = "storage:migrations"
VERSION_TABLE = "alembic_version"
# Any constant will do: it only has to be the same in every fmbot process.
_ADVISORY_LOCK_KEY = 0x666D626F74  # "fmbot"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _revision(connection)


def _revision(connection: Connection) -> str | None:
    # Read directly rather than through MigrationContext, which logs two INFO lines per call.
    try:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
        if len(versions) > 1:
            raise RuntimeError(f"database has several migration heads: {versions}")
        return versions[0] if versions else None
    finally:
        connection.rollback()  # leave no transaction open: the upgrade starts its own


def upgrade(engine: Engine, target: str = "head") -> None:
    with engine.connect() as connection:
        if target == "head" and _revision(connection) == head_revision():
            return  # the usual case at start-up: no locks taken, nothing logged
        if connection.dialect.name == "sqlite":
            _upgrade_sqlite(connection, target)
        else:
            with connection.begin():
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
                command.upgrade(alembic_config(connection), target)


def _upgrade_sqlite(connection: Connection, target: str) -> None:
    set_foreign_keys(connection, False)
    try:
        with connection.begin():
            command.upgrade(alembic_config(connection), target)
            violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if violations:
                raise RuntimeError(f"migration left rows that violate foreign keys: {violations[:5]}")
    finally:
        try:
            set_foreign_keys(connection, True)
        except Exception:
            # Never hand a connection without enforcement back to the pool.
            connection.invalidate()
            raise
