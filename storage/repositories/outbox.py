"""The outbox: queuing a reply to a chat account (once only, under a unique key, for nudges), claiming a
channel's messages for delivery and recording each one's fate. Every message fmbot sends passes here.

A message is ``pending`` until a sender claims it (``claimed``, with the claimant and the time), then
``sent``, back to ``pending`` with a later ``next_attempt_at`` (a transient failure), ``failed`` (retries
exhausted) or ``undeliverable`` (the platform will never take it). A claim is a lease: the claimant renews
``claimed_at`` while it works (``renew``), and a claim not renewed for the lease (``stale_before``) is
abandoned (its process died) and may be claimed again. A taken-over claim counts one more attempt, so the
first claimant can no longer record a fate for it.

Claiming is one statement: ``UPDATE … WHERE id IN (the due rows) RETURNING``. PostgreSQL picks the due
rows ``FOR UPDATE SKIP LOCKED``, so concurrent senders take disjoint rows without waiting for each other.
SQLite: every transaction begins with ``BEGIN IMMEDIATE`` (storage.sqlite), so claims are serialised by the
single writer lock.

Each recipient's messages go out in order: a message is not claimed while an earlier one to the same
account is still pending or claimed.

An identical message to many members of a channel whose platform takes many recipients in one call
(``BROADCAST_CHANNELS``) is queued as a broadcast (``queue_many``): one row that its own claim stamps,
and a member row each that names it and that the regular claim leaves to it
(``storage.repositories.outbox_broadcasts``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import ColumnElement, bindparam, exists, func, insert, literal_column
from sqlalchemy import select as core_select
from sqlalchemy import update as core_update
from sqlmodel import col, select, update

from fm_domain.message_codec import encode_reply
from fm_domain.messages import ConversationKey, Reply
from storage.repositories.base import Repository, chunks
from storage.repositories.outbox_broadcasts import OutboxBroadcastsRepository
from storage.tables.conversations import OutboxMessageRow

REPLY = "reply"  # the kind of an answer to a message (nudges and notices have their own)
# Channels whose sender takes one message to many members in a call (WeCom's touser): identical messages to
# several of their members are queued as a broadcast. Elsewhere (Telegram: one chat a call) each member's
# message is a row of its own, as ``queue`` makes it.
BROADCAST_CHANNELS = frozenset({"wecom"})

PENDING = "pending"
CLAIMED = "claimed"
SENT = "sent"
FAILED = "failed"  # retries exhausted
UNDELIVERABLE = "undeliverable"  # the platform refuses it for good
FINAL_STATUSES = frozenset({SENT, FAILED, UNDELIVERABLE})

# What every turn and every delivery round runs, built once (see ``Repository._run``).
_OUTBOX = OutboxMessageRow.__table__  # type: ignore[attr-defined]
_C = _OUTBOX.c
_CREATED_AT = _C.created_at


def _unsettled(status: ColumnElement[str]) -> ColumnElement[bool]:
    # The partial index's own condition, constants and all (UNSETTLED_SQL): SQLite and PostgreSQL use a
    # partial index only for a query that states its condition, and a bound parameter does not. (Literal
    # constants also spare SQLAlchemy re-rendering an "expanding" IN list on every execution.)
    return status.in_([literal_column(f"'{PENDING}'"), literal_column(f"'{CLAIMED}'")])


_QUEUE = insert(_OUTBOX).returning(_C.id)
# Each recipient's first message not yet settled: only it may go. One pass over the unsettled rows (the
# status index) and a grouping, whatever the planner believes about the table: asked per row ("is an
# earlier one unsettled?"), PostgreSQL with stale statistics compared every unsettled row with every
# other, 27 s for a claim behind 10,000 fresh nudges.
_HEADS = (
    core_select(func.min(_C.id))
    .where(_C.channel == bindparam("on_channel"), _unsettled(_C.status))
    .group_by(_C.external_user_id)
)
# A member row its broadcast holds is the broadcast's to send (storage.repositories.outbox_broadcasts).
_WAITING = (
    (_C.status == PENDING)
    & (_C.next_attempt_at.is_(None) | (_C.next_attempt_at <= bindparam("now")))
    & _C.broadcast_id.is_(None)
)
_ABANDONED = (_C.status == CLAIMED) & (_C.claimed_at < bindparam("stale_before"))
# Whether another message to the same recipient waits behind a head: the next claim can take it once the
# head is settled, so whoever drains to the end knows whether one more claim would find anything.
# PostgreSQL answers it per claimed row, in the claim's RETURNING. SQLite cannot: inside an UPDATE's
# RETURNING it looks for each row's followers by scanning every later row (ten thousand times over for a
# fan-out), so there it is one question after the claim: after a claim its heads are claimed, and a
# recipient's pending message is one that waits behind its head.
_LATER = _OUTBOX.alias("later")
_FOLLOWED = (
    exists()
    .where(
        _LATER.c.channel == _C.channel,
        _LATER.c.external_user_id == _C.external_user_id,
        _LATER.c.id > _C.id,
        _unsettled(_LATER.c.status),
    )
    .label("followed")
)
_WAITING_BEHIND = (
    core_select(_C.external_user_id)
    .where(_C.channel == bindparam("on_channel"), _unsettled(_C.status), _C.status == PENDING)
    .distinct()
)
# The due rows, oldest first: each recipient's head, pending and due, or claimed by a worker whose lease ran
# out. (Its bound parameters are not named after columns: the UPDATE that claims them reserves those names.)
_DUE = (
    core_select(_C.id)
    .where(_C.id.in_(_HEADS), _WAITING | _ABANDONED)
    .order_by(_C.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True, of=_OUTBOX)
)
# Picked, stamped and read back in one statement (RETURNING: in no set order), whatever their number: a
# select and then an UPDATE by a list of ids cost a fan-out's claim of 10,000 messages twice as much on
# SQLite, most of it binding the list.
_CLAIM = (
    core_update(_OUTBOX)
    .where(_C.id.in_(_DUE.scalar_subquery()))
    .values(
        status=CLAIMED,
        claimed_by=bindparam("worker"),
        claimed_at=bindparam("now"),
        attempts=_C.attempts + 1,
        next_attempt_at=None,
    )
    .returning(
        _C.id,
        _C.channel,
        _C.external_user_id,
        _C.payload,
        sa.type_coerce(_C.created_at, sa.types.NullType()),  # raw: converted once per value (see claim)
        _C.kind,
        _C.attempts,
        _C.last_error,
    )
)
_CLAIM_WITH_FOLLOWED = _CLAIM.returning(_FOLLOWED)  # on PostgreSQL (see _FOLLOWED)

_SENT_VALUES = {"status": SENT, "sent_at": bindparam("at"), "last_error": ""}
_STILL_HELD = (
    _C.status == CLAIMED,
    _C.claimed_by == bindparam("worker"),
    _C.attempts == bindparam("claim_attempts"),
)
_MARK_SENT = (
    core_update(_OUTBOX)
    .where(_C.id.in_(bindparam("ids", expanding=True)), *_STILL_HELD)
    .values(_SENT_VALUES)
    .returning(_C.id)
)
# The same for one message (a reply, the console's every turn): an "expanding" list is rendered into the SQL
# anew on every execution, which for one id cost more than the update itself.
_MARK_ONE_SENT = (
    core_update(_OUTBOX).where(_C.id == bindparam("one"), *_STILL_HELD).values(_SENT_VALUES).returning(_C.id)
)


class ClaimedMessage(NamedTuple):
    """A message this worker now holds. ``attempts`` counts this claim; with ``claimed_by`` it identifies
    the claim, so a worker whose claim was taken over cannot record a fate for it. A named tuple, not a
    frozen dataclass: a fan-out's claim builds ten thousand of them, and a frozen dataclass's ``__init__``
    costs five times a tuple's."""

    id: int
    channel: str
    external_user_id: str
    payload: str
    created_at: datetime
    kind: str
    attempts: int
    claimed_by: str
    claimed_at: datetime
    last_error: str
    # Another message to this recipient waited behind this one when it was claimed: the next claim takes
    # it once this one is settled.
    followed: bool = False


