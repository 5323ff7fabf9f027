"""`--now` on `fmbot console`, `serve` and `run`: the conversations and the nudge sweep stand at that local
moment (and run on from it), as `fmbot nudges --now` already does."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_application
from bot.cli import build_parser
from bot.clock import running_from
from bot.commands.serve import serving_application
from bot.config import load_settings
from bot.demo import date_tasks_back, seed_demo

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _fmbot(args: list[str], database_url: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FM_DATABASE_URL": database_url, "FM_TIMEZONE": "Asia/Shanghai"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.fixture
def demo_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    app = build_application(load_settings({"FM_DATABASE_URL": url}))
    seeded = datetime(2026, 12, 1, 9, tzinfo=SHANGHAI)
    seed_demo(app.database, seeded)
    date_tasks_back(app.database, date(2026, 11, 10), seeded)  # owed then, whenever this test runs
    app.close()
    return url


def test_the_console_at_a_given_moment_offers_that_months_arrangement(demo_url: str) -> None:
    stdin = json.dumps({"user": "minzheng", "text": "/月度安排"}) + "\n"

    result = _fmbot(["console", "--jsonl", "--now", "2026-12-03T09:00"], demo_url, stdin)

    assert result.returncode == 0, result.stderr
    texts = " ".join(json.loads(line).get("text", "") for line in result.stdout.splitlines())
    assert "2026-12 月度工作安排】截止 2026-12-07" in texts
    assert "已逾期" not in texts


def test_a_console_moment_that_is_not_a_time_is_refused_in_chinese(demo_url: str) -> None:
    result = _fmbot(["console", "--jsonl", "--now", "下周三"], demo_url, "")

    assert result.returncode == 2
    assert "--now 应为本地时刻" in result.stderr


def test_serve_with_now_sweeps_nudges_at_that_moment(demo_url: str) -> None:
    args = build_parser(["serve"]).parse_args(["serve", "--now", "2026-12-04T09:00"])
    app = serving_application(args, load_settings({"FM_DATABASE_URL": demo_url}))
    assert app is not None
    try:
        result = asyncio.run(app.nudge_sweeper().tick())  # what the minute scheduler runs
    finally:
        app.close()

    assert result.queued
    assert {nudge.day.isoformat() for nudge in result.queued} == {"2026-12-04"}


def test_run_accepts_now_as_serve_does() -> None:
    args = build_parser(["run"]).parse_args(["run", "--telegram", "--now", "2026-12-04T09:00"])
    assert args.now == "2026-12-04T09:00"


def test_a_set_clock_runs_on_from_its_moment() -> None:
    ticks = iter([100.0, 100.0, 160.0])
    start = datetime(2026, 12, 4, 9, tzinfo=SHANGHAI)
    clock = running_from(start, seconds=lambda: next(ticks))

    assert clock() == start
    assert clock() == start + timedelta(seconds=60)


def test_serve_with_now_runs_the_days_monitoring_once_at_that_moment(demo_url: str) -> None:
    args = build_parser(["serve"]).parse_args(["serve", "--now", "2026-12-04T09:00"])
    app = serving_application(args, load_settings({"FM_DATABASE_URL": demo_url}))
    assert app is not None
    job = app.monitoring_job()  # what the minute scheduler ticks, beside the nudge sweep
    try:
        first = asyncio.run(job.tick())
        again = asyncio.run(job.tick())
        with app.database.unit_of_work() as uow:
            ran = uow.monitoring.ran_on(date(2026, 12, 4))
            yesterday = uow.monitoring.ran_on(date(2026, 12, 3))
    finally:
        app.close()

    assert first is not None and again is None  # the day's run, once, on the set clock's day
    assert ran and not yesterday
