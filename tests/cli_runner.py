"""``fmbot`` run in-process for the command tests: what it returned and printed, each call on its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


Fmbot = Callable[..., Outcome]


def in_process(capsys: pytest.CaptureFixture[str]) -> Fmbot:
    """``run("catalog", "import", path)``: the exit code and what that call alone printed."""

    def run(*args: str | Path) -> Outcome:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run
