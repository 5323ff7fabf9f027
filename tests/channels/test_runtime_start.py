"""What the long-running process (``fmbot serve``, ``fmbot run``) does at start, before it delivers."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import fake_wecom
import pytest

from bot import runtime
from bot.app import build_application
from bot.config import load_settings
from bot.delivery import DeliveryLoop


async def test_the_database_is_warmed_up_before_the_delivery_loops_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(
        {
            "FM_DATABASE_URL": f"sqlite:///{tmp_path / 'fmbot.sqlite3'}",
            # never called: no loop runs here
            **fake_wecom.environment(f"http://127.0.0.1:9{fake_wecom.BASE_PATH}"),
        }
    )
    app = build_application(settings)
    happened: list[str] = []

    def warm_up(now: datetime) -> None:
        happened.append("warm up")

    async def run(loop: DeliveryLoop, stop: asyncio.Event) -> None:
        happened.append(f"deliver {loop.channel}")

    monkeypatch.setattr(app.database, "warm_up", warm_up)
    monkeypatch.setattr(DeliveryLoop, "run", run)
    running = runtime._Running()
    try:
        await runtime._start(app, running, http=None, telegram_polling=False)
        await asyncio.gather(*running.tasks)
    finally:
        app.close()

    assert happened == ["warm up", "deliver wecom"]
