"""The Telegram channel's shared records: button tokens and handled update_ids."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import SQLModel, col, delete

from storage.repositories.base import Repository
from storage.tables.telegram import TelegramCallbackTokenRow, TelegramHandledUpdateRow

TOKEN_LENGTH = 16  # base64url characters: 96 bits, far inside Telegram's 64-byte callback_data


def callback_token(payload: str) -> str:
    """The token that stands for ``payload``: derived from it, so issuing twice gives the same token and
    re-sending a message after a failure shows the same buttons."""
    digest = hashlib.sha256(payload.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:TOKEN_LENGTH]


class TelegramRepository(Repository):
    # --- button tokens -------------------------------------------------------------------------------

    def issue_tokens(self, payloads: Iterable[str], now: datetime) -> dict[str, str]:
        """Token for each payload (stored, or refreshed so that an often used one is not purged)."""
        tokens: dict[str, str] = {}
        for payload in payloads:
            token = callback_token(payload)
            tokens[payload] = token
            self._upsert(
                TelegramCallbackTokenRow,
                {"token": token, "payload": payload, "issued_at": now},
                key=("token",),
                refresh={"issued_at": now},
            )
        return tokens

    def payload_for(self, token: str) -> str | None:
        row = self._session.get(TelegramCallbackTokenRow, token)
        return row.payload if row else None

    def forget_tokens_issued_before(self, cutoff: datetime) -> int:
        result = self._session.exec(
            delete(TelegramCallbackTokenRow).where(col(TelegramCallbackTokenRow.issued_at) < cutoff)
        )
        return int(result.rowcount or 0)

    # --- handled updates -----------------------------------------------------------------------------

    def is_update_handled(self, bot_id: int, update_id: int) -> bool:
        return self._session.get(TelegramHandledUpdateRow, (bot_id, update_id)) is not None

    def mark_update_handled(self, bot_id: int, update_id: int, now: datetime) -> None:
        self._upsert(
            TelegramHandledUpdateRow,
            {"bot_id": bot_id, "update_id": update_id, "handled_at": now},
            key=("bot_id", "update_id"),
        )

    def forget_updates_handled_before(self, cutoff: datetime) -> int:
        result = self._session.exec(
            delete(TelegramHandledUpdateRow).where(col(TelegramHandledUpdateRow.handled_at) < cutoff)
        )
        return int(result.rowcount or 0)

    # --- helpers -------------------------------------------------------------------------------------

    def _upsert(
        self,
        table: type[SQLModel],
        values: dict[str, Any],
        *,
        key: tuple[str, ...],
        refresh: dict[str, Any] | None = None,
    ) -> bool:
        """Insert the row, or (when it exists) update ``refresh`` on it; True when a row was written.

        One statement, so two processes inserting the same key never fail on the unique constraint."""
        if refresh:
            statement = (
                self._dialect_insert(table)
                .values(**values)
                .on_conflict_do_update(index_elements=list(key), set_=refresh)
            )
        else:
            statement = self._insert_or_ignore(table, values, conflict_on=key)
        # RETURNING rather than rowcount: psycopg reports -1 rows for INSERT ... ON CONFLICT.
        inserted = self._session.exec(statement.returning(*(getattr(table, name) for name in key)))
        return inserted.first() is not None
