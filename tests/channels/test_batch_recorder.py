"""The recorder behind every channel's acknowledgements: its own thread, and what arrives while a batch is
being written is written together next, each caller released with its own result once its batch is in."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.channels.batch_recorder import BatchRecorder
from tests.waiting import eventually

WAIT_S = 30.0  # only so that a test that would hang fails instead


class Writer:
    """A batch writer that can be held inside a write, like a transaction waiting for the database."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.threads: set[str] = set()
        self.release = threading.Event()
        self.release.set()
        self.fail_batches: set[int] = set()  # which batches (counted from 0) raise

    def __call__(self, items: Sequence[str]) -> list[str]:
        self.batches.append(list(items))
        self.threads.add(threading.current_thread().name)
        self.release.wait(WAIT_S)
        if len(self.batches) - 1 in self.fail_batches:
            raise RuntimeError("database is locked")
        return [f"{item} recorded" for item in items]


@pytest.fixture
def writer() -> Writer:
    return Writer()


async def test_what_arrives_while_a_batch_is_written_is_written_together_next(writer: Writer) -> None:
    recorder = BatchRecorder(writer, name="test-recorder")
    writer.release.clear()
    first = asyncio.create_task(recorder.record("a"))
    # "a" alone: nothing waits for a batch to fill up
    await eventually(lambda: writer.batches, WAIT_S, poll=0.001)
    later = [asyncio.create_task(recorder.record(item)) for item in ("b", "c", "d")]
    await eventually(lambda: recorder.waiting == 3, WAIT_S, poll=0.001)

    writer.release.set()

    assert await first == "a recorded"
    assert await asyncio.gather(*later) == ["b recorded", "c recorded", "d recorded"]
    assert writer.batches == [["a"], ["b", "c", "d"]]
    await recorder.close()


async def test_a_failing_batch_fails_every_caller_in_it_and_the_next_batch_goes_on(writer: Writer) -> None:
    recorder = BatchRecorder(writer, name="test-recorder")
    writer.release.clear()
    writer.fail_batches = {1}
    first = asyncio.create_task(recorder.record("a"))
    await eventually(lambda: writer.batches, WAIT_S, poll=0.001)
    failing = [asyncio.create_task(recorder.record(item)) for item in ("b", "c")]
    await eventually(lambda: recorder.waiting == 2, WAIT_S, poll=0.001)
    writer.release.set()

    assert await first == "a recorded"
    for caller in failing:
        with pytest.raises(RuntimeError, match="database is locked"):
            await caller
    assert await recorder.record("b") == "b recorded"  # sent again, recorded
    await recorder.close()


async def test_a_caller_that_stops_waiting_leaves_its_item_in_the_batch(writer: Writer) -> None:
    recorder = BatchRecorder(writer, name="test-recorder")
    writer.release.clear()
    caller = asyncio.create_task(recorder.record("a"))
    await eventually(lambda: writer.batches, WAIT_S, poll=0.001)

    caller.cancel()  # the platform hung up
    writer.release.set()
    await recorder.close()

    assert writer.batches == [["a"]]


async def test_recording_runs_on_its_own_thread_even_when_every_other_pool_is_busy(writer: Writer) -> None:
    loop = asyncio.get_running_loop()
    busy = threading.Event()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
    blocked = loop.run_in_executor(None, busy.wait, WAIT_S)  # asyncio's default pool, all taken
    recorder = BatchRecorder(writer, name="test-recorder")

    assert await recorder.record("a") == "a recorded"
    assert await recorder.run(lambda: threading.current_thread().name) == "test-recorder_0"

    assert writer.threads == {"test-recorder_0"}
    busy.set()
    await blocked
    await recorder.close()
