"""The conversation engine's own records: state per owner, the inbox and bind failures (the outbox is
storage.repositories.outbox).

Values cross into the engine as plain types and frozen dataclasses (the engine reads them by attribute),
so storage does not import the conversations package.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, exists, func, literal
from sqlalchemy import select as core_select
from sqlalchemy import update as core_update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select, update

from storage.repositories.base import Repository
from storage.tables.conversations import (
    BindFailureRow,
    ConversationStateRow,
    InboxMessageRow,
)

_INBOX = InboxMessageRow.__table__  # type: ignore[attr-defined]
_STATES = ConversationStateRow.__table__  # type: ignore[attr-defined]
# A turn that left its state as it found it (most commands from the menu) writes only the new version and
# the time, through this statement built once (see ``Repository._run``): the same compare-and-set as
# ``save``, so concurrent turns of one owner still meet here, without sending the unchanged draft back.
_TOUCH = (
    core_update(_STATES)
    .where(_STATES.c.owner == bindparam("of_owner"), _STATES.c.version == bindparam("stored_version"))
    .values(version=bindparam("new_version"), updated_at=bindparam("now"))
)
_RECORDED_HANDLED = ("channel", "message_id", "external_user_id", "payload", "received_at", "handled_at")


@functools.cache
def _recording_handled(dialect: str) -> postgresql.Insert | sqlite.Insert:
    """``record_handled``'s one statement: the row, unless one of the account's messages is pending (a
    probe of the account index) or the message id is taken (the unique constraint). Built once per
    database kind (see ``Repository._run``)."""
    c = _INBOX.c
    pending = core_select(c.id).where(
        c.channel == bindparam("channel"),
        c.external_user_id == bindparam("external_user_id"),
        c.status == "pending",
    )
    row = core_select(
        *(bindparam(name, type_=c[name].type) for name in _RECORDED_HANDLED),
        literal("handled", c.status.type),
        literal("", c.error_ref.type),
    ).where(~exists(pending))
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(_INBOX)
        .from_select([*_RECORDED_HANDLED, "status", "error_ref"], row)
        .on_conflict_do_nothing(index_elements=["channel", "message_id"])
        .returning(c.id)
    )


@dataclass(frozen=True)
class StoredState:
    flow: str
    step: str
    data: str
    version: int
    updated_at: datetime


@dataclass(frozen=True)
class InboxEntry:
    id: int
    channel: str
    message_id: str
    external_user_id: str
    payload: str
    received_at: datetime
    status: str
    error_ref: str


class ConversationStateRepository(Repository):
    def get(self, owner: str) -> StoredState | None:
        row = self._session.exec(
            select(ConversationStateRow)
            .where(ConversationStateRow.owner == owner)
            .execution_options(populate_existing=True)
        ).first()
        if row is None:
            return None
        return StoredState(row.flow, row.step, row.data, row.version, row.updated_at)

    def in_flow_since(self, before: datetime) -> list[tuple[str, StoredState]]:
        rows = self._session.exec(
            select(ConversationStateRow)
            .where(col(ConversationStateRow.flow) != "", col(ConversationStateRow.updated_at) < before)
            .order_by(col(ConversationStateRow.updated_at))
        ).all()
        return [
            (row.owner, StoredState(row.flow, row.step, row.data, row.version, row.updated_at))
            for row in rows
        ]

    def save(self, owner: str, *, flow: str, step: str, data: str, version: int, now: datetime) -> bool:
        """Write version ``version`` if the stored one is ``version - 1`` (or none exists for version 1).

        Compare-and-set in one statement, so two workers that computed a turn from the same state cannot
        both write: the second gets False and retries from the new state.
        """
        values = {
            "owner": owner,
            "flow": flow,
            "step": step,
            "data": data,
            "version": version,
            "updated_at": now,
        }
        if version == 1:
            return self._insert_new(ConversationStateRow, values, conflict_on=["owner"])
        result = self._session.exec(
            update(ConversationStateRow)
            .where(col(ConversationStateRow.owner) == owner, col(ConversationStateRow.version) == version - 1)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    def touch(self, owner: str, *, version: int, now: datetime) -> bool:
        """``save`` of a state whose flow, step and data are those stored: only version ``version`` (if
        the stored one is ``version - 1``) and the time are written; False, with nothing written, when a
        concurrent update won."""
        values = {"of_owner": owner, "stored_version": version - 1, "new_version": version, "now": now}
        return self._run(_TOUCH, values).rowcount == 1


class InboxRepository(Repository):
    def record(
        self,
        channel: str,
        message_id: str,
        external_user_id: str,
        payload: str,
        received_at: datetime,
    ) -> bool:
        """Insert unless (channel, message_id) is already there; True when this call recorded it."""
        return self.record_all([(channel, message_id, external_user_id, payload, received_at)])[0]

    def record_all(self, messages: Sequence[tuple[str, str, str, str, datetime]]) -> list[bool]:
        """Insert each (channel, message_id, external_user_id, payload, received_at) unless its (channel,
        message_id) is already there, in the table or earlier in ``messages``; True for each this call
        recorded.

        One ``INSERT … ON CONFLICT DO NOTHING RETURNING`` for the whole batch (SQLAlchemy sends it as
        multi-row statements): messages that arrived together cost one statement, not one each. The rows
        get their ids in the order given, so each account's messages are handled in that order. (Two
        processes inserting the same ids in opposite orders at once can deadlock on PostgreSQL: one batch
        then fails, and its callbacks are answered 5xx and sent again.)
        """
        if not messages:
            return []
        rows = [
            {
                "channel": channel,
                "message_id": message_id,
                "external_user_id": external_user_id,
                "payload": payload,
                "received_at": received_at,
                "status": "pending",
                "error_ref": "",
            }
            for channel, message_id, external_user_id, payload, received_at in messages
        ]
        key = ("channel", "message_id")
        # Built once, and run on the connection: the ORM's bulk path would build it anew, only slower.
        statement = self._inserting_new(InboxMessageRow, key, returning=key)
        inserted = {(row[0], row[1]) for row in self._run(statement, rows)}
        fresh = []
        for channel, message_id, *_ in messages:
            fresh.append((channel, message_id) in inserted)
            inserted.discard((channel, message_id))  # a repeat later in the batch was not inserted
        return fresh

    def get(self, channel: str, message_id: str) -> InboxEntry | None:
        row = self._session.exec(
            select(InboxMessageRow)
            .where(InboxMessageRow.channel == channel, InboxMessageRow.message_id == message_id)
            .execution_options(populate_existing=True)
        ).first()
        return _inbox(row) if row else None

    def record_handled(
        self,
        channel: str,
        message_id: str,
        external_user_id: str,
        payload: str,
        received_at: datetime,
        handled_at: datetime,
    ) -> bool:
        """Record a message as handled, by the transaction that runs its turn, in one statement; False,
        with nothing written, when earlier messages of the account are still pending or this message id
        was recorded before."""
        values = {
            "channel": channel,
            "message_id": message_id,
            "external_user_id": external_user_id,
            "payload": payload,
            "received_at": received_at,
            "handled_at": handled_at,
        }
        statement = _recording_handled(self._dialect)
        return self._run(statement, values).first() is not None

    def unhandled(self, channel: str, external_user_id: str) -> list[InboxEntry]:
        rows = self._session.exec(
            select(InboxMessageRow)
            .where(
                InboxMessageRow.channel == channel,
                InboxMessageRow.external_user_id == external_user_id,
                InboxMessageRow.status == "pending",
            )
            .order_by(col(InboxMessageRow.id))
        ).all()
        return [_inbox(row) for row in rows]

    def unhandled_accounts(self) -> list[tuple[str, str]]:
        rows = self._session.exec(
            select(InboxMessageRow.channel, InboxMessageRow.external_user_id, func.min(InboxMessageRow.id))
            .where(InboxMessageRow.status == "pending")
            .group_by(col(InboxMessageRow.channel), col(InboxMessageRow.external_user_id))
            .order_by(func.min(InboxMessageRow.id))
        ).all()
        return [(channel, external_user_id) for channel, external_user_id, _first in rows]

    def claim(self, entry_id: int, now: datetime) -> bool:
        result = self._session.exec(
            update(InboxMessageRow)
            .where(col(InboxMessageRow.id) == entry_id, col(InboxMessageRow.status) == "pending")
            .values(status="handled", handled_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    def fail(self, entry_id: int, error_ref: str, now: datetime) -> None:
        self._session.exec(
            update(InboxMessageRow)
            .where(col(InboxMessageRow.id) == entry_id)
            .values(status="failed", handled_at=now, error_ref=error_ref)
            .execution_options(synchronize_session=False)
        )


class BindFailureRepository(Repository):
    def failures_since(self, channel: str, external_user_id: str, since: datetime) -> list[datetime]:
        rows = self._session.exec(
            select(BindFailureRow.failed_at)
            .where(
                BindFailureRow.channel == channel,
                BindFailureRow.external_user_id == external_user_id,
                col(BindFailureRow.failed_at) >= since,
            )
            .order_by(col(BindFailureRow.failed_at))
        ).all()
        return list(rows)

    def record_failure(self, channel: str, external_user_id: str, at: datetime) -> None:
        self._session.add(BindFailureRow(channel=channel, external_user_id=external_user_id, failed_at=at))
        self._session.flush()


def _inbox(row: InboxMessageRow) -> InboxEntry:
    assert row.id is not None
    return InboxEntry(
        row.id,
        row.channel,
        row.message_id,
        row.external_user_id,
        row.payload,
        row.received_at,
        row.status,
        row.error_ref,
    )
