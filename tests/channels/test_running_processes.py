"""fmbot as it is deployed: `fmbot serve` and `fmbot run --telegram` as separate processes, configured against
the fake WeCom and Telegram APIs on 127.0.0.1.

Messages go in over the platforms' wire formats, replies come out through the outbox and the delivery loops,
the health check answers, and SIGTERM stops a process cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from fake_telegram import FakeTelegram, fake_telegram  # noqa: F401 -- the fixture
from fake_wecom import (
    BASE_PATH,
    CallbackSigner,
    FakeWecom,
    text_xml,
)
from fake_wecom import environment as wecom_environment

from bot.catalog_files import sample_catalog_path

ROOT = Path(__file__).resolve().parents[2]
MEMBER = "ZhangWei"  # a WeCom member id
CHAT = 424242  # a Telegram private chat


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cli(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
async def fake_wecom() -> AsyncIterator[FakeWecom]:
    fake = FakeWecom()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    fake.base_url = f"http://127.0.0.1:{server.port}{BASE_PATH}"
    yield fake
    await server.close()


@pytest.fixture
def environment(tmp_path: Path, fake_wecom: FakeWecom) -> dict[str, str]:
    return {
        **os.environ,
        "FM_DATABASE_URL": f"sqlite:///{tmp_path / 'fmbot.sqlite3'}",
        **wecom_environment(fake_wecom.base_url),
        "FM_WECOM_CHOICE_STYLE": "text",  # as for members who use the app inside personal 微信
    }


@contextlib.contextmanager
def _running(args: list[str], environment: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    _cli(["catalog", "import", str(sample_catalog_path())], environment)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


@pytest.fixture
def serving(environment: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    with _running(["serve", "--port", str(port)], environment) as process:
        yield f"http://127.0.0.1:{port}", process


async def _until(
    condition: Callable[[], object], seconds: float = 30.0, process: subprocess.Popen[str] | None = None
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        await asyncio.sleep(0.1)
    output = ""
    if process is not None:
        process.kill()
        output = process.communicate(timeout=30)[0]
    raise AssertionError(f"condition not reached in time\n{output}")


async def _healthy(client: aiohttp.ClientSession, base: str) -> None:
    for _ in range(200):
        try:
            async with client.get(f"{base}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("fmbot serve did not become healthy")


async def test_a_wecom_member_binds_and_gets_replies_through_a_running_fmbot_serve(
    serving: tuple[str, subprocess.Popen[str]], environment: dict[str, str], fake_wecom: FakeWecom
) -> None:
    base, _ = serving
    code = (
        _cli(["invite", "--role", "liaison", "--department", "minzheng"], environment)
        .strip()
        .splitlines()[-1]
    )
    signer = CallbackSigner()
    async with aiohttp.ClientSession() as client:
        await _healthy(client, base)
        for msg_id, text in (("9001", f"/绑定 {code}"), ("9002", "/帮助")):
            query, body = signer.post(text_xml(MEMBER, text, msg_id, int(time.time())))
            async with client.post(f"{base}/wecom/callback", params=query, data=body) as response:
                assert (response.status, await response.text()) == (200, "")
        await _until(lambda: "/年度目标" in str(fake_wecom.messages_to(MEMBER)))

    messages = fake_wecom.messages_to(MEMBER)
    assert "绑定成功" in str(messages[0]) and "民政局" in str(messages[0])
    [name_prompt] = [m for m in messages if "姓名" in str(m)]
    assert name_prompt["msgtype"] == "text" and "回复 1 跳过" in name_prompt["text"]["content"]


async def test_fmbot_serve_stops_cleanly_on_sigterm(serving: tuple[str, subprocess.Popen[str]]) -> None:
    base, process = serving
    async with aiohttp.ClientSession() as client:
        await _healthy(client, base)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "fmbot stopped" in output


async def test_a_telegram_user_binds_and_gets_replies_through_fmbot_run_by_long_polling(
    tmp_path: Path,
    fake_telegram: FakeTelegram,  # noqa: F811 -- the imported fixture
) -> None:
    environment = {
        **os.environ,
        "FM_DATABASE_URL": f"sqlite:///{tmp_path / 'fmbot.sqlite3'}",
        "FM_TELEGRAM_TOKEN": fake_telegram.token,
        "FM_TELEGRAM_API_BASE": fake_telegram.base_url,
    }
    with _running(["run", "--telegram"], environment) as process:
        code = (
            _cli(["invite", "--role", "liaison", "--department", "sifa"], environment)
            .strip()
            .splitlines()[-1]
        )
        await fake_telegram.user_says(CHAT, f"/start {code}")
        await _until(lambda: fake_telegram.texts_to(CHAT), process=process)
        await fake_telegram.user_says(CHAT, "/help")
        await _until(lambda: any("/年度目标" in text for text in fake_telegram.texts_to(CHAT)))

    replies = fake_telegram.texts_to(CHAT)
    assert "绑定成功" in replies[0] and "司法局" in replies[0]
    assert fake_telegram.calls_to("setMyCommands")
