"""Users, the chat accounts bound to them, and invites (stored as hashes of their codes)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class UserRow(Table, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    display_name: str = Field(sa_type=sa.String(200))
    role: str = Field(sa_type=sa.String(16), index=True)
    department: str | None = Field(
        default=None, sa_type=sa.String(64), foreign_key="departments.code", index=True
    )
    created_at: datetime = Field(sa_type=UtcDateTime)


class ChannelAccountRow(Table, table=True):
    __tablename__ = "channel_accounts"
    __table_args__ = (sa.UniqueConstraint("channel", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(sa_type=sa.String(32))
    external_id: str = Field(sa_type=sa.String(128))
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


class InviteRow(Table, table=True):
    __tablename__ = "invites"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(sa_type=sa.String(64), unique=True)
    role: str = Field(sa_type=sa.String(16))
    department: str | None = Field(default=None, sa_type=sa.String(64), foreign_key="departments.code")
    created_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    used_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    issued_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
