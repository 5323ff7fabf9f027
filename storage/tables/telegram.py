"""What the Telegram channel keeps in the database so that every fmbot process shares it.

* ``telegram_callback_tokens``: inline-button callback data is limited to 64 bytes, so a button carries a
  short token and the payload it stands for is kept here.
* ``telegram_handled_updates``: update_ids already taken in, kept for a day (Telegram resends an update
  for up to a day when it got no answer), so that a restart or a second process does not repeat them.
* The parts of outgoing messages are in the ledger every channel shares, ``outbox_parts``.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class TelegramCallbackTokenRow(Table, table=True):
    __tablename__ = "telegram_callback_tokens"

    token: str = Field(primary_key=True, sa_type=sa.String(32))
    payload: str = Field(sa_type=sa.Text)
    issued_at: datetime = Field(sa_type=UtcDateTime, index=True)


class TelegramHandledUpdateRow(Table, table=True):
    __tablename__ = "telegram_handled_updates"

    bot_id: int = Field(primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False})
    update_id: int = Field(primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False})
    handled_at: datetime = Field(sa_type=UtcDateTime, index=True)
