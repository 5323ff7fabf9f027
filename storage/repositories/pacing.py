"""Send pacing shared by processes (``storage.tables.pacing``): take a slot under a key, hold a key back.

Times are seconds since the epoch (floats). Taking a slot is one conditional UPDATE … RETURNING on the
key's row (created on first use by an insert-or-ignore), so two processes never get the same slot: on
PostgreSQL the second waits for the first's row lock, on SQLite for the write lock.

Every method works inside the unit of work's transaction; the caller commits.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import col, delete, select, update

from storage.repositories.base import Repository
from storage.tables.pacing import SendPaceRow


class PacingRepository(Repository):
    def take(self, key: str, interval: float, now: float, burst: int = 1) -> float:
        """Take the next slot under ``key``: the moment (``now`` or later) the caller may send. The slot
        after it is ``interval`` later; with a ``burst`` of n, up to n slots may fall together when the
        key has been idle (a generic cell rate: in any window of w seconds at most w / interval + n)."""
        self._ensure(key)
        start = _later_of(now)
        taken = self._session.exec(
            update(SendPaceRow)
            .where(col(SendPaceRow.key) == key)
            .values(next_at=start + interval)
            .returning(SendPaceRow.next_at)
        ).scalar_one()
        # The schedule advances by one interval whatever the burst; a slot may run ahead of it by up to
        # burst - 1 intervals (never before now).
        return max(now, float(taken) - interval * burst)

    def take_many(self, key: str, interval: float, now: float, burst: int, count: int) -> list[float]:
        """``count`` slots under ``key``, as ``count`` calls of ``take`` would give them, in one statement
        (a broadcast's calls)."""
        if count <= 0:
            return []
        self._ensure(key)
        last = self._session.exec(
            update(SendPaceRow)
            .where(col(SendPaceRow.key) == key)
            .values(next_at=_later_of(now) + interval * count)
            .returning(SendPaceRow.next_at)
        ).scalar_one()
        first = float(last) - interval * count  # where the schedule stood (or now): the first take's start
        return [max(now, first + interval * (n + 1) - interval * burst) for n in range(count)]

    def free_at(self, key: str) -> float:
        """When ``key`` may next be used. The row stays locked until the transaction ends (PostgreSQL
        ``FOR UPDATE``; SQLite has one writer), so that what the caller decides from it holds."""
        self._ensure(key)
        return float(
            self._session.exec(
                select(SendPaceRow.next_at).where(col(SendPaceRow.key) == key).with_for_update()
            ).one()
        )

    def hold(self, key: str, until: float) -> None:
        """Nothing under ``key`` before ``until`` (a later hold already there stands)."""
        self._ensure(key)
        self._session.exec(
            update(SendPaceRow).where(col(SendPaceRow.key) == key).values(next_at=_later_of(until))
        )

    def forget_idle(self, prefix: str, before: float) -> int:
        """Drop the keys starting with ``prefix`` that were free before ``before`` (a chat not written to
        for a while needs no row: a missing row means "free now")."""
        result = self._session.exec(
            delete(SendPaceRow).where(
                col(SendPaceRow.key).startswith(prefix, autoescape=True), col(SendPaceRow.next_at) < before
            )
        )
        return result.rowcount

    def _ensure(self, key: str) -> None:
        self._session.exec(self._insert_or_ignore(SendPaceRow, {"key": key, "next_at": 0.0}))


def _later_of(moment: float) -> sa.ColumnElement[float]:
    """``max(next_at, moment)`` in SQL that SQLite and PostgreSQL both read (no GREATEST in SQLite)."""
    return sa.case((col(SendPaceRow.next_at) > moment, col(SendPaceRow.next_at)), else_=sa.literal(moment))
