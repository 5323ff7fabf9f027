"""A platform fake (the tests' WeCom or Telegram) in a process of its own, for the delivery benchmarks.

    with FakePlatform("telegram", latency=0.05, users=range(1, 1001)) as fake:
        ... fake.base_url ...        # point fmbot at it
        fake.report()                # what it saw so far: arrivals, limit errors, calls

In its own process, the fake's clock and answers are not held up by the process being measured (its
threads, its garbage collection), as the real platform's are not: when a message arrived is the fake's
own measurement, on its own CPU time. ``python -m benchmarks.platform_fake wecom|telegram`` is that process:
it prints its port, serves, and answers ``GET /_report`` with what it saw.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.channels import fake_telegram, fake_wecom

ROOT = Path(__file__).resolve().parents[1]


class FakePlatform:
    def __init__(self, platform: str, *, latency: float, users: range | None = None) -> None:
        command = [sys.executable, "-m", "benchmarks.platform_fake", platform, "--latency", str(latency)]
        if users is not None:
            command += ["--users", f"{users.start}:{users.stop}"]
        self._command = command
        self._process: subprocess.Popen[str] | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FakePlatform:
        self._process = subprocess.Popen(self._command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.strip().isdigit():
            raise RuntimeError(f"the platform fake did not start: {line!r}")
        self.port = int(line)
        return self

    def __exit__(self, *_: object) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGTERM)
            self._process.wait(timeout=30)

    def report(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.base_url}/_report", timeout=60) as response:
            return json.loads(response.read())


# --- the fake's process ---------------------------------------------------------------------------------


def _wecom_report(fake: fake_wecom.FakeWecom) -> dict[str, Any]:
    return {
        "arrivals": [
            [message["touser"], _content(message), at]
            for message, at in zip(fake._delivered, fake.delivered_at, strict=True)
        ],
        "calls": len(fake.calls_to("message/send")) + len(fake.calls_to("media/upload")),
        "limit_errors": fake.limit_errors,
        # message/send calls that repeated an earlier request exactly (a call in doubt made again), and
        # those of them WeCom's duplicate check kept from being delivered twice
        "remade_calls": _repeated([call.body for call in fake.calls_to("message/send")]),
        "duplicates_dropped": fake.duplicates_dropped,
    }


def _repeated(bodies: list[dict[str, Any] | None]) -> int:
    return len(bodies) - len({json.dumps(body, sort_keys=True) for body in bodies})


def _content(message: dict[str, Any]) -> str:
    body = message.get(message.get("msgtype", ""), {})
    return str(body.get("content", body.get("media_id", "")))


def _telegram_report(fake: fake_telegram.FakeTelegram) -> dict[str, Any]:
    bot_messages = [m for m in fake.messages.values() if m["from"]["is_bot"]]
    return {
        "arrivals": [
            [str(m["chat"]["id"]), m.get("text", m.get("caption", "")), at]
            for m, at in zip(bot_messages, fake.sent_at, strict=True)
        ],
        "calls": len(fake.calls_to("sendMessage")) + len(fake.calls_to("sendDocument")),
        "limit_errors": fake.limit_errors,
        "refused_at": fake.refused_at,
    }


async def _serve(platform: str, latency: float, users: range) -> None:
    if platform == "wecom":
        wecom = fake_wecom.FakeWecom(latency=latency)
        app = wecom.app()
        report = lambda: _wecom_report(wecom)  # noqa: E731
    else:
        telegram = fake_telegram.FakeTelegram(enforce_limits=True, latency=latency)
        for chat in users:
            telegram.user(chat)
        app = telegram.app()
        report = lambda: _telegram_report(telegram)  # noqa: E731

    async def answer_report(_: web.Request) -> web.Response:
        return web.json_response(report())

    app.router.add_get("/_report", answer_report)
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()


def _users(text: str) -> range:
    start, _, stop = text.partition(":")
    return range(int(start), int(stop))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("platform", choices=["wecom", "telegram"])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--users", type=_users, default=range(0))
    arguments = parser.parse_args()
    # The fake's clock is the measurement: a collection pass over its thousands of users and messages
    # would hold requests back and let them in together, a bunching of the fake's own making.
    gc.disable()
    # A client killed in the middle of a request (the recovery benchmark's SIGKILL) is what is measured, not a
    # fault of the fake: aiohttp's traceback for the lost connection would only clutter the report.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    asyncio.run(_serve(arguments.platform, arguments.latency, arguments.users))
