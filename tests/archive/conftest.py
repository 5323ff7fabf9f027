"""One demo database per session, copied for each test that writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.archive.demo_world import make_demo_database


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo")
    make_demo_database(directory)
    return directory / "demo.sqlite3"


@pytest.fixture
def demo_url(demo_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    for suffix in ("-wal", "-shm"):
        if Path(f"{demo_template}{suffix}").exists():
            shutil.copyfile(f"{demo_template}{suffix}", f"{path}{suffix}")
    return f"sqlite:///{path}"
