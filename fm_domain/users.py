"""Users, roles and the invite policy: who may use fmbot, and how a chat account is let in.

An invite code is the only way in: `fmbot invite` (or staff in chat) issues one for a role and, for a
liaison, a department; the person sends it from a chat account, which binds that account to a new user.
Codes are random, short enough to type from a phone and free of look-alike characters; only their hash is
ever stored.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Role(StrEnum):
    """What a user may do: liaisons act for one department, the office's people for all."""

    LIAISON = "liaison"  # 部门联络员
    STAFF = "staff"  # 编办工作人员
    LEADER = "leader"  # 领导
    ADMIN = "admin"  # 管理员

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.LIAISON: "联络员",
    Role.STAFF: "编办工作人员",
    Role.LEADER: "领导",
    Role.ADMIN: "管理员",
}

# No 0/O, 1/I/L: codes are read off one screen and typed on another.
INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_CODE_LENGTH = 10
DEFAULT_INVITE_DAYS = 7
MAX_INVITE_DAYS = 90


class InviteError(ValueError):
    """An invite that policy does not allow; the message is Chinese and reaches the user as it is."""


@dataclass(frozen=True)
class User:
    id: int
    display_name: str
    role: Role
    department: str | None
    created_at: datetime


@dataclass(frozen=True)
class Recipient:
    """A user and one chat account they are bound on: where a message to them goes."""

    user_id: int
    display_name: str
    role: str
    department: str | None
    channel: str
    external_id: str


@dataclass(frozen=True)
class Invite:
    """An issued invite code (the code itself is never kept, only its hash)."""

    id: int
    role: Role
    department: str | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: int | None = None
    issued_by: int | None = None


def check_assignment(role: Role, department: str | None) -> None:
    """A liaison acts for exactly one department; the other roles may name one or none."""
    if role is Role.LIAISON and not department:
        raise InviteError("联络员必须指定所属部门。")


def invite_expiry(now: datetime, days: int = DEFAULT_INVITE_DAYS) -> datetime:
    """When an invite issued at ``now`` stops working; ``days`` must be between 1 and MAX_INVITE_DAYS."""
    if now.tzinfo is None:
        raise ValueError("invite times must be timezone-aware")
    if not 1 <= days <= MAX_INVITE_DAYS:
        raise InviteError(f"邀请码有效天数应在 1 到 {MAX_INVITE_DAYS} 天之间，实际为 {days}。")
    return now + timedelta(days=days)


def new_invite_code() -> str:
    """A fresh random code: INVITE_CODE_LENGTH characters of INVITE_ALPHABET (about 49 bits)."""
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_CODE_LENGTH))


def normalise_invite_code(text: str) -> str:
    """The canonical form of a typed code: full-width input folded (Chinese IMEs), case, spaces and
    dashes ignored."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in folded if not ch.isspace() and ch != "-")


def is_well_formed_invite_code(text: str) -> bool:
    code = normalise_invite_code(text)
    return len(code) == INVITE_CODE_LENGTH and all(ch in INVITE_ALPHABET for ch in code)


def invite_code_hash(text: str) -> str:
    """What is stored and looked up instead of the code: sha256 of the normalised code, hex."""
    return hashlib.sha256(normalise_invite_code(text).encode("utf-8")).hexdigest()
