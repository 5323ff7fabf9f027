"""``Database``: one engine per fmbot process, created when the object is, never at import time."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import configure_mappers, sessionmaker
from sqlmodel import Session

from storage import migrations, sqlite
from storage.unit_of_work import OutboxListener, UnitOfWork

log = logging.getLogger("fmbot.storage")

DEFAULT_BUSY_TIMEOUT_MS = 5000
DEFAULT_CONNECT_TIMEOUT_S = 10


def normalise_url(url: str | URL) -> URL:
    """fmbot speaks to PostgreSQL through psycopg 3 only: ``postgresql://`` means ``postgresql+psycopg://``."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise ValueError(
            f"unsupported database {parsed.drivername!r}: use sqlite:///path or postgresql+psycopg://..."
        )
    return parsed


class Database:
    """An fmbot database: SQLite (a file, WAL) or PostgreSQL (psycopg 3).

    ``upgrade()`` runs the migrations to head; ``unit_of_work()`` is how the application reads and writes.
    """

    def __init__(self, url: str | URL, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        self.url = normalise_url(url)
        self._engine = self._create_engine(busy_timeout_ms)
        # Sessions are bound to the unit of work's connection when made (storage.transaction), and join
        # its transaction: their commit flushes, the unit of work commits the connection.
        self._sessions = sessionmaker(
            class_=Session, expire_on_commit=False, join_transaction_mode="rollback_only"
        )
        self._outbox_listeners: tuple[OutboxListener, ...] = ()

    def _create_engine(self, busy_timeout_ms: int) -> Engine:
        if self.is_sqlite:
            sqlite.prepare_file(self.url)
            engine = create_engine(self.url)
            sqlite.install_hooks(engine, busy_timeout_ms)
            return engine
        connect_args = (
            {} if "connect_timeout" in self.url.query else {"connect_timeout": DEFAULT_CONNECT_TIMEOUT_S}
        )
        return create_engine(self.url, pool_pre_ping=True, connect_args=connect_args)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def engine(self) -> Engine:
        """For tests and maintenance; the application reads and writes through ``unit_of_work()``."""
        return self._engine

    def upgrade(self) -> None:
        """Run the migrations up to head (a no-op when already there); safe to call from every process."""
        migrations.upgrade(self._engine)

    def revision(self) -> str | None:
        """The migration the database is at (None: never migrated)."""
        return migrations.current_revision(self._engine)

    def warm_up(self, now: datetime) -> None:
        """What a long-running process does once at start (``fmbot serve``), so that its first delivery
        round does not pay for it beside the platform's first round trip: the ORM's mappers configured
        (the first session anywhere in a process configures every one, tens of milliseconds), the pool's
        connections opened, and the statements of a delivery round compiled (``UnitOfWork.warm_up``: run
        once, matching nothing, rolled back)."""
        configure_mappers()
        opened = [self._engine.connect() for _ in range(self._pool_size())]
        for connection in opened:
            connection.close()
        with self.unit_of_work() as uow:
            uow.warm_up(now)

    def _pool_size(self) -> int:
        size = getattr(self._engine.pool, "size", None)
        return int(size()) if callable(size) else 1

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self._engine, self._sessions, self._outbox_committed)

    def on_outbox_commit(self, listener: OutboxListener) -> None:
        """Call ``listener(channels)`` after each commit of this process that queued outbox messages, with
        the channels they are for, in the committing thread. Commits of other processes are not seen."""
        self._outbox_listeners = (*self._outbox_listeners, listener)

    def _outbox_committed(self, channels: frozenset[str]) -> None:
        for listener in self._outbox_listeners:
            try:
                listener(channels)
            except Exception:
                # The transaction is committed: a listener's failure must not look like the commit's.
                log.exception("outbox listener %r failed", listener)

    def dispose(self) -> None:
        """Close every pooled connection (end of process, or end of a test)."""
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"
