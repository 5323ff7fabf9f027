"""``outbox_parts``: the part ledger of every channel.

A message of the outbox may go out as several platform messages (text in chunks, then a file). Each part is
claimed here before its API call (``sending``) and completed after it (``sent`` with the platform's message
id, or ``uncertain`` when the call may or may not have gone through), so that a retry, by this process or
another, sends only the parts that certainly did not go out. Outbox ids are unique across channels, so one
table serves them all; ``chat`` is where a channel that needs it (Telegram) sent the part, and ``call_id``
names the API call that carried it (WeCom: one call carries a part to many members), so that a call left
in doubt can be made again as the very same request.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class OutboxPartRow(Table, table=True):
    __tablename__ = "outbox_parts"

    outbox_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    part: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    state: str = Field(sa_type=sa.String(16))  # sending | sent | uncertain
    platform_message_id: str = Field(default="", sa_type=sa.String(128))
    chat: str | None = Field(default=None, sa_type=sa.String(128))
    call_id: int | None = Field(default=None, sa_type=sa.BigInteger, index=True)
    updated_at: datetime = Field(sa_type=UtcDateTime, index=True)
