"""Handling after acknowledgement: one run at a time per account, and nothing requested is skipped."""

from __future__ import annotations

import threading

from bot.channels.telegram.background import Background, KeyedRunner
from conversations.messages import ConversationKey
from tests.waiting import eventually

ALICE = ConversationKey("telegram", "1001")
BOB = ConversationKey("telegram", "1002")


class SlowEngine:
    def __init__(self) -> None:
        self.release = threading.Event()
        self.running: dict[ConversationKey, int] = {}
        self.most_at_once = 0
        self.runs: list[ConversationKey] = []
        self._lock = threading.Lock()

    def process(self, key: ConversationKey) -> None:
        with self._lock:
            self.running[key] = self.running.get(key, 0) + 1
            self.most_at_once = max(self.most_at_once, self.running[key])
        self.release.wait(timeout=5)
        with self._lock:
            self.running[key] -= 1
            self.runs.append(key)


async def test_requests_during_a_run_make_exactly_one_more_run_never_a_concurrent_one() -> None:
    engine, background = SlowEngine(), Background()
    runner = KeyedRunner(engine.process, background)

    runner.request(ALICE)
    await eventually(lambda: engine.running.get(ALICE))
    runner.request(ALICE)
    runner.request(ALICE)
    engine.release.set()
    await background.drain()

    assert engine.runs == [ALICE, ALICE]
    assert engine.most_at_once == 1


async def test_accounts_are_handled_independently() -> None:
    engine, background = SlowEngine(), Background()
    runner = KeyedRunner(engine.process, background)

    runner.request(ALICE)
    runner.request(BOB)
    await eventually(lambda: engine.running.get(ALICE) and engine.running.get(BOB))
    engine.release.set()
    await background.drain()

    assert sorted(engine.runs, key=str) == [ALICE, BOB]


async def test_a_failed_run_does_not_stop_later_ones() -> None:
    calls: list[ConversationKey] = []

    def process(key: ConversationKey) -> None:
        calls.append(key)
        if len(calls) == 1:
            raise RuntimeError("engine failure")

    background = Background()
    runner = KeyedRunner(process, background)

    runner.request(ALICE)
    await background.drain()
    runner.request(ALICE)
    await background.drain()

    assert calls == [ALICE, ALICE]
