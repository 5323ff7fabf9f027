"""`fmbot` imports only the module of the command it runs: `fmbot --help` and the quick commands do not
wait for aiogram, the database or the matcher to load. Checked by what a fresh interpreter has imported,
never by the clock."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs fmbot's main in a fresh interpreter, then prints which of the heavy packages it imported.
PROBE = """
import json, sys
from bot.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ("aiogram", "aiohttp", "wechatpy", "apscheduler", "sqlalchemy", "jieba")
print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
"""


def _imported_by(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_fmbot_help_imports_no_sub_command() -> None:
    assert _imported_by("--help") == []


@pytest.mark.parametrize("command", ["check", "nudges", "invite", "catalog", "console", "demo"])
def test_a_command_that_does_not_serve_never_imports_aiogram(command: str) -> None:
    imported = _imported_by(command, "--help")
    assert "aiogram" not in imported
    assert "wechatpy" not in imported


def test_check_needs_no_database_library() -> None:
    assert "sqlalchemy" not in _imported_by("check", "--help")


def test_the_help_lists_every_command_without_loading_them(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import COMMANDS, main

    with pytest.raises(SystemExit):
        main(["--help"])
    listing = capsys.readouterr().out
    assert all(name in listing for name in COMMANDS)


@pytest.mark.parametrize("command", ["serve", "run"])
def test_serve_and_run_still_parse_their_own_options(command: str) -> None:
    from bot.cli import build_parser

    args = build_parser([command]).parse_args([command])
    assert callable(args.handler)