@dataclass(frozen=True)
class MessageFate:
    """Everything recorded about one message's delivery."""

    id: int
    channel: str
    external_user_id: str
    payload: str
    kind: str
    nudge_key: str | None
    status: str
    attempts: int
    claimed_by: str | None
    claimed_at: datetime | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_error: str
    created_at: datetime


class OutboxRepository(Repository):
    # -- queuing ---------------------------------------------------------------------------------------

    def queue(
        self,
        recipient: ConversationKey,
        reply: Reply,
        *,
        at: datetime,
        kind: str = REPLY,
        unique_key: str | None = None,
    ) -> int | None:
        """Queue ``reply`` to one chat account; its id, or None when a message with this ``unique_key`` was
        queued before (whatever became of it). The one way into the outbox: every writer hands a ``Reply``
        and the encoding is done here, once.

        With a ``unique_key`` it is insert-or-ignore in one statement: two sweeps that plan the same nudge
        at once cannot both insert it (the second waits for the first's commit on PostgreSQL, for the write
        lock on SQLite).
        """
        values = {
            "channel": recipient.channel,
            "external_user_id": recipient.external_user_id,
            "payload": encode_reply(reply),
            "created_at": at,
            "status": PENDING,
            "kind": kind,
            "nudge_key": unique_key,
            "attempts": 0,
            "last_error": "",
        }
        if unique_key is None:
            message_id = self._run(_QUEUE, values).scalar()
        else:
            statement = self._insert_or_ignore(OutboxMessageRow, values, conflict_on=["nudge_key"])
            message_id = self._session.exec(statement.returning(OutboxMessageRow.id)).scalar()
        if message_id is not None:
            self._queued_for(recipient.channel)
        return message_id

    def queue_many(
        self,
        recipients: Sequence[ConversationKey],
        reply: Reply,
        *,
        at: datetime,
        kind: str = REPLY,
        unique_keys: Sequence[str | None] | None = None,
    ) -> list[int | None]:
        """Queue the same ``reply`` to each of ``recipients`` (``unique_keys[i]`` for the i-th, as
        ``queue``'s); each one's id, or None where its key was queued before. On a channel of
        ``BROADCAST_CHANNELS`` the members are one broadcast (sent together, a call for up to a thousand);
        a member named twice gets the second message the regular way, after the first."""
        keys = list(unique_keys) if unique_keys is not None else [None] * len(recipients)
        if len(keys) != len(recipients):
            raise ValueError("queue_many needs one unique key (or None) per recipient")
        ids: list[int | None] = [None] * len(recipients)
        by_channel: dict[str, list[int]] = {}
        for index, recipient in enumerate(recipients):
            by_channel.setdefault(recipient.channel, []).append(index)
        payload = encode_reply(reply)
        for channel, indexes in by_channel.items():
            members = _first_of_each_member(recipients, indexes)
            if channel in BROADCAST_CHANNELS and len(members) > 1:
                for index, message_id in self._queue_broadcast(
                    channel, [(recipients[i], keys[i], i) for i in members], payload, at, kind
                ):
                    ids[index] = message_id
                taken = set(members)
                indexes = [i for i in indexes if i not in taken]
            for index in indexes:
                ids[index] = self.queue(recipients[index], reply, at=at, kind=kind, unique_key=keys[index])
        return ids

    def _queue_broadcast(
        self,
        channel: str,
        members: list[tuple[ConversationKey, str | None, int]],
        payload: str,
        at: datetime,
        kind: str,
    ) -> list[tuple[int, int]]:
        """One broadcast and its member rows; ``(index, outbox id)`` of those inserted."""
        broadcasts = OutboxBroadcastsRepository(self._transaction)
        broadcast_id = broadcasts.add(channel, kind, payload, at)
        rows = [
            {
                "channel": channel,
                "external_user_id": recipient.external_user_id,
                "payload": payload,
                "created_at": at,
                "status": PENDING,
                "kind": kind,
                "nudge_key": key,
                "attempts": 0,
                "last_error": "",
                "broadcast_id": broadcast_id,
            }
            for recipient, key, _ in members
        ]
        # One statement for all (insertmanyvalues), insert-or-ignore on the unique key: its RETURNING
        # names each row inserted by its position (a row without a key has a null one, never in conflict).
        inserted: list[tuple[int, int]] = []
        statement = self._inserting_new(OutboxMessageRow, ["nudge_key"], returning=("id", "nudge_key"))
        position = {id(row): member[2] for row, member in zip(rows, members, strict=True)}
        for chunk in chunks(rows):
            by_key = {row["nudge_key"]: position[id(row)] for row in chunk if row["nudge_key"] is not None}
            keyless = [position[id(row)] for row in chunk if row["nudge_key"] is None]
            found = self._run(statement, list(chunk)).all()
            # Keyless rows by position: one statement gives them ids in the order of its rows.
            keyless_ids = sorted(message_id for message_id, key in found if key is None)
            inserted.extend((by_key[key], message_id) for message_id, key in found if key is not None)
            inserted.extend(zip(keyless, keyless_ids, strict=True))
        if inserted:
            self._queued_for(channel)
        else:
            broadcasts.forget(broadcast_id)
        return inserted

    def existing_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these nudge keys are already queued (whatever became of them)."""
        wanted = sorted(set(keys))
        found: set[str] = set()
        for chunk in chunks(wanted):
            rows = self._session.exec(
                select(OutboxMessageRow.nudge_key).where(col(OutboxMessageRow.nudge_key).in_(chunk))
            ).all()
            found.update(key for key in rows if key is not None)
        return found

    # -- claiming and fates ----------------------------------------------------------------------------

    def claim(
        self, channel: str, *, worker: str, now: datetime, stale_before: datetime, limit: int
    ) -> list[ClaimedMessage]:
        """Claim up to ``limit`` of the channel's messages that are due, oldest first: pending ones whose
        next attempt has come, and claims older than ``stale_before`` (their worker died)."""
        values = {"on_channel": channel, "now": now, "stale_before": stale_before, "limit": limit}
        if self._dialect == "postgresql":
            rows = self._run(_CLAIM_WITH_FOLLOWED, {**values, "worker": worker}).all()
            followed = {row[2] for row in rows if row[8]}
        else:
            rows = self._run(_CLAIM, {**values, "worker": worker}).all()
            followed = set(self._run(_WAITING_BEHIND, {"on_channel": channel}).scalars()) if rows else set()
        if not rows:
            return []
        convert = _CREATED_AT.type._cached_result_processor(self._connection().dialect, None)
        moments: dict[object, datetime] = {}
        claimed = []
        # Rows read as plain tuples, in one fetch, and the claim's own values (worker, now) not read back:
        # a fan-out's claim holds ten thousand messages, and building an object or converting a timestamp
        # for each was most of its time. created_at comes raw and is converted once per distinct value (a
        # sweep queues its nudges at one moment).
        for id_, on, user, payload, raw_created_at, kind, attempts, last_error, *_ in rows:
            created_at = moments.get(raw_created_at)
            if created_at is None:
                created_at = convert(raw_created_at) if convert else raw_created_at
                moments[raw_created_at] = created_at
            message = (id_, on, user, payload, created_at, kind, attempts, worker, now, last_error)
            claimed.append(ClaimedMessage(*message, user in followed))
        return sorted(claimed, key=lambda message: message.id)  # RETURNING keeps no order

    def renew(self, message_ids: Iterable[int], worker: str, now: datetime) -> set[int]:
        """Renew this worker's claims on these messages (their lease starts again at ``now``); the ids it
        still held. A message missing from the answer was settled meanwhile or taken over."""
        renewed: set[int] = set()
        wanted = sorted(set(message_ids))
        for chunk in chunks(wanted):
            renewed.update(
                self._session.exec(
                    update(OutboxMessageRow)
                    .where(
                        col(OutboxMessageRow.id).in_(chunk),
                        col(OutboxMessageRow.status) == CLAIMED,
                        col(OutboxMessageRow.claimed_by) == worker,
                    )
                    .values(claimed_at=now)
                    .returning(OutboxMessageRow.id)
                    .execution_options(synchronize_session=False)
                ).scalars()
            )
        return renewed

    def mark_sent(self, message: ClaimedMessage, at: datetime) -> bool:
        """Record the message as sent; False when this claim no longer holds it (taken over after the
        timeout), so nothing is written."""
        return self._finish(message, status=SENT, sent_at=at, last_error="")

    def mark_all_sent(self, messages: Iterable[ClaimedMessage], at: datetime) -> set[int]:
        """``mark_sent`` for many messages in a statement per claim (a notice to a thousand members is one
        or two); the ids recorded, without those whose claim was taken over."""
        by_claim: dict[tuple[str, int], list[int]] = {}
        for message in messages:
            by_claim.setdefault((message.claimed_by, message.attempts), []).append(message.id)
        recorded: set[int] = set()
        for (worker, attempts), ids in by_claim.items():
            held = {"worker": worker, "claim_attempts": attempts, "at": at}
            if len(ids) == 1:
                recorded.update(self._run(_MARK_ONE_SENT, {**held, "one": ids[0]}).scalars())
                continue
            for chunk in chunks(ids):
                recorded.update(self._run(_MARK_SENT, {**held, "ids": chunk}).scalars())
        return recorded

    def retry_later(self, message: ClaimedMessage, next_attempt_at: datetime, error: str) -> bool:
        return self._finish(message, status=PENDING, next_attempt_at=next_attempt_at, last_error=error)

    def give_up(self, message: ClaimedMessage, status: str, error: str) -> bool:
        """Record a final failure: ``failed`` (retries exhausted) or ``undeliverable``."""
        if status not in (FAILED, UNDELIVERABLE):
            raise ValueError(f"a message is given up as failed or undeliverable, not {status!r}")
        return self._finish(message, status=status, last_error=error)

    def release(self, message: ClaimedMessage) -> bool:
        """Hand back a claimed message not tried after all (its claim would run out mid-send): pending
        again at once, and the claim not counted as an attempt."""
        return self._finish(
            message, status=PENDING, attempts=message.attempts - 1, last_error=message.last_error
        )

    def _finish(self, message: ClaimedMessage, *, last_error: str, **values: object) -> bool:
        values["last_error"] = last_error[:500]  # the column's size; reasons are short anyway
        result = self._session.exec(
            update(OutboxMessageRow)
            .where(
                col(OutboxMessageRow.id) == message.id,
                col(OutboxMessageRow.status) == CLAIMED,
                col(OutboxMessageRow.claimed_by) == message.claimed_by,
                col(OutboxMessageRow.attempts) == message.attempts,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    def fate(self, message_id: int) -> MessageFate | None:
        row = self._session.exec(
            select(OutboxMessageRow)
            .where(col(OutboxMessageRow.id) == message_id)
            .execution_options(populate_existing=True)
        ).first()
        return _fate(row) if row else None

    def fates(self, channel: str | None = None) -> list[MessageFate]:
        """Every message (of one channel), oldest first: for operators and tests."""
        statement = select(OutboxMessageRow).order_by(col(OutboxMessageRow.id))
        if channel is not None:
            statement = statement.where(col(OutboxMessageRow.channel) == channel)
        rows = self._session.exec(statement.execution_options(populate_existing=True)).all()
        return [_fate(row) for row in rows]


def _first_of_each_member(recipients: Sequence[ConversationKey], indexes: list[int]) -> list[int]:
    """The first of these recipients' positions for each member: a broadcast names a member once."""
    seen: set[str] = set()
    first = []
    for index in indexes:
        member = recipients[index].external_user_id
        if member not in seen:
            seen.add(member)
            first.append(index)
    return first


def _fate(row: OutboxMessageRow) -> MessageFate:
    assert row.id is not None
    return MessageFate(
        id=row.id,
        channel=row.channel,
        external_user_id=row.external_user_id,
        payload=row.payload,
        kind=row.kind,
        nudge_key=row.nudge_key,
        status=row.status,
        attempts=row.attempts,
        claimed_by=row.claimed_by,
        claimed_at=row.claimed_at,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        last_error=row.last_error,
        created_at=row.created_at,
    )
