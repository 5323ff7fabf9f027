"""Broadcasts: an identical message to many members (a nudge, a digest on WeCom) claimed and sent as one
(``storage.tables.outbox_broadcasts``).

Why: a fan-out of 10,000 members sent the regular way stamps 10,000 outbox rows at its claim and writes a
part-ledger row per member before each call. A broadcast's claim stamps one row and only reads its
members; each call writes one row (``outbox_calls``: whom it carries, in order) before it is made, and
everything per member is written after it.

The rules that keep every member's message exactly once and in order:

* A member row names its broadcast (``broadcast_id``) while the broadcast holds it; the regular claim never
  takes such a row, and the row being unsettled keeps the member's later messages behind it.
* The claim takes only members whose row is their head (no earlier unsettled message to them); the others
  are detached (go the regular way, in their turn).
* A call's row is written, guarded by the broadcast's claim, before the call, and removed in the transaction
  that writes the call's outcome to the part ledger for each member it carried. A call row still there at a
  later claim was left by a process that died (or stalled past its lease) around its call: its members get
  ledger rows naming the call (``sending``) and are detached, and the regular way makes the call again as
  the very same request (WeCom's duplicate check keeps it to once). A member with a ledger row is likewise
  detached at a later claim, so a message sent but not yet settled is never sent anew.
* Settling a member is guarded by the broadcast's claim (worker and attempt), so a claim taken over cannot
  record fates any more.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, delete, exists, insert, literal_column, select, update

from storage.repositories.base import Repository, chunks
from storage.repositories.outbox_parts import OutboxPartsRepository
from storage.tables.conversations import OutboxMessageRow
from storage.tables.outbox_broadcasts import OutboxBroadcastRow, OutboxCallRow
from storage.tables.outbox_parts import OutboxPartRow

PENDING, CLAIMED, DONE = "pending", "claimed", "done"

_B = OutboxBroadcastRow.__table__.c  # type: ignore[attr-defined]
_M_TABLE = OutboxMessageRow.__table__  # type: ignore[attr-defined]
_M = _M_TABLE.c
_CALLS = OutboxCallRow.__table__  # type: ignore[attr-defined]
_PARTS = OutboxPartRow.__table__  # type: ignore[attr-defined]

# A member row the broadcast holds: always pending (settling or detaching it clears broadcast_id), so the
# query need not name the status, and reads the partial index alone.
_ATTACHED = _M.broadcast_id == bindparam("broadcast")
_EARLIER = _M_TABLE.alias("earlier")
# Whether an earlier message to the member is unsettled: one probe of the outbox's partial index each.
_BEHIND = (
    exists()
    .where(
        _EARLIER.c.channel == _M.channel,
        _EARLIER.c.external_user_id == _M.external_user_id,
        _EARLIER.c.id < _M.id,
        _EARLIER.c.status.in_([literal_column("'pending'"), literal_column("'claimed'")]),
    )
    .label("behind")
)
_MEMBERS = (
    select(_M.id, _M.external_user_id, _BEHIND).where(_ATTACHED).order_by(_M.id).limit(bindparam("limit"))
)
_DUE = (
    select(_B.id)
    .where(
        _B.channel == bindparam("on_channel"),
        ((_B.status == PENDING) & (_B.next_attempt_at.is_(None) | (_B.next_attempt_at <= bindparam("now"))))
        | ((_B.status == CLAIMED) & (_B.claimed_at < bindparam("stale_before"))),
    )
    .order_by(_B.id)
    .limit(1)
    .with_for_update(skip_locked=True)
)
_CLAIM = (
    update(OutboxBroadcastRow.__table__)  # type: ignore[attr-defined]
    .where(_B.id == _DUE.scalar_subquery())
    .values(
        status=CLAIMED,
        claimed_by=bindparam("worker"),
        claimed_at=bindparam("now"),
        attempts=_B.attempts + 1,
        next_attempt_at=None,
    )
    .returning(_B.id, _B.kind, _B.payload, _B.created_at, _B.attempts)
)
_HELD = (
    (_B.id == bindparam("broadcast"))
    & (_B.status == CLAIMED)
    & (_B.claimed_by == bindparam("worker"))
    & (_B.attempts == bindparam("claim_attempts"))
)
# Touches the broadcast's row: on PostgreSQL it then stays locked until the transaction ends, so a takeover
# waits for (or skips) a transaction that found the claim still held.
_STILL_HELD = (
    update(OutboxBroadcastRow.__table__)  # type: ignore[attr-defined]
    .where(_HELD)
    .values(claimed_at=bindparam("now"))
    .returning(_B.id)
)
_HAS_PARTS = exists().where(_PARTS.c.outbox_id == _M.id)


class ClaimedBroadcast(NamedTuple):
    """A broadcast this worker now holds, with the members it may send to now (``(outbox id, member)``, by
    outbox id). ``attempts`` counts this claim; with ``claimed_by`` it identifies the claim."""

    id: int
    channel: str
    kind: str
    payload: str
    created_at: datetime
    attempts: int
    claimed_by: str
    claimed_at: datetime
    members: list[tuple[int, str]]


class BroadcastCall(NamedTuple):
    """One platform call of a broadcast: its id, the part it carries and whom, in the request's order."""

    call_id: int
    part: int
    recipients: list[tuple[int, str]]


