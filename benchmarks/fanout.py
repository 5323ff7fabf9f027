"""Fan-out: one identical nudge to each of N members, through fmbot's delivery loop and the channel's real
sender, against a local fake of the platform (in a process of its own) that enforces the platform's limits
and answers every call after 50 ms.

    python -m benchmarks.fanout [--wecom N] [--telegram N]     (0 skips a channel; default 10,000 each)

(``make bench`` runs it with ``FM_BENCH_TELEGRAM`` members for Telegram, 10,000 unless set: at Telegram's
30 a second, that alone takes at least 333 s.)

Prints, per channel, the time from the delivery loop's start until the last message arrived at the fake,
beside the least time the platform's limits allow for the same messages, with duplicates, messages
missing and limit errors (WeCom: a message dropped or a call refused for going beyond its limits;
Telegram: a 429). The limits: WeCom 10,000 API calls a minute per corporation, up to 1,000 members per
message/send, 30 messages per member a minute and 1,000 an hour; Telegram 30 messages a second, one a
second per chat. For WeCom, whose limits allow the whole fan-out at once, the line also gives two floors
measured in the same run: the client's (the HTTP client fmbot's WeCom client is built on, with no
database: gettoken, then the same calls from as many threads, their bodies encoded ahead, against a fake
of its own), and fmbot's storage (the same loop claiming and settling the same rows with a sender that
does nothing).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import requests

from benchmarks.delivery_setup import (
    bench_database,
    database_label,
    last_sent_at,
    queue_broadcast,
    queue_rows,
    sample_nudge,
    unsettled,
    wait_until_settled,
)
from benchmarks.platform_fake import FakePlatform
from bot.channels.delivery_result import DeliveryResult, Sender
from bot.channels.telegram import build_telegram
from bot.channels.wecom import WecomConfig, build_wecom_channel
from bot.channels.wecom.sender import CAPACITY as WECOM_CAPACITY
from bot.channels.wecom.sender import MAX_TOUSER
from bot.clock import utc_now
from bot.config import Settings, load_settings
from bot.delivery import DeliveryLoop, DeliverySettings
from bot.heap import freeze_start_up_heap
from conversations.messages import ConversationKey, Outgoing, Reply
from storage import Database
from storage.repositories.outbox_broadcasts import ClaimedBroadcast
from tests.channels import fake_telegram, fake_wecom

LATENCY_S = 0.05
DEFAULT_COUNT = 10_000
TELEGRAM_COUNT_VARIABLE = "FM_BENCH_TELEGRAM"
FIRST_CHAT = 700_000_000
_TEXT = {"msgtype": "text", "text": {"content": "请于本周五前报送本月工作安排。"}}


@dataclass(frozen=True)
class FanOut:
    channel: str
    count: int
    seconds: float  # from the loop's start to the last message's arrival at the fake
    ideal_seconds: float  # the least the platform's limits allow
    ideal_note: str
    delivered: int  # members who got the nudge
    duplicates: int  # messages a member got more than once
    limit_errors: int
    api_calls: int
    unsettled: int  # outbox rows not settled when the run ended
    storage_floor_s: float | None = None
    client_floor_s: float | None = None

    @property
    def ratio(self) -> float:
        return self.seconds / self.ideal_seconds if self.ideal_seconds else math.inf

    def line(self) -> str:
        missing = self.count - self.delivered
        floor = ""
        if self.client_floor_s is not None:
            floor += (
                f"\n           the bare client alone {self.client_floor_s:.3f} s"
                f" ({self.seconds / self.client_floor_s:.2f}× of it)"
            )
        if self.storage_floor_s is not None:
            floor += f"; storage alone (no-op sender) {self.storage_floor_s:.3f} s"
        return (
            f"  {self.channel:<8} {self.count:,} nudges delivered in {self.seconds:.3f} s;"
            f" the limits allow {self.ideal_seconds:.3f} s ({self.ideal_note}): {self.ratio:.2f}×{floor}\n"
            f"           {self.api_calls:,} API calls, {self.duplicates} duplicates, {missing} missing,"
            f" {self.limit_errors} limit errors, {self.unsettled} outbox rows unsettled"
        )


def _settings(url: str, **environ: str) -> Settings:
    return load_settings({"FM_DATABASE_URL": url, **environ})


class Started(NamedTuple):
    """When the delivery loop started: on the monotonic clock (the fake's arrivals) and the wall clock (the
    outbox's ``sent_at``)."""

    monotonic: float
    wall: datetime


async def _drain(
    database: Database, sender: Sender, settings: Settings, channel: str, budget_s: float
) -> Started:
    """Run a delivery loop until the channel's outbox is settled (or the budget is spent); its start."""
    # As bot.runtime does before it starts the loops, then once started: what start-up does is not part of
    # a fan-out (the access_token's round trip is: nothing here reads or fetches it).
    await asyncio.to_thread(database.warm_up, utc_now())
    freeze_start_up_heap()
    loop = DeliveryLoop(database.unit_of_work, sender, settings=DeliverySettings.from_settings(settings))
    stop = asyncio.Event()
    started = Started(time.monotonic(), utc_now())
    running = asyncio.create_task(loop.run(stop))
    try:
        await wait_until_settled(database, channel, budget_s)
    finally:
        stop.set()
        await running
    return started


def _received(report: dict[str, Any]) -> tuple[Counter[str], float]:
    """Messages per member, and when the last arrived (the fake's clock: CLOCK_MONOTONIC, as ours)."""
    arrivals = report["arrivals"]
    return Counter(member for member, _, _ in arrivals), max((at for _, _, at in arrivals), default=0.0)


async def wecom_fanout(url: str, count: int) -> FanOut:
    members = [f"member{n:05d}" for n in range(count)]
    queue_broadcast(url, "wecom", members, sample_nudge(), "due")
    with FakePlatform("wecom", latency=LATENCY_S) as fake:
        settings = _settings(url, **fake_wecom.environment(f"{fake.base_url}{fake_wecom.BASE_PATH}"))
        database = Database(url)
        channel = build_wecom_channel(
            WecomConfig.from_settings(settings), database.unit_of_work, _record, _process, clock=time.time
        )
        try:
            started = await _drain(database, channel.sender, settings, "wecom", budget_s=count * 0.2 + 60)
            left = await asyncio.to_thread(unsettled, database, "wecom")
        finally:
            database.dispose()
        report = fake.report()
    received, last = _received(report)
    needed = math.ceil(count / fake_wecom.MAX_TOUSER)
    minutes = (needed - 1) // fake_wecom.CORP_CALLS_PER_MINUTE
    # What every sender pays first: the access_token, one gettoken round trip (the fake answers it after
    # the latency too). Then the calls the corporation's minute allows arrive together; an arrival is
    # counted when the fake receives the call, so their own answers are not part of the time.
    return FanOut(
        channel="WeCom",
        count=count,
        seconds=last - started.monotonic,
        ideal_seconds=minutes * 60 + LATENCY_S,
        ideal_note=(
            f"the access_token's gettoken round trip, then {needed:,} calls of ≤ {fake_wecom.MAX_TOUSER:,}"
            " members arriving together"
        ),
        delivered=sum(1 for member in members if received[member]),
        duplicates=sum(n - 1 for n in received.values() if n > 1),
        limit_errors=report["limit_errors"],
        api_calls=report["calls"],
        unsettled=left,
        storage_floor_s=await _storage_floor(count),
        client_floor_s=await asyncio.to_thread(_client_floor, members),
    )


def _client_floor(members: list[str]) -> float:
    """The least the HTTP client itself takes for the same fan-out against a fake of its own: gettoken,
    then one message/send per thousand members from as many threads, each body encoded before the token
    came; from the gettoken's start to the last call's arrival. No database, no fmbot."""
    groups = [members[start : start + MAX_TOUSER] for start in range(0, len(members), MAX_TOUSER)]
    bodies = [
        json.dumps({"touser": "|".join(group), "agentid": fake_wecom.AGENT_ID, **_TEXT}).encode()
        for group in groups
    ]
    token: list[str] = []
    arrived = threading.Event()
    with FakePlatform("wecom", latency=LATENCY_S) as fake, requests.Session() as http:
        api = f"{fake.base_url}{fake_wecom.BASE_PATH}/cgi-bin/"

        def call(body: bytes) -> None:
            arrived.wait()
            http.post(f"{api}message/send", params={"access_token": token[0]}, data=body, timeout=10)

        with ThreadPoolExecutor(len(bodies)) as threads:
            calls = [threads.submit(call, body) for body in bodies]
            start = time.monotonic()
            answer = http.get(
                f"{api}gettoken", params={"corpid": fake_wecom.CORP_ID, "corpsecret": fake_wecom.SECRET}
            )
            token.append(answer.json()["access_token"])
            arrived.set()
            for done in calls:
                done.result()
        _, last = _received(fake.report())
    return last - start


class _NoOpGroupSender:
    """Answers ``sent`` at once, in groups as WeCom's sender takes them: what is left is storage."""

    channel = "wecom"
    capacity = WECOM_CAPACITY
    group_size = MAX_TOUSER

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        return DeliveryResult.sent()

    async def send_identical(self, outgoings: Sequence[Outgoing]) -> list[DeliveryResult]:
        return [DeliveryResult.sent()] * len(outgoings)

    async def send_broadcast(self, claim: ClaimedBroadcast, reply: Reply) -> list[DeliveryResult]:
        return [DeliveryResult.sent()] * len(claim.members)


async def _storage_floor(count: int) -> float:
    """The same fan-out's claims and fates with nothing sent: the floor fmbot's storage sets."""
    with bench_database() as url:
        queue_broadcast(url, "wecom", [f"member{n:05d}" for n in range(count)], sample_nudge(), "due")
        database = Database(url)
        try:
            started = await _drain(database, _NoOpGroupSender(), _settings(url), "wecom", budget_s=600)
            last = last_sent_at(database, "wecom")
        finally:
            database.dispose()
    return (last - started.wall).total_seconds() if last else math.inf


async def telegram_fanout(url: str, count: int) -> FanOut:
    chats = range(FIRST_CHAT, FIRST_CHAT + count)
    queue_rows(url, "telegram", [(str(chat), sample_nudge(), "due") for chat in chats])
    with FakePlatform("telegram", latency=LATENCY_S, users=chats) as fake:
        settings = _settings(url, FM_TELEGRAM_TOKEN=fake_telegram.TOKEN, FM_TELEGRAM_API_BASE=fake.base_url)
        database = Database(url)
        telegram = build_telegram(settings, database.unit_of_work, record=_record, process=_process)
        try:
            budget = count / fake_telegram.MESSAGES_PER_SECOND * 3 + 60
            started = await _drain(database, telegram.sender, settings, "telegram", budget_s=budget)
            left = await asyncio.to_thread(unsettled, database, "telegram")
        finally:
            await telegram.close()
            database.dispose()
        report = fake.report()
    received, last = _received(report)
    per_second = fake_telegram.MESSAGES_PER_SECOND
    return FanOut(
        channel="Telegram",
        count=count,
        seconds=last - started.monotonic,
        ideal_seconds=(count - 1) / per_second + LATENCY_S,
        ideal_note=f"{per_second} messages a second, one {LATENCY_S * 1000:.0f} ms answer",
        delivered=sum(1 for chat in chats if received[str(chat)]),
        duplicates=sum(n - 1 for n in received.values() if n > 1),
        limit_errors=report["limit_errors"],
        api_calls=report["calls"],
        unsettled=left,
    )


def _record(*_: object) -> bool:
    return True


async def _process(_: ConversationKey) -> None:
    return None


async def _measure(channel: str, count: int) -> FanOut:
    with bench_database() as url:
        return await (wecom_fanout if channel == "wecom" else telegram_fanout)(url, count)


def report_fanout(wecom_count: int = DEFAULT_COUNT, telegram_count: int | None = None) -> list[FanOut]:
    """Run and print the fan-out figures; the channels with a count of 0 are skipped. Telegram's count is
    ``FM_BENCH_TELEGRAM`` unless given."""
    if telegram_count is None:
        telegram_count = int(os.environ.get(TELEGRAM_COUNT_VARIABLE, DEFAULT_COUNT))
    logging.getLogger("fmbot").setLevel(logging.WARNING)
    print(
        f"\nFan-out ({database_label()}): one identical nudge to each member, the platform's limits"
        f" enforced, every answer after {LATENCY_S * 1000:.0f} ms"
    )
    results = []
    for channel, count in (("wecom", wecom_count), ("telegram", telegram_count)):
        if count > 0:
            result = asyncio.run(_measure(channel, count))
            print(result.line(), flush=True)
            results.append(result)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wecom", type=int, default=DEFAULT_COUNT, help="members for WeCom (0 skips)")
    parser.add_argument("--telegram", type=int, default=DEFAULT_COUNT, help="members for Telegram (0 skips)")
    arguments = parser.parse_args()
    report_fanout(arguments.wecom, arguments.telegram)
