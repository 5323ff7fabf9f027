"""The web console's sign-in links, sessions and signing key (storage/tables/web.py).

Every change is one conditional statement, so two browsers using the same link at once cannot both get in,
and a session ended in one process is ended for all.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select, update

from storage.repositories.base import Repository
from storage.tables.web import WebKeyRow, WebSessionRow, WebSignInRow

LINK_KEY = "sign_in_links"


class WebConsoleRepository(Repository):
    def signing_key(self, make: str, now: datetime) -> str:
        """The stored link-signing key; ``make`` becomes it when there is none yet (the first process to
        store one wins, and every process then reads the same)."""
        self._insert_new(
            WebKeyRow, {"name": LINK_KEY, "secret": make, "created_at": now}, conflict_on=["name"]
        )
        row = self._session.exec(select(WebKeyRow).where(WebKeyRow.name == LINK_KEY)).one()
        return row.secret

    def issue_sign_in(
        self, *, nonce_hash: str, user_id: int, issued_at: datetime, expires_at: datetime
    ) -> None:
        self._session.add(
            WebSignInRow(nonce_hash=nonce_hash, user_id=user_id, issued_at=issued_at, expires_at=expires_at)
        )
        self._session.flush()

    def sign_in_state(self, nonce_hash: str, now: datetime) -> str:
        """``valid``, ``used``, ``expired`` or ``unknown``: what the sign-in page says before the button."""
        row = self._session.exec(select(WebSignInRow).where(WebSignInRow.nonce_hash == nonce_hash)).first()
        if row is None:
            return "unknown"
        if row.used_at is not None:
            return "used"
        return "expired" if row.expires_at <= now else "valid"

    def use_sign_in(self, *, nonce_hash: str, user_id: int, now: datetime) -> int | None:
        """Record the link's use; its id, or None when it is unknown, used, expired or another user's."""
        used = self._session.exec(
            update(WebSignInRow)
            .where(
                col(WebSignInRow.nonce_hash) == nonce_hash,
                col(WebSignInRow.user_id) == user_id,
                col(WebSignInRow.used_at).is_(None),
                col(WebSignInRow.expires_at) > now,
            )
            .values(used_at=now)
            .returning(col(WebSignInRow.id))
            .execution_options(synchronize_session=False)
        ).first()
        return used[0] if used else None

    def start_session(
        self, *, token_hash: str, user_id: int, sign_in_id: int | None, now: datetime, expires_at: datetime
    ) -> None:
        self._session.add(
            WebSessionRow(
                token_hash=token_hash,
                user_id=user_id,
                sign_in_id=sign_in_id,
                created_at=now,
                expires_at=expires_at,
            )
        )
        self._session.flush()

    def session_user(self, token_hash: str, now: datetime) -> int | None:
        """The user of a session that is neither ended nor expired."""
        return self._session.exec(
            select(WebSessionRow.user_id).where(
                WebSessionRow.token_hash == token_hash,
                col(WebSessionRow.ended_at).is_(None),
                col(WebSessionRow.expires_at) > now,
            )
        ).first()

    def end_session(self, token_hash: str, now: datetime) -> bool:
        result = self._session.exec(
            update(WebSessionRow)
            .where(col(WebSessionRow.token_hash) == token_hash, col(WebSessionRow.ended_at).is_(None))
            .values(ended_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1
