"""One database transaction as the repositories see it: a Core connection, and an ORM session on that
connection made only when a repository first needs one.

The statements every turn and every delivery round run are Core statements built once
(``Repository._run``); a transaction that runs only those (a delivery claim, the settling of a sent
message, a batch of recorded callbacks) never builds an ORM session, whose own begin, commit and close
cost about as much again as the transaction's statements. A session, once made, joins the connection's
transaction ("rollback_only": its commit only flushes, its rollback rolls the transaction back), so ORM
and Core statements of one unit of work still commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine
from sqlmodel import Session

SessionFactory = Callable[..., Session]  # called with bind=<the connection>


class Transaction:
    def __init__(self, engine: Engine, sessions: SessionFactory) -> None:
        self._engine = engine
        self._sessions = sessions
        self._connection: Connection | None = None
        self._session: Session | None = None
        # The channels this transaction put outbox messages for, announced once it commits.
        self.queued_channels: set[str] = set()

    @property
    def dialect_name(self) -> str:
        """``sqlite`` or ``postgresql``, without opening anything."""
        return self._engine.dialect.name

    def connection(self) -> Connection:
        """The transaction's connection, checked out and begun on first use (and after each commit)."""
        connection = self._connection
        if connection is None:
            connection = self._connection = self._engine.connect()
        if not connection.in_transaction():
            connection.begin()
        return connection

    def session(self) -> Session:
        """The ORM session, made on first use over the transaction's connection."""
        session = self._session
        if session is None:
            session = self._session = self._sessions(bind=self.connection())
        elif not session.in_transaction():
            self.connection()  # begun here, so that the session joins it rather than owning it
        return session

    def flush(self) -> None:
        """Flush what the session holds, if there is a session (a Core statement does not autoflush)."""
        if self._session is not None:
            self._session.flush()

    def commit(self) -> None:
        if self._session is not None:
            self._session.commit()  # a flush: the connection's transaction is committed next
        if self._connection is not None and self._connection.in_transaction():
            self._connection.commit()

    def rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()
        self.queued_channels.clear()  # those messages are gone with the transaction

    def close(self) -> None:
        """Roll back whatever was not committed and give the connection back to the pool."""
        session, self._session = self._session, None
        connection, self._connection = self._connection, None
        try:
            if session is not None:
                session.close()
        finally:
            if connection is not None:
                try:
                    if connection.in_transaction():
                        connection.rollback()
                finally:
                    connection.close()
