"""The WeCom channel's shared state: session storage with a refresh lease, per-member send counts, and
messages staged until their file is fetched. See ``storage.tables.wecom`` for why each exists.

Every method works inside the unit of work's transaction; the caller commits.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, delete, select, update

from storage.repositories.base import Repository
from storage.tables.wecom import (
    WecomDeliveryRow,
    WecomRecipientRow,
    WecomSendRow,
    WecomSessionRow,
    WecomStagedInboundRow,
)


@dataclass(frozen=True)
class SessionValue:
    value: str
    expires_at: datetime | None  # None: never expires


@dataclass(frozen=True)
class StagedInbound:
    id: int
    message_id: str
    external_user_id: str
    payload: str
    media_id: str
    media_kind: str
    file_name: str
    attempts: int
    not_before: datetime | None


class WecomRepository(Repository):
    # --- session storage ------------------------------------------------------------------------------

    def session_get(self, key: str, now: datetime) -> SessionValue | None:
        """The stored value, or None when there is none or it has expired."""
        row = self._session.get(WecomSessionRow, key, populate_existing=True)
        if row is None or not row.value or (row.expires_at is not None and row.expires_at <= now):
            return None
        return SessionValue(row.value, row.expires_at)

    def session_set(self, key: str, value: str, expires_at: datetime | None, now: datetime) -> None:
        """Store ``value`` and end any refresh lease on it."""
        self._insert_new(WecomSessionRow, {"key": key, "value": "", "updated_at": now})
        self._session.exec(
            update(WecomSessionRow)
            .where(col(WecomSessionRow.key) == key)
            .values(value=value, expires_at=expires_at, refreshing_until=None, updated_at=now)
        )

    def session_delete(self, key: str) -> None:
        self._session.exec(delete(WecomSessionRow).where(col(WecomSessionRow.key) == key))

    def take_refresh_lease(self, key: str, now: datetime, until: datetime) -> bool:
        """True for exactly one caller until ``until`` (or until the value is set): the one that refreshes.

        A conditional UPDATE both checks and takes the lease, so two processes cannot both win it;
        a process that dies holding it only delays the others until the lease runs out.
        """
        self._insert_new(WecomSessionRow, {"key": key, "value": "", "updated_at": now})
        result = self._session.exec(
            update(WecomSessionRow)
            .where(
                col(WecomSessionRow.key) == key,
                sa.or_(
                    col(WecomSessionRow.refreshing_until).is_(None),
                    col(WecomSessionRow.refreshing_until) <= now,
                ),
            )
            .values(refreshing_until=until)
        )
        return result.rowcount == 1

    def release_refresh_lease(self, key: str) -> None:
        self._session.exec(
            update(WecomSessionRow).where(col(WecomSessionRow.key) == key).values(refreshing_until=None)
        )

    def expire_if(self, key: str, value: str, now: datetime) -> bool:
        """Mark ``value`` expired, unless another process has replaced it meanwhile (then its successor
        stands, and nobody needs to fetch yet another)."""
        result = self._session.exec(
            update(WecomSessionRow)
            .where(col(WecomSessionRow.key) == key, col(WecomSessionRow.value) == value)
            .values(expires_at=now, updated_at=now)
        )
        return result.rowcount == 1

    # --- per-member send limits -----------------------------------------------------------------------

    def reserve_sends(
        self, external_user_id: str, count: int, now: datetime, limits: Sequence[tuple[timedelta, int]]
    ) -> timedelta | None:
        """Reserve ``count`` sends to this member now, keeping at most ``limit`` in any ``window``.

        Returns None when reserved, otherwise how long to wait before the reservation would fit. The
        member's row is locked (PostgreSQL ``FOR UPDATE``; SQLite has one writer) so that two processes
        counting at once cannot both take the last slot.
        """
        self._insert_new(WecomRecipientRow, {"external_user_id": external_user_id})
        self._session.exec(
            select(WecomRecipientRow)
            .where(col(WecomRecipientRow.external_user_id) == external_user_id)
            .with_for_update()
        ).one()
        longest = max(window for window, _ in limits)
        self._session.exec(
            delete(WecomSendRow).where(
                col(WecomSendRow.external_user_id) == external_user_id,
                col(WecomSendRow.sent_at) <= now - longest,
            )
        )
        times = list(
            self._session.exec(
                select(WecomSendRow.sent_at)
                .where(col(WecomSendRow.external_user_id) == external_user_id)
                .order_by(col(WecomSendRow.sent_at))
            )
        )
        wait = max(
            (_wait_for(times, count, now, window, limit) for window, limit in limits), default=timedelta()
        )
        if wait > timedelta():
            return wait
        self._session.add_all(
            WecomSendRow(external_user_id=external_user_id, sent_at=now) for _ in range(count)
        )
        self._session.flush()
        return None

    # --- parts of outbox messages -------------------------------------------------------------------

    def delivery_states(self, outbox_id: int) -> dict[int, tuple[str, str]]:
        """Each part of this outbox message that an attempt has claimed: ``{part: (state, msgid)}``."""
        rows = self._session.exec(
            select(WecomDeliveryRow).where(col(WecomDeliveryRow.outbox_id) == outbox_id)
        )
        return {row.part: (row.state, row.msgid) for row in rows}

    def begin_part(self, outbox_id: int, part: int, now: datetime) -> bool:
        """Claim the part for sending; False when some attempt already claimed it."""
        return self._insert_new(
            WecomDeliveryRow,
            {"outbox_id": outbox_id, "part": part, "state": "sending", "msgid": "", "updated_at": now},
        )

    def finish_part(self, outbox_id: int, part: int, state: str, now: datetime, msgid: str = "") -> None:
        self._session.exec(
            update(WecomDeliveryRow)
            .where(col(WecomDeliveryRow.outbox_id) == outbox_id, col(WecomDeliveryRow.part) == part)
            .values(state=state, msgid=msgid, updated_at=now)
        )

    def abandon_part(self, outbox_id: int, part: int) -> None:
        """WeCom certainly did not take the part (it answered with an error, or no connection was made)."""
        self._session.exec(
            delete(WecomDeliveryRow).where(
                col(WecomDeliveryRow.outbox_id) == outbox_id,
                col(WecomDeliveryRow.part) == part,
                col(WecomDeliveryRow.state) == "sending",
            )
        )

    def forget_deliveries_before(self, cutoff: datetime) -> int:
        result = self._session.exec(delete(WecomDeliveryRow).where(col(WecomDeliveryRow.updated_at) < cutoff))
        return result.rowcount

    # --- messages waiting for their file --------------------------------------------------------------

    def stage(
        self,
        *,
        message_id: str,
        external_user_id: str,
        payload: str,
        media_id: str,
        media_kind: str,
        file_name: str,
        now: datetime,
    ) -> bool:
        """Stage a message; False when this message id is already staged."""
        return self._insert_new(
            WecomStagedInboundRow,
            {
                "message_id": message_id,
                "external_user_id": external_user_id,
                "payload": payload,
                "media_id": media_id,
                "media_kind": media_kind,
                "file_name": file_name,
                "staged_at": now,
                "attempts": 0,
                "error": "",
            },
        )

    def staged_users(self, now: datetime) -> list[str]:
        """Members with staged messages that are due now, oldest first."""
        rows = self._session.exec(
            select(WecomStagedInboundRow.external_user_id, sa.func.min(WecomStagedInboundRow.id))
            .where(col(WecomStagedInboundRow.done_at).is_(None), _due(now))
            .group_by(col(WecomStagedInboundRow.external_user_id))
            .order_by(sa.func.min(WecomStagedInboundRow.id))
        )
        return [user for user, _ in rows]

    def staged_of(self, external_user_id: str) -> list[StagedInbound]:
        """This member's unfinished staged messages, in arrival order."""
        rows = self._session.exec(
            select(WecomStagedInboundRow)
            .where(
                col(WecomStagedInboundRow.external_user_id) == external_user_id,
                col(WecomStagedInboundRow.done_at).is_(None),
            )
            .order_by(col(WecomStagedInboundRow.id))
        )
        return [_staged(row) for row in rows]

    def has_staged(self, external_user_id: str) -> bool:
        return bool(self.users_with_staged([external_user_id]))

    def users_with_staged(self, external_user_ids: Collection[str]) -> set[str]:
        """Those of these members who have unfinished staged messages (one query for a whole batch)."""
        if not external_user_ids:
            return set()
        rows = self._session.exec(
            select(WecomStagedInboundRow.external_user_id)
            .where(
                col(WecomStagedInboundRow.external_user_id).in_(list(external_user_ids)),
                col(WecomStagedInboundRow.done_at).is_(None),
            )
            .distinct()
        )
        return set(rows)

    def finish_staged(self, staged_id: int, now: datetime, error: str = "") -> None:
        self._session.exec(
            update(WecomStagedInboundRow)
            .where(col(WecomStagedInboundRow.id) == staged_id)
            .values(done_at=now, error=error[:200])
        )

    def postpone_staged(self, staged_id: int, until: datetime, error: str) -> None:
        self._session.exec(
            update(WecomStagedInboundRow)
            .where(col(WecomStagedInboundRow.id) == staged_id)
            .values(not_before=until, error=error[:200], attempts=WecomStagedInboundRow.attempts + 1)
        )

    def purge_staged(self, finished_before: datetime) -> int:
        """Forget finished messages once WeCom can no longer resend them (it gives up within minutes)."""
        result = self._session.exec(
            delete(WecomStagedInboundRow).where(col(WecomStagedInboundRow.done_at) < finished_before)
        )
        return result.rowcount

    # --- helpers --------------------------------------------------------------------------------------


def _due(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(
        col(WecomStagedInboundRow.not_before).is_(None), col(WecomStagedInboundRow.not_before) <= now
    )


def _wait_for(times: list[datetime], count: int, now: datetime, window: timedelta, limit: int) -> timedelta:
    """How long until ``count`` more sends fit into ``window`` next to ``times`` (sorted)."""
    recent = [t for t in times if t > now - window]
    excess = len(recent) + count - limit
    if excess <= 0:
        return timedelta()
    if count > limit:
        return window
    # The first ``excess`` of the recent sends have to leave the window.
    return recent[excess - 1] + window - now


def _staged(row: WecomStagedInboundRow) -> StagedInbound:
    assert row.id is not None
    return StagedInbound(
        row.id,
        row.message_id,
        row.external_user_id,
        row.payload,
        row.media_id,
        row.media_kind,
        row.file_name,
        row.attempts,
        row.not_before,
    )
