"""``fmbot visit add`` and ``fmbot visit list``: a visit recorded from the command line with its files, the
finding it concerns confirmed by its conclusion and the department's liaison told through the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.catalog_files import load_sample_catalog
from fm_domain.records import FindingKind, FindingStatus
from fm_domain.users import Role
from storage import Database
from tests.cli_runner import Outcome, in_process

START = datetime(2026, 3, 2, tzinfo=UTC)


@pytest.fixture
def fmbot(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Outcome]:
    for variable in ("FM_CONFIG", "FM_HOLIDAYS_FILE", "FM_TIMEZONE", "FM_REPORTING_TASKS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("FM_DATABASE_URL", database_url)

    run = in_process(capsys)

    return run


@pytest.fixture
def finding(database: Database) -> int:
    with database.unit_of_work() as uow:
        for department in load_sample_catalog():
            uow.catalog.save_revision(department, "sample_catalog.yaml", START)
        liaison = uow.users.create("李敏", Role.LIAISON, "jiaoyu", START)
        uow.users.bind_account(liaison.id, "console", "li", START)
        number = uow.findings.add(
            department="jiaoyu",
            submission_id=None,
            item="开展托育机构备案登记",
            kind=FindingKind.OUT_OF_SCOPE,
            detail="",
            created_at=START,
        )
        uow.commit()
    return number


def test_a_visit_recorded_from_the_command_line_confirms_its_finding_and_tells_the_department(
    fmbot: Callable[..., Outcome], database: Database, finding: int, tmp_path: Path
) -> None:
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    outcome = fmbot(
        "visit", "add", "--department", "jiaoyu", "--date", "2026-03-01", "--kind", "site",
        "--place", "市托育服务中心", "--people", "周静", "--notes", "现场查看备案台账",
        "--finding", str(finding), "--file", str(photo), "--outcome", "confirm", "--conclusion", "台账属实",
    )  # fmt: skip
    assert outcome.code == 0, outcome.err
    assert "已记录走访 #1（教育局，涉及发现 #1）" in outcome.out and f"已确认发现 #{finding}" in outcome.out
    with database.unit_of_work() as uow:
        confirmed = uow.findings.get(finding)
        (visit,) = uow.visits.of_department("jiaoyu")
        (kept,) = uow.visits.files(visit.id)
        steps = [step.to_status for step in uow.findings.history(finding)]
    assert confirmed is not None and confirmed.status is FindingStatus.CONFIRMED
    assert confirmed.reason == "走访 #1：台账属实" and confirmed.decided_by is None
    assert steps == [FindingStatus.UNDER_VISIT, FindingStatus.CONFIRMED]
    assert (kept.name, kept.content, kept.mime_type) == ("现场.jpg", b"\xff\xd8\xff photo", "image/jpeg")
    with database.engine.connect() as connection:
        told = (
            connection.execute(text("SELECT payload FROM outbox_messages WHERE external_user_id = 'li'"))
            .scalars()
            .all()
        )
    assert len(told) == 1 and "台账属实" in told[0]
    listing = fmbot("visit", "list", "--department", "jiaoyu").out
    assert (
        "走访 #1 2026-03-01 现场查看，市托育服务中心：现场查看备案台账" in listing
        and "附件：现场.jpg" in listing
    )


def test_a_visit_naming_another_departments_finding_records_nothing(
    fmbot: Callable[..., Outcome], database: Database, finding: int
) -> None:
    outcome = fmbot(
        "visit",
        "add",
        "--department",
        "minzheng",
        "--date",
        "2026-03-01",
        "--notes",
        "座谈",
        "--finding",
        str(finding),
    )
    assert outcome.code == 2 and "不是民政局待处理或已确认的发现" in outcome.err
    with database.unit_of_work() as uow:
        assert uow.visits.of_department("minzheng") == []
    assert (
        "需写明结论"
        not in fmbot("visit", "add", "--department", "jiaoyu", "--date", "3月1日", "--notes", "x").err
    )
