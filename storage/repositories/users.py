"""Users and the chat accounts bound to them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam
from sqlalchemy import select as core_select
from sqlmodel import col, select

from fm_domain.users import Recipient, Role, User, check_assignment
from storage.repositories.base import Repository
from storage.tables.users import ChannelAccountRow, UserRow

_USERS = UserRow.__table__  # type: ignore[attr-defined]
_ACCOUNTS = ChannelAccountRow.__table__  # type: ignore[attr-defined]
# Every turn begins here (see ``Repository._run``).
_BY_ACCOUNT = (
    core_select(_USERS)
    .join(_ACCOUNTS, _ACCOUNTS.c.user_id == _USERS.c.id)
    .where(_ACCOUNTS.c.channel == bindparam("channel"), _ACCOUNTS.c.external_id == bindparam("external_id"))
)


class UserRepository(Repository):
    def get(self, user_id: int) -> User | None:
        row = self._session.get(UserRow, user_id)
        return _user(row) if row else None

    def by_account(self, channel: str, external_id: str) -> User | None:
        """The user a chat account is bound to, if any."""
        self._transaction.flush()  # an account bound earlier in this transaction counts
        row = self._run(_BY_ACCOUNT, {"channel": channel, "external_id": external_id}).first()
        return _user(row) if row else None

    def create(self, display_name: str, role: Role, department: str | None, now: datetime) -> User:
        """A new user; a liaison must name a department (which must exist in the catalog)."""
        check_assignment(role, department)
        row = UserRow(display_name=display_name, role=role.value, department=department, created_at=now)
        self._session.add(row)
        self._session.flush()
        return _user(row)

    def recipients(self, roles: Iterable[Role]) -> list[Recipient]:
        """Every bound account of the users with these roles, by user then account age: one query, where
        asking per user would take one per user every minute."""
        rows = self._session.exec(
            select(UserRow, ChannelAccountRow)
            .join(ChannelAccountRow, col(ChannelAccountRow.user_id) == col(UserRow.id))
            .where(col(UserRow.role).in_([role.value for role in roles]))
            .order_by(col(UserRow.id), col(ChannelAccountRow.id))
        ).all()
        return [_recipient(user, account) for user, account in rows]

    def recipient(self, channel: str, external_id: str) -> Recipient | None:
        """The user a chat account belongs to, if it is bound."""
        row = self._session.exec(
            select(UserRow, ChannelAccountRow)
            .join(ChannelAccountRow, col(ChannelAccountRow.user_id) == col(UserRow.id))
            .where(ChannelAccountRow.channel == channel, ChannelAccountRow.external_id == external_id)
        ).first()
        return _recipient(*row) if row else None

    def rename(self, user_id: int, display_name: str) -> User:
        """The name the office sees in submissions and notices; a user gives it after binding."""
        row = self._session.get(UserRow, user_id)
        if row is None:
            raise LookupError(f"no user {user_id}")
        row.display_name = display_name
        self._session.add(row)
        self._session.flush()
        return _user(row)

    def bind_account(self, user_id: int, channel: str, external_id: str, now: datetime) -> None:
        """Bind a chat account to a user. An account bound to someone else moves to this user: one chat
        account speaks for one user, while a user may have accounts on several channels."""
        row = self._session.exec(
            select(ChannelAccountRow).where(
                ChannelAccountRow.channel == channel, ChannelAccountRow.external_id == external_id
            )
        ).first()
        if row is None:
            row = ChannelAccountRow(channel=channel, external_id=external_id, user_id=user_id, created_at=now)
        else:
            row.user_id = user_id
        self._session.add(row)
        self._session.flush()

    def accounts(self, user_id: int) -> list[tuple[str, str]]:
        """The (channel, external_id) pairs bound to a user, oldest first: where to reach them."""
        rows = self._session.exec(
            select(ChannelAccountRow)
            .where(ChannelAccountRow.user_id == user_id)
            .order_by(col(ChannelAccountRow.id))
        ).all()
        return [(row.channel, row.external_id) for row in rows]

    def liaisons_of(self, department: str) -> list[User]:
        return self._where(col(UserRow.role) == Role.LIAISON.value, col(UserRow.department) == department)

    def staff(self) -> list[User]:
        """Users with the staff role (not admins or leaders: use with_roles for those)."""
        return self.with_roles(Role.STAFF)

    def with_roles(self, *roles: Role) -> list[User]:
        return self._where(col(UserRow.role).in_([role.value for role in roles]))

    def _where(self, *conditions: object) -> list[User]:
        rows = self._session.exec(select(UserRow).where(*conditions).order_by(col(UserRow.id))).all()
        return [_user(row) for row in rows]


def _user(row: UserRow | Row[Any]) -> User:
    assert row.id is not None
    return User(
        id=row.id,
        display_name=row.display_name,
        role=Role(row.role),
        department=row.department,
        created_at=row.created_at,
    )


def _recipient(user: UserRow, account: ChannelAccountRow) -> Recipient:
    assert user.id is not None
    return Recipient(
        user_id=user.id,
        display_name=user.display_name,
        role=user.role,
        department=user.department,
        channel=account.channel,
        external_id=account.external_id,
    )
