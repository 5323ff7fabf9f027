"""The base of every repository."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, CursorResult, Executable, Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel

from storage.transaction import Transaction


class Repository:
    """Works inside the unit of work's transaction. Subclasses map rows to fm_domain objects both ways:
    what they return is never a table row."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    @property
    def _session(self) -> Session:
        """The transaction's ORM session (made on first use: a method that needs none should not ask)."""
        return self._transaction.session()

    @property
    def _dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._transaction.dialect_name

    def _connection(self) -> Connection:
        return self._transaction.connection()

    def _run(
        self, statement: Executable, params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None
    ) -> CursorResult[Any]:
        """Run a statement built once (a module constant over the table's columns, with bind parameters)
        on the transaction's connection: what every turn and every delivery runs. Building a statement
        costs SQLAlchemy more than running it (coercing each clause, then a cache key over the fresh
        tree), and the ORM's execution path adds its own per-call work besides; neither is needed to send
        the same SQL with new values. Core statements do not autoflush: use them where the transaction
        holds no unflushed ORM objects that the statement would depend on."""
        return self._transaction.connection().execute(statement, params)

    def _queued_for(self, channel: str) -> None:
        """Note that this transaction put a message in ``channel``'s outbox."""
        self._transaction.queued_channels.add(channel)

    def _insert_or_ignore(
        self,
        table: type[SQLModel],
        values: Mapping[str, Any],
        *,
        conflict_on: Sequence[str] | None = None,
    ) -> postgresql.Insert | sqlite.Insert:
        """``INSERT … ON CONFLICT DO NOTHING`` of one row: one statement, so two transactions inserting the
        same key never fail on the unique constraint. ``conflict_on`` names the unique columns whose
        conflict is ignored; None ignores a conflict on any of them.

        ``_insert_new`` runs it and says whether the row went in; a caller that needs the new row's id adds
        its own RETURNING. Either way RETURNING, as rowcount cannot tell (psycopg reports -1 rows for an
        INSERT that returns rows)."""
        return (
            self._dialect_insert(table)
            .values(**values)
            .on_conflict_do_nothing(index_elements=list(conflict_on) if conflict_on is not None else None)
        )

    def _insert_new(
        self, table: type[SQLModel], values: Mapping[str, Any], *, conflict_on: Sequence[str] | None = None
    ) -> bool:
        """Insert the row unless ``conflict_on`` (any unique column, when None) is taken; True if inserted.

        The statement is built once per database kind and table (a turn records its message this way), so
        the values go as parameters; the session is flushed first, as the ORM statement this replaced did."""
        self._transaction.flush()
        return self._run(self._inserting_new(table, conflict_on), values).first() is not None

    def _inserting_new(
        self,
        table: type[SQLModel],
        conflict_on: Sequence[str] | None,
        returning: Sequence[str] = (),
    ) -> postgresql.Insert | sqlite.Insert:
        """``INSERT … ON CONFLICT DO NOTHING RETURNING`` (the primary key, unless ``returning`` names other
        columns), built once per database kind and table: the values go as parameters, one row or many."""
        return _inserting_new(
            self._dialect,
            table.__table__,  # type: ignore[attr-defined]
            tuple(conflict_on) if conflict_on is not None else None,
            tuple(returning),
        )

    def _lock_until_commit(self, space: int, key: int) -> None:
        """Hold PostgreSQL's two-key advisory lock (``space``, ``key``) until this transaction ends. SQLite
        needs none: every fmbot transaction begins IMMEDIATE, holding the database's one write lock."""
        if self._dialect == "postgresql":
            self._connection().execute(
                text("SELECT pg_advisory_xact_lock(:space, :key)"), {"space": space, "key": key}
            )

    def _dialect_insert(self, table: type[SQLModel]) -> postgresql.Insert | sqlite.Insert:
        """An INSERT with the ON CONFLICT clauses of the session's database (PostgreSQL or SQLite)."""
        if self._dialect == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)


T = TypeVar("T")
ROWS_PER_STATEMENT = 500  # rows of an IN list or a multi-row INSERT: far under every parameter limit


def chunks(values: Sequence[T], size: int = ROWS_PER_STATEMENT) -> Iterator[Sequence[T]]:
    """Slices short enough for an IN list or a multi-row INSERT on every driver."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def lock_key(*parts: str) -> int:
    """A stable signed 32-bit advisory-lock key for these parts; two things sharing one only wait for each
    other."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=4)
    return int.from_bytes(digest.digest(), "big", signed=True)


@functools.cache
def _inserting_new(
    dialect: str, table: Table, conflict_on: tuple[str, ...] | None, returning: tuple[str, ...]
) -> postgresql.Insert | sqlite.Insert:
    """``Repository._inserting_new``'s statement: the values are its parameters."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    returned = [table.c[name] for name in returning] or list(table.primary_key.columns)
    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=list(conflict_on) if conflict_on is not None else None)
        .returning(*returned)
    )
