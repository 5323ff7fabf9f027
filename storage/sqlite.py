"""How fmbot uses SQLite: WAL, a busy timeout, foreign keys, and write transactions that begin at once.

pysqlite (Python < 3.12) starts transactions late and only before DML, so a transaction that reads and
then writes takes the write lock mid-way and can fail with "database is locked" without waiting. The
SQLAlchemy recipe applied here switches pysqlite's own BEGIN off and emits ``BEGIN IMMEDIATE`` instead:
every transaction takes the write lock up front, waiting up to the busy timeout for it. Readers outside
a transaction are never blocked (WAL).

Within one process, transactions queue for that lock in ``storage.sqlite_writers`` before they ask
SQLite, and are let go only once their COMMIT or ROLLBACK is done, so the next one finds the lock free.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL, Connection
from sqlalchemy.pool import ConnectionPoolEntry

from storage.sqlite_writers import WriterQueue

_QUEUED = "fmbot.writer_turn"  # in a pooled connection's info: this connection holds the process's turn


def prepare_file(url: URL) -> None:
    """Refuse in-memory databases (no WAL, and each pooled connection would see its own) and create the
    file's parent directory if missing."""
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or url.query.get("mode") == "memory":
        raise ValueError("fmbot needs an SQLite database file, e.g. sqlite:///var/fmbot.sqlite3")
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def install_hooks(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # None: pysqlite emits no BEGIN of its own (and no implicit COMMIT before DDL).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            _use_wal(cursor, busy_timeout_ms)
            # NORMAL is durable across application crashes in WAL mode, and much faster than FULL.
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    writers = WriterQueue(timeout=busy_timeout_ms / 1000)

    def leave(info: dict[Any, Any]) -> None:
        if info.pop(_QUEUED, False):
            writers.leave()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if writers.enter():
            connection.info[_QUEUED] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            leave(connection.info)
            raise

    # SQLAlchemy announces the end of a transaction before it ends it; ending it here instead lets the
    # next writer in only once SQLite has released the lock (the driver's own call then finds nothing
    # to do).
    @event.listens_for(engine, "commit")
    def _on_commit(connection: Connection) -> None:
        try:
            _driver(connection).commit()
        finally:
            leave(connection.info)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection: Connection) -> None:
        if connection.invalidated:
            return  # its connection is gone, and the pool's invalidate event gave the turn back
        try:
            _driver(connection).rollback()
        finally:
            leave(connection.info)

    # A connection lost mid-transaction, or returned to the pool without its end announced, gives its
    # turn back all the same.
    @event.listens_for(engine.pool, "invalidate")
    def _on_invalidate(_dbapi_connection: Any, record: ConnectionPoolEntry, _error: Any) -> None:
        leave(record.info)

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        leave(record.info)


def _driver(connection: Connection) -> Any:
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None
    return driver_connection


def _use_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """WAL is a property of the file and persists; only its first switch needs the lock, and SQLite
    answers "database is locked" then without calling the busy handler, so retry within the timeout."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)
    if mode != "wal":
        raise RuntimeError(f"SQLite would not switch to WAL (journal_mode is {mode!r})")


def set_foreign_keys(connection: Connection, enabled: bool) -> None:
    """Switch enforcement on a connection outside any transaction (SQLite ignores it inside one)."""
    if connection.in_transaction():
        raise RuntimeError("PRAGMA foreign_keys has no effect inside a transaction")
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None
    driver_connection.execute(f"PRAGMA foreign_keys = {'ON' if enabled else 'OFF'}")
