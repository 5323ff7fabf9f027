"""`fmbot demo` (`make demo`): a demo database that stays between runs, with a month of sample use so staff
commands show something, and the exact command that opens the same database in the console."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

from bot.demo import CONSOLE_COMMAND


def _run(cwd: Path, args: list[str], stdin: str, env: dict[str, str] | None = None) -> str:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("FM_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        cwd=cwd,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _demo(cwd: Path, typed: list[str], *options: str) -> str:
    return _run(cwd, ["demo", *options], "".join(f"{line}\n" for line in [*typed, "/退出"]))


def test_the_first_demo_has_a_month_of_submissions_findings_and_an_inquiry_for_staff(tmp_path: Path) -> None:
    transcript = _demo(tmp_path, ["/切换 staff", "发现", "未报", "/函询记录"])

    assert "示例数据" in transcript
    assert "待处理的发现共" in transcript
    assert "民政局" in transcript.split("未报送")[1]  # 民政局 is left for the visitor
    assert "第 1 号 司法局" in transcript


def test_a_second_demo_keeps_the_database_and_reset_starts_afresh(tmp_path: Path) -> None:
    _demo(tmp_path, ["/切换 minzheng", "/问题报告", "/取消"])
    again = _demo(tmp_path, [])
    assert "接着使用上次的演示数据" in again

    afresh = _demo(tmp_path, [], "--reset")
    assert "示例数据：" in afresh


def test_the_command_the_demo_prints_opens_the_demo_database_as_staff(tmp_path: Path) -> None:
    transcript = _demo(tmp_path, [])
    assert CONSOLE_COMMAND in transcript
    assignment, fmbot, *args = shlex.split(CONSOLE_COMMAND)
    variable, _, url = assignment.partition("=")
    assert fmbot == ".venv/bin/fmbot"

    stdin = json.dumps({"user": "staff", "text": "发现"}, ensure_ascii=False) + "\n"
    out = _run(tmp_path, [*args[:1], "--jsonl"], stdin, env={variable: url})

    assert "尚未绑定" not in out
    assert "待处理的发现共" in out
