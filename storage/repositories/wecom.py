"""The WeCom channel's shared state: session storage with a refresh lease, per-member send counts, and
messages staged until their file is fetched. See ``storage.tables.wecom`` for why each exists.

Every method works inside the unit of work's transaction; the caller commits.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import insert
from sqlmodel import col, delete, select, update

from storage.repositories.base import Repository, chunks
from storage.tables.conversations import OutboxMessageRow
from storage.tables.wecom import (
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

    def warm_up(self, now: datetime) -> None:
        """Run the access_token's statements and the broadcast's allowance check once, on a key no token
        has ("") and a broadcast that does not exist (0): see ``UnitOfWork.warm_up``."""
        self.session_get("", now)
        self.take_refresh_lease("", now, now)
        self.session_set("", "", None, now)
        self.broadcast_waits(0, now, ((timedelta(hours=1), 1),))

    # --- per-member send limits -----------------------------------------------------------------------

    def reserve_sends(
        self, external_user_id: str, count: int, now: datetime, limits: Sequence[tuple[timedelta, int]]
    ) -> timedelta | None:
        """Reserve ``count`` sends to this member now: None, or how long to wait before they would fit."""
        return self.reserve_sends_to({external_user_id: count}, now, limits).get(external_user_id)

    def reserve_sends_to(
        self, counts: Mapping[str, int], now: datetime, limits: Sequence[tuple[timedelta, int]]
    ) -> dict[str, timedelta]:
        """Reserve ``counts[member]`` sends to each member now, keeping at most ``limit`` in any ``window``;
        the members that do not fit, with how long to wait before they would. The others are reserved.

        The members' rows are locked (PostgreSQL ``FOR UPDATE``, in one order so that two senders never
        deadlock; SQLite has one writer), so two processes counting at once cannot both take a last slot.
        A notice to a thousand members is a few statements, not a few per member.
        """
        members = sorted(counts)
        if members:
            # A list of parameter sets: one statement executed for all (insertmanyvalues), compiled once.
            # On the connection, not the session: the ORM's bulk path costs more than the database for a
            # thousand rows.
            self._session.connection().execute(
                self._dialect_insert(WecomRecipientRow).on_conflict_do_nothing(),
                [{"external_user_id": member} for member in members],
            )
        for chunk in chunks(members):
            self._session.exec(
                select(WecomRecipientRow.external_user_id)
                .where(col(WecomRecipientRow.external_user_id).in_(chunk))
                .order_by(col(WecomRecipientRow.external_user_id))
                .with_for_update()
            ).all()
        waits = self.waits_for(counts, now, limits)
        longest = max(window for window, _ in limits)
        self.count_sends({m: n for m, n in counts.items() if m not in waits}, now, kept=longest)
        return waits

    def waits_for(
        self, counts: Mapping[str, int], now: datetime, limits: Sequence[tuple[timedelta, int]]
    ) -> dict[str, timedelta]:
        """The members to whom ``counts[member]`` more sends now would go beyond a ``limit`` in its
        ``window``, with how long to wait before they would fit. Reads only: the caller counts the sends
        (``count_sends``) once they are made."""
        members = sorted(counts)
        longest = max(window for window, _ in limits)
        times: dict[str, list[datetime]] = {member: [] for member in members}
        for chunk in chunks(members):
            rows = self._session.connection().execute(
                select(WecomSendRow.external_user_id, WecomSendRow.sent_at)
                .where(
                    col(WecomSendRow.external_user_id).in_(chunk), col(WecomSendRow.sent_at) > now - longest
                )
                .order_by(col(WecomSendRow.sent_at))
            )
            for member, sent_at in rows:
                times[member].append(sent_at)
        waits: dict[str, timedelta] = {}
        for member in members:
            wait = max(_wait_for(times[member], counts[member], now, w, n) for w, n in limits)
            if wait > timedelta():
                waits[member] = wait
        return waits

    def broadcast_waits(
        self, broadcast_id: int, now: datetime, limits: Sequence[tuple[timedelta, int]]
    ) -> dict[str, timedelta]:
        """``waits_for`` one more send to each member the broadcast still holds, in one statement however
        many they are: the members are read by the broadcast, not bound as a list, and only those with
        recent sends are looked at."""
        longest = max(window for window, _ in limits)
        # Its members are pending rows that name it (see storage.repositories.outbox_broadcasts).
        members = select(OutboxMessageRow.external_user_id).where(
            col(OutboxMessageRow.broadcast_id) == broadcast_id
        )
        rows = self._connection().execute(
            select(WecomSendRow.external_user_id, WecomSendRow.sent_at)
            .where(
                col(WecomSendRow.external_user_id).in_(members.scalar_subquery()),
                col(WecomSendRow.sent_at) > now - longest,
            )
            .order_by(col(WecomSendRow.sent_at))
        )
        times: dict[str, list[datetime]] = {}
        for member, sent_at in rows:
            times.setdefault(member, []).append(sent_at)
        waits: dict[str, timedelta] = {}
        for member, sent in times.items():
            wait = max(_wait_for(sent, 1, now, w, n) for w, n in limits)
            if wait > timedelta():
                waits[member] = wait
        return waits

    def count_sends(self, counts: Mapping[str, int], now: datetime, *, kept: timedelta) -> None:
        """Count ``counts[member]`` sends to each member at ``now``, and forget these members' sends older
        than ``kept`` (the longest window)."""
        members = sorted(counts)
        for chunk in chunks(members):
            self._session.exec(
                delete(WecomSendRow).where(
                    col(WecomSendRow.external_user_id).in_(chunk), col(WecomSendRow.sent_at) <= now - kept
                )
            )
        sends = [{"external_user_id": m, "sent_at": now} for m in members for _ in range(counts[m])]
        if sends:
            self._session.connection().execute(insert(WecomSendRow), sends)

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