class OutboxBroadcastsRepository(Repository):
    # -- queuing ---------------------------------------------------------------------------------------

    def add(self, channel: str, kind: str, payload: str, at: datetime) -> int:
        """A new broadcast; its member rows are the outbox's (``OutboxRepository.queue_many``)."""
        values = {"channel": channel, "kind": kind, "payload": payload, "created_at": at}
        return int(
            self._run(
                insert(OutboxBroadcastRow.__table__).returning(_B.id),  # type: ignore[attr-defined]
                {**values, "status": PENDING, "attempts": 0},
            ).scalar_one()
        )

    def forget(self, broadcast_id: int) -> None:
        """Remove a broadcast none of whose members was queued (each was queued before, by its key)."""
        self._connection().execute(
            delete(OutboxBroadcastRow.__table__).where(_B.id == broadcast_id)  # type: ignore[attr-defined]
        )

    # -- claiming ----------------------------------------------------------------------------------------

    def claim(
        self, channel: str, *, worker: str, now: datetime, stale_before: datetime, limit: int
    ) -> ClaimedBroadcast | None:
        """Claim the channel's oldest due broadcast (pending and due, or claimed by a worker whose lease ran
        out) with up to ``limit`` of its members; None when none is due. Members that must go the regular
        way are detached here (see the module's docstring)."""
        row = self._run(
            _CLAIM, {"on_channel": channel, "worker": worker, "now": now, "stale_before": stale_before}
        ).first()
        if row is None:
            return None
        broadcast_id, kind, payload, created_at, attempts = row
        if attempts > 1:
            self._hand_over(broadcast_id, now)
        members: list[tuple[int, str]] = []
        behind: list[int] = []
        for outbox_id, member, earlier in self._run(
            _MEMBERS, {"broadcast": broadcast_id, "limit": limit}
        ).all():
            if earlier:
                behind.append(outbox_id)
            else:
                members.append((outbox_id, member))
        self.detach(behind, tried=False)
        return ClaimedBroadcast(
            broadcast_id, channel, kind, payload, created_at, attempts, worker, now, members
        )

    def warm_up(self, now: datetime) -> None:
        """Run the claim's statements once, matching nothing (no channel is named "", no broadcast is 0):
        see ``UnitOfWork.warm_up``."""
        self.claim("", worker="", now=now, stale_before=now, limit=1)
        self._run(_MEMBERS, {"broadcast": 0, "limit": 1}).all()
        self._run(_STILL_HELD, {"broadcast": 0, "worker": "", "claim_attempts": 0, "now": now}).all()

    def _hand_over(self, broadcast_id: int, now: datetime) -> None:
        """What an earlier claim of this broadcast left (its process died or stalled): each call it began
        and did not record is written to the part ledger of the members it carried, as begun; and every
        member with a ledger row goes the regular way, which resends only what certainly did not go and
        makes a call in doubt again as the same request."""
        calls = self._connection().execute(
            select(_CALLS.c.call_id, _CALLS.c.part, _CALLS.c.recipients, _CALLS.c.began_at).where(
                _CALLS.c.broadcast_id == broadcast_id
            )
        )
        parts = OutboxPartsRepository(self._transaction)
        for call_id, part, recipients, began_at in calls.all():
            carried = [outbox_id for outbox_id, _ in json.loads(recipients)]
            parts.begin_all(carried, part, began_at, call_id=call_id)
        self._connection().execute(delete(_CALLS).where(_CALLS.c.broadcast_id == broadcast_id))
        self._connection().execute(
            update(_M_TABLE)
            .where(_M.broadcast_id == broadcast_id, _HAS_PARTS)
            .values(broadcast_id=None, attempts=_M.attempts + 1)
        )

    # -- calls -----------------------------------------------------------------------------------------

    def begin_calls(self, claim: ClaimedBroadcast, calls: Sequence[BroadcastCall], now: datetime) -> bool:
        """Record these calls as about to be made, if this claim still holds the broadcast (else nothing is
        written and False: another worker took it over, and must not find calls it does not know of)."""
        if not self._still_held(claim, now):
            return False
        if calls:
            self._connection().execute(
                insert(_CALLS),
                [
                    {
                        "call_id": call.call_id,
                        "broadcast_id": claim.id,
                        "part": call.part,
                        "recipients": json.dumps(call.recipients),
                        "began_at": now,
                    }
                    for call in calls
                ],
            )
        return True

    def end_call(self, call_id: int) -> None:
        """The call's outcome is in the part ledger: its row has done its work."""
        self._connection().execute(delete(_CALLS).where(_CALLS.c.call_id == call_id))

    # -- fates -----------------------------------------------------------------------------------------

    def renew(self, claim: ClaimedBroadcast, now: datetime) -> bool:
        """Renew this claim's lease; False when it no longer holds the broadcast."""
        return self._still_held(claim, now)

    def mark_sent(self, claim: ClaimedBroadcast, outbox_ids: Sequence[int], at: datetime) -> set[int]:
        """Record these members sent; the ids recorded (none when the claim was taken over)."""
        if not outbox_ids or not self._still_held(claim, at):
            return set()
        recorded: set[int] = set()
        for chunk in chunks(sorted(outbox_ids)):
            recorded.update(
                self._connection()
                .execute(
                    update(_M_TABLE)
                    .where(_M.id.in_(chunk), _M.broadcast_id == claim.id)
                    .values(status="sent", sent_at=at, last_error="", broadcast_id=None)
                    .returning(_M.id)
                )
                .scalars()
            )
        return recorded

    def give_up(
        self, claim: ClaimedBroadcast, outbox_ids: Sequence[int], status: str, error: str, now: datetime
    ) -> set[int]:
        """Record these members failed or undeliverable; the ids recorded."""
        return self._settle_members(claim, outbox_ids, now, status=status, last_error=error[:500])

    def retry_later(
        self,
        claim: ClaimedBroadcast,
        outbox_ids: Sequence[int],
        next_attempt_at: datetime,
        error: str,
        now: datetime,
    ) -> set[int]:
        """These members go the regular way from ``next_attempt_at``, this broadcast's try counted as one
        of their attempts; the ids so detached."""
        return self._settle_members(
            claim, outbox_ids, now, next_attempt_at=next_attempt_at, last_error=error[:500]
        )

    def _settle_members(
        self, claim: ClaimedBroadcast, outbox_ids: Sequence[int], now: datetime, **values: object
    ) -> set[int]:
        """Write ``values`` to these members, count this try among their attempts and release them from the
        broadcast, while the claim is still held; the ids written."""
        if not outbox_ids or not self._still_held(claim, now):
            return set()
        return set(
            self._connection()
            .execute(
                update(_M_TABLE)
                .where(_M.id.in_(list(outbox_ids)), _M.broadcast_id == claim.id)
                .values(**values, attempts=_M.attempts + 1, broadcast_id=None)
                .returning(_M.id)
            )
            .scalars()
        )

    def detach(self, outbox_ids: Iterable[int], *, tried: bool) -> None:
        """These members go the regular way, now; ``tried``: a call of the broadcast may have carried them,
        so their next claim must read the part ledger (it does from a second attempt on)."""
        ids = sorted(outbox_ids)
        values: dict[str, object] = {"broadcast_id": None}
        if tried:
            values["attempts"] = _M.attempts + 1
        for chunk in chunks(ids):
            self._connection().execute(update(_M_TABLE).where(_M.id.in_(chunk)).values(**values))

    def finish(self, claim: ClaimedBroadcast, now: datetime) -> bool:
        """End this claim: the broadcast is done when none of its members waits for it any more, else
        pending again for the next claim (it had more members than one claim takes)."""
        left = (
            self._connection()
            .execute(select(_M.id).where(_ATTACHED).limit(1), {"broadcast": claim.id})
            .first()
        )
        status = PENDING if left is not None else DONE
        result = self._connection().execute(
            update(OutboxBroadcastRow.__table__)  # type: ignore[attr-defined]
            .where(_HELD)
            .values(status=status, claimed_by=None, claimed_at=None),
            {"broadcast": claim.id, "worker": claim.claimed_by, "claim_attempts": claim.attempts},
        )
        return result.rowcount == 1

    def release(self, claim: ClaimedBroadcast) -> bool:
        """Hand back a claim not begun (the loop is stopping): pending again, the claim not counted."""
        result = self._connection().execute(
            update(OutboxBroadcastRow.__table__)  # type: ignore[attr-defined]
            .where(_HELD)
            .values(status=PENDING, claimed_by=None, claimed_at=None, attempts=_B.attempts - 1),
            {"broadcast": claim.id, "worker": claim.claimed_by, "claim_attempts": claim.attempts},
        )
        return result.rowcount == 1

    def of_channel(self, channel: str) -> list[tuple[int, str]]:
        """``(id, status)`` of the channel's broadcasts, oldest first (for tests and operators)."""
        rows = self._connection().execute(
            select(_B.id, _B.status).where(_B.channel == channel).order_by(_B.id)
        )
        return [(broadcast_id, status) for broadcast_id, status in rows]

    def calls_of(self, broadcast_id: int) -> list[BroadcastCall]:
        """The calls of the broadcast begun and not yet recorded (for tests and operators)."""
        rows = self._connection().execute(
            select(_CALLS.c.call_id, _CALLS.c.part, _CALLS.c.recipients)
            .where(_CALLS.c.broadcast_id == broadcast_id)
            .order_by(_CALLS.c.call_id)
        )
        return [
            BroadcastCall(call_id, part, [(i, m) for i, m in json.loads(recipients)])
            for call_id, part, recipients in rows
        ]

    def _still_held(self, claim: ClaimedBroadcast, now: datetime) -> bool:
        values = {"broadcast": claim.id, "worker": claim.claimed_by, "claim_attempts": claim.attempts}
        return self._run(_STILL_HELD, {**values, "now": now}).first() is not None
