"""Invites: issued as plain codes, stored as hashes, redeemed at most once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select, update

from fm_domain.users import (
    Invite,
    Role,
    check_assignment,
    invite_code_hash,
    is_well_formed_invite_code,
    new_invite_code,
)
from storage.repositories.base import Repository
from storage.tables.users import InviteRow


class InviteRepository(Repository):
    def issue(
        self,
        role: Role,
        department: str | None,
        expires_at: datetime,
        now: datetime,
        issued_by: int | None = None,
    ) -> str:
        """Store a new invite and return its plain code: the only time the code exists in clear."""
        check_assignment(role, department)
        code = new_invite_code()
        self._session.add(
            InviteRow(
                code_hash=invite_code_hash(code),
                role=role.value,
                department=department,
                created_at=now,
                expires_at=expires_at,
                issued_by=issued_by,
            )
        )
        self._session.flush()
        return code

    def redeem(self, code: str, now: datetime, used_by: int | None = None) -> Invite | None:
        """Mark the invite used and return it; None when the code is unknown, used or expired.

        One conditional UPDATE does check and mark together, so of two concurrent redemptions exactly one
        succeeds (PostgreSQL re-checks the condition after waiting for the row lock; SQLite has one
        writer at a time). The caller does not learn which of the three reasons applied, and should
        not tell the user either.
        """
        if not is_well_formed_invite_code(code):
            return None
        code_hash = invite_code_hash(code)
        result = self._session.exec(
            update(InviteRow)
            .where(
                col(InviteRow.code_hash) == code_hash,
                col(InviteRow.used_at).is_(None),
                col(InviteRow.expires_at) > now,
            )
            .values(used_at=now, used_by=used_by)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return None
        row = self._session.exec(
            select(InviteRow)
            .where(InviteRow.code_hash == code_hash)
            .execution_options(populate_existing=True)
        ).one()
        return _invite(row)

    def record_redeemer(self, invite_id: int, user_id: int) -> None:
        """Note who redeemed an invite, when the user was created only after redeeming it."""
        self._session.exec(
            update(InviteRow)
            .where(col(InviteRow.id) == invite_id)
            .values(used_by=user_id)
            .execution_options(synchronize_session=False)
        )


def _invite(row: InviteRow) -> Invite:
    assert row.id is not None
    return Invite(
        id=row.id,
        role=Role(row.role),
        department=row.department,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        used_by=row.used_by,
        issued_by=row.issued_by,
    )
