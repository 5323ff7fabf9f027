"""`make bench` (python -m benchmarks) where the development set is absent: a Chinese explanation of what it
needs, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmark_without_its_development_set_says_what_it_needs(tmp_path: Path) -> None:
    env = {**os.environ, "FM_DEVSET": str(tmp_path / "no-dev-set")}

    result = subprocess.run(
        [sys.executable, "-m", "benchmarks"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "需要开发集" in result.stderr
    assert "catalog.yaml" in result.stderr and "FM_DEVSET" in result.stderr
