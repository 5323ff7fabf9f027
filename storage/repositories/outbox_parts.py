"""The part ledger of every channel (``storage.tables.outbox_parts``): which parts of each outbox message
an attempt has claimed, sent or left uncertain.

Each method takes a batch (WeCom sends one part of an identical notice to many members in one call) and has
a one-message form beside it. Every method works inside the unit of work's transaction; the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import true as sa_true
from sqlmodel import col, delete, select, update

from storage.repositories.base import Repository, chunks
from storage.tables.conversations import OutboxMessageRow
from storage.tables.outbox_parts import OutboxPartRow

SENDING, SENT, UNCERTAIN = "sending", "sent", "uncertain"
# How long a part's record is kept: far longer than the outbox goes on retrying one message (its backoff is
# capped at half an hour, its attempts at a dozen), so no retry ever misses what went out before.
PARTS_KEPT = timedelta(days=7)
PartStates = dict[int, tuple[str, str]]  # {part: (state, platform message id or "")}


class OutboxPartsRepository(Repository):
    def states(self, outbox_id: int) -> PartStates:
        """Each part of this outbox message that an attempt has claimed."""
        return self.states_of([outbox_id]).get(outbox_id, {})

    def states_of(self, outbox_ids: Sequence[int]) -> dict[int, PartStates]:
        """``states`` of several outbox messages: ``{outbox_id: {part: (state, platform message id)}}``."""
        states: dict[int, PartStates] = {}
        for chunk in chunks(sorted(set(outbox_ids))):
            rows = self._session.exec(select(OutboxPartRow).where(col(OutboxPartRow.outbox_id).in_(chunk)))
            for row in rows:
                states.setdefault(row.outbox_id, {})[row.part] = (row.state, row.platform_message_id)
        return states

    def sent_message_ids(self, outbox_id: int) -> list[str]:
        """The platform's ids of this message's sent parts, in part order (a part without one left out)."""
        rows = self._session.exec(
            select(OutboxPartRow.platform_message_id)
            .where(col(OutboxPartRow.outbox_id) == outbox_id, col(OutboxPartRow.state) == SENT)
            .order_by(col(OutboxPartRow.part))
        )
        return [message_id for message_id in rows if message_id]

    def begin(self, outbox_id: int, part: int, now: datetime, chat: str | None = None) -> bool:
        """Claim the part for sending; False when some attempt already claimed it."""
        return outbox_id in self.begin_all([outbox_id], part, now, chat)

    def begin_all(
        self,
        outbox_ids: Sequence[int],
        part: int,
        now: datetime,
        chat: str | None = None,
        call_id: int | None = None,
    ) -> set[int]:
        """Claim part ``part`` of each of these outbox messages, for the API call ``call_id`` if the channel
        names its calls; those this attempt now holds (the others some attempt claimed before). One
        statement, so two processes claiming at once never both win."""
        rows = _part_rows(outbox_ids, part, SENDING, now, chat=chat, call_id=call_id)
        if not rows:
            return set()
        statement = (
            self._dialect_insert(OutboxPartRow).on_conflict_do_nothing().returning(OutboxPartRow.outbox_id)
        )
        # RETURNING rather than rowcount: psycopg reports -1 rows for INSERT ... ON CONFLICT. On the
        # connection, not the session: the ORM's bulk path costs more than the database for a group's rows.
        return set(self._connection().execute(statement, rows).scalars())

    def finish(
        self, outbox_id: int, part: int, state: str, now: datetime, platform_message_id: str = ""
    ) -> None:
        self.finish_all([outbox_id], part, state, now, platform_message_id)

    def finish_all(
        self,
        outbox_ids: Sequence[int],
        part: int,
        state: str,
        now: datetime,
        platform_message_id: str = "",
        *,
        call_id: int | None = None,
    ) -> None:
        """Complete the part: ``sent`` (with the platform's id of it) or ``uncertain``. With ``call_id``
        only where that call holds it: a call in doubt made again settles what it carried, nothing else."""
        of_call = col(OutboxPartRow.call_id) == call_id if call_id is not None else sa_true()
        for chunk in chunks(sorted(set(outbox_ids))):
            self._session.exec(
                update(OutboxPartRow)
                .where(col(OutboxPartRow.outbox_id).in_(chunk), col(OutboxPartRow.part) == part, of_call)
                .values(state=state, platform_message_id=platform_message_id, updated_at=now)
            )

    def record_call(
        self,
        outbox_ids: Sequence[int],
        part: int,
        state: str,
        now: datetime,
        call_id: int,
        platform_message_id: str = "",
    ) -> None:
        """Write a call's outcome for each message it carried, whether or not the part was begun in the
        ledger (a broadcast records its call in ``outbox_calls`` before it, and here after it): one
        statement, an insert that takes the part over where another attempt had begun it."""
        rows = _part_rows(
            outbox_ids, part, state, now, call_id=call_id, platform_message_id=platform_message_id
        )
        if not rows:
            return
        statement = self._dialect_insert(OutboxPartRow)
        statement = statement.on_conflict_do_update(
            index_elements=["outbox_id", "part"],
            set_={
                "state": statement.excluded.state,
                "platform_message_id": statement.excluded.platform_message_id,
                "call_id": statement.excluded.call_id,
                "updated_at": statement.excluded.updated_at,
            },
        )
        self._connection().execute(statement, rows)

    def calls_in_doubt(self, outbox_ids: Sequence[int], since: datetime) -> list[tuple[int, int]]:
        """The named calls, begun at ``since`` or later, that carried a part of one of these messages and
        whose outcome is unknown (the call was under way when its process died, or no answer came): each
        as ``(call_id, part)``, by part."""
        found: set[tuple[int, int]] = set()
        for chunk in chunks(sorted(set(outbox_ids))):
            rows = self._session.exec(
                select(OutboxPartRow.call_id, OutboxPartRow.part).where(
                    col(OutboxPartRow.outbox_id).in_(chunk),
                    col(OutboxPartRow.state).in_([SENDING, UNCERTAIN]),
                    col(OutboxPartRow.call_id).is_not(None),
                    col(OutboxPartRow.updated_at) >= since,
                )
            )
            found.update((call_id, part) for call_id, part in rows if call_id is not None)
        return sorted(found, key=lambda call: (call[1], call[0]))

    def call_recipients(self, call_id: int, part: int) -> list[tuple[int, str]]:
        """Whom the call carried the part to, as it did: ``(outbox_id, recipient)`` by outbox id."""
        rows = self._session.exec(
            select(OutboxPartRow.outbox_id, OutboxMessageRow.external_user_id)
            .join(OutboxMessageRow, col(OutboxMessageRow.id) == col(OutboxPartRow.outbox_id))
            .where(col(OutboxPartRow.call_id) == call_id, col(OutboxPartRow.part) == part)
            .order_by(col(OutboxPartRow.outbox_id))
        )
        return [(outbox_id, recipient) for outbox_id, recipient in rows]

    def abandon(self, outbox_id: int, part: int) -> None:
        """The platform certainly did not take the part (it refused it, or no connection was made): free to
        claim again. A part already sent or uncertain stays."""
        self.abandon_all([outbox_id], part)

    def abandon_all(self, outbox_ids: Sequence[int], part: int) -> None:
        for chunk in chunks(sorted(set(outbox_ids))):
            self._session.exec(
                delete(OutboxPartRow).where(
                    col(OutboxPartRow.outbox_id).in_(chunk),
                    col(OutboxPartRow.part) == part,
                    col(OutboxPartRow.state) == SENDING,
                )
            )

    def forget_expired(self, now: datetime) -> int:
        """Forget the parts kept longer than ``PARTS_KEPT``; how many. Each channel's housekeeping runs it."""
        return self.forget_before(now - PARTS_KEPT)

    def forget_before(self, cutoff: datetime) -> int:
        """Forget parts last touched before ``cutoff`` (long after the outbox stopped retrying them)."""
        result = self._session.exec(delete(OutboxPartRow).where(col(OutboxPartRow.updated_at) < cutoff))
        return int(result.rowcount or 0)


def _part_rows(
    outbox_ids: Sequence[int],
    part: int,
    state: str,
    now: datetime,
    *,
    chat: str | None = None,
    call_id: int | None = None,
    platform_message_id: str = "",
) -> list[dict[str, object]]:
    """The ledger rows of part ``part`` of these outbox messages, once each, in id order."""
    return [
        {
            "outbox_id": outbox_id,
            "part": part,
            "state": state,
            "platform_message_id": platform_message_id,
            "chat": chat,
            "call_id": call_id,
            "updated_at": now,
        }
        for outbox_id in sorted(set(outbox_ids))
    ]
