"""What a person running an `fmbot` command sees: the command's own Chinese lines, once; the log goes to
the log file (FM_LOG_FILE), not the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _fmbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("FM_")},
        "FM_DATABASE_URL": f"sqlite:///{tmp_path / 'fmbot.sqlite3'}",
        "FM_LOG_FILE": str(tmp_path / "logs" / "fmbot.log"),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_an_invite_prints_only_its_chinese_lines_and_logs_to_the_log_file(tmp_path: Path) -> None:
    result = _fmbot(tmp_path, "invite", "--role", "staff")

    assert result.returncode == 0
    assert result.stderr == ""
    assert "INFO" not in result.stdout
    assert "邀请码" in result.stdout
    assert "invite issued" in (tmp_path / "logs" / "fmbot.log").read_text(encoding="utf-8")


def test_a_refused_catalog_file_is_said_once_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "catalog.yaml"
    bad.write_text("departments:\n  - code: minzheng\n", encoding="utf-8")

    result = _fmbot(tmp_path, "catalog", "import", str(bad))

    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("导入失败：")
    assert "WARNING" not in result.stderr
    assert "导入失败" in (tmp_path / "logs" / "fmbot.log").read_text(encoding="utf-8")


def test_a_log_file_that_cannot_be_written_is_said_once_and_the_command_still_runs(tmp_path: Path) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")

    result = _fmbot(tmp_path, "invite", "--role", "staff")

    assert result.returncode == 0
    assert "邀请码" in result.stdout
    assert result.stderr.count("无法写入日志文件") == 1
