"""FM_REPORTING_TASKS: the office keeps reporting tasks in a TOML file that fmbot applies at start-up over
the stored ones (the file wins for the codes it lists); a bad file stops start-up and changes nothing."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from bot.app import build_application
from bot.config import ConfigError, Settings, load_settings
from fm_domain.task_file import TaskFileError, parse_task_file
from storage import Database
from tests.nudges.world import JIAOYU, MINZHENG, Office, local

ROOT = Path(__file__).resolve().parents[2]
STARTED = local("2026-12-01T10:00")
POLICY = """
[[task]]
code = "policy"
title = "重要政策措施"
rule = "monthly 10"
departments = ["jiaoyu", "minzheng"]
"""
MONTHLY_WD7 = """
[[task]]
code = "monthly_arrangement"
title = "月度工作安排"
kind = "monthly_arrangement"
rule = "每月第7个工作日"
departments = "全部"
"""


def start(database_url: str, tmp_path: Path, text: str) -> None:
    """Start the application with this tasks file, as `fmbot serve` does, then stop it."""
    path = tmp_path / "tasks.toml"
    path.write_text(text, encoding="utf-8")
    settings = Settings(database_url=database_url, reporting_tasks_file=str(path))
    build_application(settings, clock=lambda: STARTED).close()


def stored(database: Database, code: str):  # type: ignore[no-untyped-def]
    with database.unit_of_work() as uow:
        return uow.reporting.task(code)


def test_the_example_file_in_docs_is_valid() -> None:
    text = (ROOT / "docs" / "reporting_tasks.example.toml").read_text(encoding="utf-8")

    assert [task.code for task in parse_task_file(text)] != []


def test_a_task_in_the_file_is_added_at_start_up_and_owed_from_that_day(
    database: Database, database_url: str, office: Office, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="fmbot.app"):
        start(database_url, tmp_path, POLICY)

    task = stored(database, "policy")
    assert (task.title, task.kind, task.rule, task.departments, task.active, task.active_from) == (
        "重要政策措施",
        "other",
        "monthly 10",
        (JIAOYU, MINZHENG),
        True,
        date(2026, 12, 1),
    )
    assert "reporting task policy added from FM_REPORTING_TASKS" in caplog.text


def test_the_file_wins_over_a_change_made_by_chat_and_says_what_it_changed(
    database: Database, database_url: str, office: Office, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with database.unit_of_work() as uow:
        uow.reporting.set_active("monthly_arrangement", False, now=STARTED)  # as /报送 停用 does
        uow.commit()

    with caplog.at_level(logging.INFO, logger="fmbot.app"):
        start(database_url, tmp_path, MONTHLY_WD7)

    task = stored(database, "monthly_arrangement")
    assert (task.rule, task.departments, task.active, task.active_from) == (
        "monthly wd7",
        None,
        True,
        date(2026, 12, 1),  # a new rule: periods already due under it are not chased
    )
    assert "monthly_arrangement changed from FM_REPORTING_TASKS: rule, departments, active" in caplog.text


def test_starting_again_with_the_same_file_changes_nothing(
    database: Database, database_url: str, office: Office, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    start(database_url, tmp_path, POLICY)
    first = stored(database, "policy")

    with caplog.at_level(logging.INFO, logger="fmbot.app"):
        start(database_url, tmp_path, POLICY)

    assert stored(database, "policy") == first
    assert "FM_REPORTING_TASKS" not in caplog.text


def test_tasks_the_file_does_not_list_stay_as_staff_keep_them(
    database: Database, database_url: str, office: Office, tmp_path: Path
) -> None:
    before = stored(database, "half_year_summary")

    start(database_url, tmp_path, POLICY)

    assert stored(database, "half_year_summary") == before


def test_an_unknown_department_stops_start_up_naming_the_variable_and_the_entry(
    database: Database, database_url: str, office: Office, tmp_path: Path
) -> None:
    text = POLICY + MONTHLY_WD7.replace('"全部"', '["jiaoyu", "caizheng"]')

    with pytest.raises(ConfigError) as raised:
        start(database_url, tmp_path, text)

    message = str(raised.value)
    assert "FM_REPORTING_TASKS" in message and "第 2 个 [[task]]（code = monthly_arrangement）" in message
    assert "caizheng" in message
    assert stored(database, "policy") is None  # nothing half-written
    assert stored(database, "monthly_arrangement").rule == "monthly wd5"


def test_a_rule_that_cannot_be_read_stops_start_up_with_a_chinese_message(
    database_url: str, office: Office, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError) as raised:
        start(database_url, tmp_path, POLICY.replace("monthly 10", "fortnightly"))

    assert "FM_REPORTING_TASKS" in str(raised.value) and "无法识别的截止规则" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[task]]\ncode = 'x'\n", "缺少 title、rule、departments"),
        (POLICY.replace('code = "policy"', 'code = "inquiry-3"'), "不以 inquiry- 开头"),
        (POLICY.replace("rule =", 'kind = "inquiry_reply"\nrule ='), "kind “inquiry_reply” 不认识"),
        (POLICY.replace('["jiaoyu", "minzheng"]', "[]"), "departments 应为"),
        (POLICY + "colour = 'red'\n", "未知的键 colour"),
        (POLICY + POLICY, "第 2 个 [[task]]（code = policy）：代码 policy 与"),
        (POLICY.replace("[[task]]", "[task]"), "task 应写成 [[task]] 表"),
        ("[[task]\n", "TOML 格式错误"),
    ],
)
def test_a_bad_entry_is_refused_naming_it(text: str, expected: str) -> None:
    with pytest.raises(TaskFileError) as raised:
        parse_task_file(text, "tasks.toml")

    assert expected in str(raised.value)


def test_the_setting_must_name_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="FM_REPORTING_TASKS"):
        load_settings({"FM_REPORTING_TASKS": str(tmp_path / "missing.toml")})
