"""``fmbot nudges --now … [--json] [--dry-run]`` against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from storage import Database
from tests.cli_runner import Fmbot, in_process
from tests.nudges.world import CHANNEL, JIAOYU, MINZHENG, Office, replace_tasks
from tests.standing_tasks import standing_tasks

MONTHLY = replace(standing_tasks([JIAOYU, MINZHENG])[1], active_from=date(2026, 12, 1))


@pytest.fixture
def fmbot(
    database_url: str, office: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Fmbot:
    for variable in ("FM_CONFIG", "FM_HOLIDAYS_FILE", "FM_TIMEZONE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("FM_DATABASE_URL", database_url)
    with office.database.unit_of_work() as uow:
        replace_tasks(uow, [MONTHLY])
        uow.commit()

    run = in_process(capsys)

    return run


def queued_messages(database: Database) -> int:
    with database.unit_of_work() as uow:
        return len(uow.outbox.fates(CHANNEL))


def test_json_lists_each_nudge_the_sweep_queued_at_that_local_moment(fmbot: Fmbot, office: Office) -> None:
    outcome = fmbot("nudges", "--now", "2026-12-02T09:00", "--json")

    assert outcome.code == 0
    assert sorted(_without_text(json.loads(outcome.out)), key=lambda entry: entry["user"]) == [
        {
            "user": office.users[account],
            "department": department,
            "task": MONTHLY.code,
            "kind": "before_3",
            "deadline": "2026-12-07",
        }
        for account, department in (("a1", JIAOYU), ("a2", JIAOYU), ("b1", MINZHENG))
    ]


def _without_text(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{key: value for key, value in entry.items() if key != "text"} for entry in entries]


def test_json_carries_the_text_each_recipient_will_read(fmbot: Fmbot) -> None:
    outcome = fmbot("nudges", "--now", "2026-12-02T09:00", "--json")

    entries = json.loads(outcome.out)
    assert entries and all("2026-12-07" in entry["text"] or "12月7日" in entry["text"] for entry in entries)


def test_a_dry_run_logs_nothing_as_queued(fmbot: Fmbot, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="fmbot"):
        outcome = fmbot("nudges", "--now", "2026-12-02T09:00", "--dry-run")

    assert outcome.code == 0
    assert "queued 3" not in caplog.text
    assert "would be queued" in caplog.text


def test_running_the_same_moment_again_queues_nothing_more(fmbot: Fmbot, database: Database) -> None:
    fmbot("nudges", "--now", "2026-12-02T09:00", "--json")

    again = fmbot("nudges", "--now", "2026-12-02T09:30", "--json")

    assert json.loads(again.out) == []
    assert queued_messages(database) == 3


def test_a_digest_entry_has_null_where_it_has_no_department_task_or_deadline(
    fmbot: Fmbot, office: Office
) -> None:
    outcome = fmbot("nudges", "--now", "2026-12-08T09:00", "--json")

    entries = _without_text(json.loads(outcome.out))
    assert {
        "user": office.users["s1"],
        "department": None,
        "task": None,
        "kind": "digest",
        "deadline": None,
    } in entries
    assert sorted(entry["kind"] for entry in entries) == ["digest", "overdue", "overdue", "overdue"]


def test_a_dry_run_lists_the_nudges_and_queues_nothing(fmbot: Fmbot, database: Database) -> None:
    outcome = fmbot("nudges", "--now", "2026-12-02T09:00", "--json", "--dry-run")

    assert len(json.loads(outcome.out)) == 3
    assert queued_messages(database) == 0


def test_the_plain_listing_names_each_recipient(fmbot: Fmbot) -> None:
    outcome = fmbot("nudges", "--now", "2026-12-02T09:00")

    assert outcome.code == 0
    assert "3 条" in outcome.out and "李敏" in outcome.out


def test_the_plain_listing_speaks_chinese_and_shows_no_codes(fmbot: Fmbot) -> None:
    before = fmbot("nudges", "--now", "2026-12-02T09:00", "--dry-run").out
    late = fmbot("nudges", "--now", "2026-12-08T09:00", "--dry-run").out

    assert "截止前3个工作日提醒：李敏（教育局）「月度工作安排」（2026年12月），2026年12月7日截止" in before
    assert "逾期提醒" in late and "逾期汇总" in late
    for code in ("before_3", "overdue", "digest", "monthly_arrangement", "jiaoyu", "用户"):
        assert code not in before + late


def test_a_moment_that_is_not_a_time_is_refused_in_chinese(fmbot: Fmbot, database: Database) -> None:
    outcome = fmbot("nudges", "--now", "下周三")

    assert outcome.code == 2
    assert "--now 应为本地时刻" in outcome.err
    assert queued_messages(database) == 0
