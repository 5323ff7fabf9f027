"""Users and their chat accounts."""

from __future__ import annotations

from datetime import datetime

import pytest

from fm_domain.models import Department
from fm_domain.users import InviteError, Role
from storage import Database


def test_a_bound_account_finds_its_user(
    database: Database, imported_department: Department, now: datetime
) -> None:
    with database.unit_of_work() as uow:
        user = uow.users.create("王芳", Role.LIAISON, "minzheng", now)
        uow.users.bind_account(user.id, "telegram", "1001", now)
        uow.commit()

    with database.unit_of_work() as uow:
        assert uow.users.by_account("telegram", "1001") == user
        assert uow.users.by_account("wecom", "1001") is None


def test_a_user_may_have_accounts_on_several_channels(uow, now: datetime) -> None:
    user = uow.users.create("李强", Role.STAFF, None, now)
    uow.users.bind_account(user.id, "telegram", "2002", now)
    uow.users.bind_account(user.id, "wecom", "liqiang", now)

    assert uow.users.by_account("wecom", "liqiang") == user
    assert uow.users.accounts(user.id) == [("telegram", "2002"), ("wecom", "liqiang")]


def test_binding_an_account_again_moves_it_to_the_new_user(uow, now: datetime) -> None:
    old = uow.users.create("李强", Role.STAFF, None, now)
    new = uow.users.create("李强", Role.ADMIN, None, now)
    uow.users.bind_account(old.id, "console", "liqiang", now)

    uow.users.bind_account(new.id, "console", "liqiang", now)

    assert uow.users.by_account("console", "liqiang") == new


def test_liaisons_of_a_department_are_its_liaisons_only(
    uow, imported_department: Department, now: datetime
) -> None:
    liaison = uow.users.create("王芳", Role.LIAISON, "minzheng", now)
    uow.users.create("赵敏", Role.LEADER, "minzheng", now)
    uow.users.create("李强", Role.STAFF, None, now)

    assert uow.users.liaisons_of("minzheng") == [liaison]


def test_staff_lists_users_with_the_staff_role(uow, now: datetime) -> None:
    staff = uow.users.create("李强", Role.STAFF, None, now)
    admin = uow.users.create("周杰", Role.ADMIN, None, now)

    assert uow.users.staff() == [staff]
    assert uow.users.with_roles(Role.STAFF, Role.ADMIN) == [staff, admin]


def test_a_liaison_without_a_department_is_refused(uow, now: datetime) -> None:
    with pytest.raises(InviteError, match="联络员必须指定所属部门"):
        uow.users.create("王芳", Role.LIAISON, None, now)
