"""The web console's sign-in: one-time links (each use recorded), the sessions they start, and the key the
links are signed with when FM_WEB_SECRET does not give one (shared by every process on the database).

Only hashes of link nonces and session ids are stored: a copy of the database opens no session.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class WebSignInRow(Table, table=True):
    """A sign-in link issued by /登录: valid until ``expires_at``, used at most once (``used_at``)."""

    __tablename__ = "web_sign_ins"

    id: int | None = Field(default=None, primary_key=True)
    nonce_hash: str = Field(sa_type=sa.String(64), unique=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    issued_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class WebSessionRow(Table, table=True):
    """A signed-in browser: the cookie holds the id, the table its hash; sign-out sets ``ended_at``."""

    __tablename__ = "web_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=sa.String(64), unique=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    sign_in_id: int | None = Field(default=None, foreign_key="web_sign_ins.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class WebKeyRow(Table, table=True):
    """A secret made once and kept (the link-signing key when FM_WEB_SECRET is not set)."""

    __tablename__ = "web_keys"

    name: str = Field(primary_key=True, sa_type=sa.String(32))
    secret: str = Field(sa_type=sa.String(128))
    created_at: datetime = Field(sa_type=UtcDateTime)
