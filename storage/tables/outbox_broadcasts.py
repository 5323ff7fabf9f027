"""``outbox_broadcasts`` and ``outbox_calls``: one message of identical content to many members, claimed and
sent as one, with one ledger row per platform call.

A broadcast (a nudge or a digest to many WeCom members) is queued as one ``outbox_broadcasts`` row and a
member row each in ``outbox_messages`` that names it (``broadcast_id``). The member rows keep each member's
order (a later message to a member waits behind its member row, as behind any unsettled message), and each
member's own fate. While a member row names its broadcast, only the broadcast's claim sends it; a member
the broadcast cannot take (an earlier message of theirs still waits, over their allowance, a call that
failed) is detached (``broadcast_id`` cleared) and goes the regular way.

``outbox_calls`` holds each call of a broadcast from just before it is made until its outcome is written
to the part ledger (``outbox_parts``) for each member: whom it carried, in order, so a call whose process
died in between is made again as the very same request (see ``storage.repositories.outbox_broadcasts``).
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class OutboxBroadcastRow(Table, table=True):
    __tablename__ = "outbox_broadcasts"
    __table_args__ = (sa.Index("ix_outbox_broadcasts_channel_status", "channel", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(sa_type=sa.String(32))
    kind: str = Field(sa_type=sa.String(32))
    payload: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    status: str = Field(default="pending", sa_type=sa.String(16))  # pending | claimed | done
    claimed_by: str | None = Field(default=None, sa_type=sa.String(128))
    claimed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class OutboxCallRow(Table, table=True):
    __tablename__ = "outbox_calls"

    call_id: int = Field(primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False})
    broadcast_id: int = Field(index=True)
    part: int
    # JSON: [[outbox id, member], ...] in the call's order (by outbox id), the request's ``touser``.
    recipients: str = Field(sa_type=sa.Text)
    began_at: datetime = Field(sa_type=UtcDateTime)
