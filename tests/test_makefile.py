"""The Makefile's console target opens the account the README promises (make's own AS must not leak in)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _console_command(*arguments: str) -> str:
    environment = {name: value for name, value in os.environ.items() if name != "AS"}
    dry_run = subprocess.run(
        ["make", "-n", "console", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return next(line for line in dry_run.stdout.splitlines() if "fmbot console" in line)


def test_make_console_opens_the_office_staff_account_by_default() -> None:
    assert _console_command().endswith("--as staff")


def test_make_console_as_a_liaison_opens_that_account() -> None:
    assert _console_command("AS=minzheng").endswith("--as minzheng")
