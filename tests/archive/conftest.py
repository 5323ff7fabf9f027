"""One demo database per session, copied for each test that writes; and for the browser tests, Playwright
for Python driving the Chromium Debian packages (/usr/bin/chromium, installed by .ci/install-browser),
headless, with a fresh profile and the flags that keep Chromium's own background connections quiet (the
network here is closed: without them its update and sync requests are refused).

Without Chromium the browser tests are skipped with a reason saying how to install it; with
``FM_REQUIRE_BROWSER=1`` (CI sets it, as it sets FM_REQUIRE_POSTGRES) a missing browser fails them instead.
Screenshots go to ``test-artefacts/screenshots`` (or ``$FM_TEST_ARTEFACTS/screenshots``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fm_domain.models import DutyCategory
from fm_domain.recommendations import Recommendation, RecommendationKind, RecommendationState
from storage import Database
from tests.archive.console_kit import ConsoleWorld, serving
from tests.archive.demo_world import NOW, YEAR, make_demo_database

CHROMIUM = os.environ.get("FM_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER_VARIABLE = "FM_REQUIRE_BROWSER"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]


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


def artefacts() -> Path:
    folder = Path(os.environ.get("FM_TEST_ARTEFACTS", ROOT / "test-artefacts")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if Path(CHROMIUM).is_file() and shutil.which(CHROMIUM):
        return CHROMIUM
    reason = f"Chromium not found at {CHROMIUM} (install it with .ci/install-browser)"
    if os.environ.get(REQUIRE_BROWSER_VARIABLE) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_BROWSER_VARIABLE}=1 requires it", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture
def browser(chromium_path: str, tmp_path: Path) -> Iterator[Any]:
    """A persistent context on a fresh user-data directory of this test's own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=chromium_path,
            headless=True,
            args=CHROMIUM_ARGS,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            locale="zh-CN",
        )
        try:
            yield context
        finally:
            context.close()


def keep_a_decided_recommendation(database: Database) -> None:
    """督促履行 for 司法局's first duty, adopted as advice (no change to the 三定)."""
    recommendation = Recommendation(
        RecommendationKind.URGE,
        "sifa",
        YEAR,
        ("sifa.1",),
        DutyCategory.IMPLEMENTATION,
        "第1项职责全年未见报送，建议督促履行。",
    )
    with database.unit_of_work() as uow:
        kept = uow.recommendations.keep(recommendation, at=NOW)
        uow.recommendations.decide(
            kept.id, state=RecommendationState.ADOPTED, changes=(), by=None, at=NOW, reason="请司法局说明"
        )
        uow.commit()


@pytest.fixture
def console(demo_url: str) -> Iterator[tuple[ConsoleWorld, str]]:
    """The console over the demo's data on a local port, with the parts the application registers and one
    recommendation decided: (the world, its address)."""
    database = Database(demo_url)
    try:
        keep_a_decided_recommendation(database)
        world = ConsoleWorld(database, extended=True)
        with serving(world) as address:
            yield world, address
    finally:
        database.dispose()
