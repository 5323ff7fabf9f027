"""What the WeCom channel keeps in the database so that every fmbot process shares it.

* ``wecom_session``: wechatpy's session storage (the access_token above all), with the expiry and a
  short refresh lease so that only one process at a time calls gettoken.
* ``wecom_recipients`` and ``wecom_sends``: when each member was last sent to, to stay under WeCom's
  per-member limits (30 a minute, 1,000 an hour) across processes; the recipient row is what a sender
  locks while it counts.
* The parts of outbox messages are in the ledger every channel shares, ``outbox_parts``.
* ``wecom_staged_inbound``: messages acknowledged to WeCom whose file must still be fetched through
  media/get (and any later message of the same member, so that order is kept) before they go into the
  engine's inbox.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class WecomSessionRow(Table, table=True):
    __tablename__ = "wecom_session"

    key: str = Field(primary_key=True, sa_type=sa.String(200))
    value: str = Field(default="", sa_type=sa.Text)
    expires_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    refreshing_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class WecomRecipientRow(Table, table=True):
    __tablename__ = "wecom_recipients"

    external_user_id: str = Field(primary_key=True, sa_type=sa.String(128))


class WecomSendRow(Table, table=True):
    __tablename__ = "wecom_sends"
    __table_args__ = (sa.Index("ix_wecom_sends_recipient_time", "external_user_id", "sent_at"),)

    id: int | None = Field(default=None, primary_key=True)
    external_user_id: str = Field(sa_type=sa.String(128))
    sent_at: datetime = Field(sa_type=UtcDateTime)


class WecomStagedInboundRow(Table, table=True):
    __tablename__ = "wecom_staged_inbound"

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(sa_type=sa.String(200), unique=True)
    external_user_id: str = Field(sa_type=sa.String(128), index=True)
    payload: str = Field(sa_type=sa.Text)  # the Inbound without its file, fm_domain.message_codec JSON
    media_id: str = Field(default="", sa_type=sa.String(512))
    media_kind: str = Field(default="", sa_type=sa.String(16))
    file_name: str = Field(default="", sa_type=sa.String(512))
    staged_at: datetime = Field(sa_type=UtcDateTime)
    attempts: int = Field(default=0)
    not_before: datetime | None = Field(default=None, sa_type=UtcDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    error: str = Field(default="", sa_type=sa.String(200))
