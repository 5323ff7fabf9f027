"""``fmbot invite`` and ``fmbot db upgrade`` against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from bot.cli import main
from fm_domain.models import Department
from fm_domain.users import Role, is_well_formed_invite_code
from storage import Database
from storage.migrations import head_revision
from tests.cli_runner import Fmbot, in_process

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # when these tests import a catalog


@pytest.fixture
def fmbot(database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Fmbot:
    monkeypatch.setenv("FM_DATABASE_URL", database_url)

    run = in_process(capsys)

    return run


@pytest.fixture
def with_minzheng(database: Database) -> None:
    with database.unit_of_work() as uow:
        uow.catalog.save_revision(
            Department(code="minzheng", name="南通市民政局", short="民政局"), "test", NOW
        )
        uow.commit()


def _invites(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM invites").scalar_one()


def test_invite_prints_the_code_alone_on_its_last_line_and_the_code_redeems(
    fmbot: Fmbot, database: Database, with_minzheng: None
) -> None:
    outcome = fmbot("invite", "--role", "liaison", "--department", "minzheng", "--days", "3")

    assert outcome.code == 0
    code = outcome.out.rstrip("\n").splitlines()[-1]
    assert is_well_formed_invite_code(code) and code == code.strip()
    with database.unit_of_work() as uow:
        invite = uow.invites.redeem(code, datetime.now(UTC))
    assert invite is not None
    assert (invite.role, invite.department) == (Role.LIAISON, "minzheng")


def test_the_invite_code_never_reaches_the_log(
    fmbot: Fmbot, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        outcome = fmbot("invite", "--role", "admin")

    code = outcome.out.splitlines()[-1]
    assert outcome.code == 0
    assert code not in caplog.text


def test_a_liaison_invite_without_a_department_is_refused_and_nothing_is_written(
    fmbot: Fmbot, database: Database
) -> None:
    outcome = fmbot("invite", "--role", "liaison")

    assert outcome.code == 2
    assert "联络员必须指定所属部门" in outcome.err
    assert _invites(database) == 0


def test_an_invite_for_a_department_missing_from_the_catalog_is_refused(
    fmbot: Fmbot, database: Database, with_minzheng: None
) -> None:
    outcome = fmbot("invite", "--role", "liaison", "--department", "jiaoyu")

    assert outcome.code == 2
    assert "jiaoyu 不在职责目录中" in outcome.err
    assert _invites(database) == 0


def test_an_invite_valid_for_zero_days_is_refused(fmbot: Fmbot, database: Database) -> None:
    outcome = fmbot("invite", "--role", "staff", "--days", "0")

    assert outcome.code == 2
    assert "有效天数" in outcome.err


def test_db_upgrade_migrates_an_empty_database_and_may_run_again(
    empty_database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FM_DATABASE_URL", empty_database.url.render_as_string(hide_password=False))

    codes = (main(["db", "upgrade"]), main(["db", "upgrade"]))

    assert codes == (0, 0)
    assert empty_database.revision() == head_revision()
    assert "最新版本" in capsys.readouterr().out


def test_an_unreachable_database_is_reported_naming_the_variable_without_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 1 on 127.0.0.1: refused at once, and never a host beyond this machine.
    monkeypatch.setenv("FM_DATABASE_URL", "postgresql+psycopg://fm:s3cret@127.0.0.1:1/fmbot")

    code = main(["db", "upgrade"])

    err = capsys.readouterr().err
    assert code == 2
    assert "FM_DATABASE_URL" in err
    assert "s3cret" not in err
