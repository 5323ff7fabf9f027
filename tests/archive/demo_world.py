"""The demo's data (bot/demo.py: the sample catalog, its users, a month of sample use) in a database of
the test's own, on a fixed clock, for the dossier's and the web console's tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_application
from bot.config import Settings
from bot.demo import add_sample_month, seed_demo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The sample month runs over the 30 days before this moment (a Tuesday in March).
NOW = datetime(2026, 3, 31, 10, 0, tzinfo=SHANGHAI)
YEAR = 2026


def make_demo_database(directory: Path) -> str:
    """A migrated SQLite file with the demo's data; its URL."""
    url = f"sqlite:///{directory / 'demo.sqlite3'}"
    app = build_application(Settings(database_url=url), clock=lambda: NOW)
    try:
        seed_demo(app.database, NOW)
        add_sample_month(app.database, app.engine.services, NOW)
    finally:
        app.close()
    return url
