"""Invites: stored hashed, single-use, expiring, and safe against concurrent redemption."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import text

from fm_domain.models import Department
from fm_domain.users import Role, invite_expiry
from storage import Database
from storage.tables.users import InviteRow


def _issue(database: Database, now: datetime, role: Role = Role.STAFF, department: str | None = None) -> str:
    with database.unit_of_work() as uow:
        code = uow.invites.issue(role, department, invite_expiry(now, 7), now)
        uow.commit()
    return code


def test_the_plain_code_is_not_stored(database: Database, now: datetime) -> None:
    code = _issue(database, now)

    with database.engine.connect() as connection:
        rows = connection.execute(text(f"SELECT * FROM {InviteRow.__tablename__}")).all()
    assert len(rows) == 1
    assert not any(code in str(value) for value in rows[0])


def test_an_invite_redeems_once_with_its_role_and_department(
    database: Database, imported_department: Department, now: datetime
) -> None:
    code = _issue(database, now, Role.LIAISON, "minzheng")

    with database.unit_of_work() as uow:
        invite = uow.invites.redeem(code, now + timedelta(hours=1))
        uow.commit()
    with database.unit_of_work() as uow:
        again = uow.invites.redeem(code, now + timedelta(hours=2))

    assert invite is not None
    assert (invite.role, invite.department, invite.used_at) == (
        Role.LIAISON,
        "minzheng",
        now + timedelta(hours=1),
    )
    assert again is None


def test_a_code_typed_in_lower_case_with_spaces_still_redeems(database: Database, now: datetime) -> None:
    code = _issue(database, now)

    with database.unit_of_work() as uow:
        assert uow.invites.redeem(f" {code[:5].lower()} {code[5:].lower()} ", now) is not None


def test_an_expired_invite_does_not_redeem(database: Database, now: datetime) -> None:
    code = _issue(database, now)

    with database.unit_of_work() as uow:
        assert uow.invites.redeem(code, now + timedelta(days=7)) is None


def test_an_unknown_or_malformed_code_does_not_redeem(database: Database, now: datetime) -> None:
    _issue(database, now)

    with database.unit_of_work() as uow:
        assert uow.invites.redeem("ABCDEFGHJK", now) is None
        assert uow.invites.redeem("不是邀请码", now) is None


def test_a_redemption_that_is_rolled_back_leaves_the_invite_usable(database: Database, now: datetime) -> None:
    code = _issue(database, now)
    with database.unit_of_work() as uow:
        assert uow.invites.redeem(code, now) is not None

    with database.unit_of_work() as uow:
        assert uow.invites.redeem(code, now) is not None


def test_the_redeemer_can_be_recorded_after_the_user_is_created(database: Database, now: datetime) -> None:
    code = _issue(database, now)
    with database.unit_of_work() as uow:
        invite = uow.invites.redeem(code, now)
        assert invite is not None
        user = uow.users.create("李强", invite.role, invite.department, now)
        uow.invites.record_redeemer(invite.id, user.id)
        uow.commit()

    with database.engine.connect() as connection:
        used_by = connection.execute(text("SELECT used_by FROM invites")).scalar()
    assert used_by == user.id


def test_of_many_concurrent_redemptions_of_one_code_exactly_one_succeeds(
    database: Database, now: datetime
) -> None:
    code = _issue(database, now)
    contenders = 6
    start = threading.Barrier(contenders)
    results: list[object] = []
    errors: list[BaseException] = []

    def redeem() -> None:
        try:
            with database.unit_of_work() as uow:
                start.wait()
                results.append(uow.invites.redeem(code, now))
                uow.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=redeem) for _ in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(result is not None for result in results) == 1


def test_a_redemption_racing_an_uncommitted_one_waits_and_then_fails(
    database: Database, now: datetime
) -> None:
    code = _issue(database, now)
    second: list[object] = []
    started = threading.Event()

    def redeem_second() -> None:
        with database.unit_of_work() as uow:
            started.set()
            second.append(uow.invites.redeem(code, now))
            uow.commit()

    with database.unit_of_work() as uow:
        first = uow.invites.redeem(code, now)
        racer = threading.Thread(target=redeem_second)
        racer.start()
        started.wait()
        _wait_until_blocked(database)
        uow.commit()
    racer.join()

    assert first is not None
    assert second == [None]


def _wait_until_blocked(database: Database) -> None:
    """Return once the other connection is waiting for our lock (PostgreSQL: visible in pg_stat_activity;
    SQLite: its BEGIN IMMEDIATE sits in the busy handler, which nothing reports, so give it a moment)."""
    if database.is_sqlite:
        time.sleep(0.2)
        return
    deadline = time.monotonic() + 10
    with database.engine.connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND query ILIKE '%invites%'"
                )
            ).scalar()
            connection.rollback()
            if waiting:
                return
            time.sleep(0.01)
    raise AssertionError("the second redemption never waited for the first")
