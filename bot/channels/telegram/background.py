"""Work done after an update is acknowledged: handling by the engine and small Bot API courtesies."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from conversations import ConversationKey

log = logging.getLogger("fmbot.telegram")

T = TypeVar("T")


async def call_off_loop(function: Callable[..., T | Awaitable[T]], *args: Any) -> T:
    """Call a synchronous function (the engine, storage) in a thread, or await an async one."""
    if inspect.iscoroutinefunction(function):
        return await function(*args)
    result = await asyncio.to_thread(function, *args)
    if inspect.isawaitable(result):
        return await result
    return result


class Background:
    """Tasks started after acknowledging an update. Kept referenced (asyncio keeps only weak references)
    and awaited by ``drain()`` on shutdown, so a stopping process finishes what it acknowledged."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Coroutine[Any, Any, Any], name: str) -> None:
        task = asyncio.get_running_loop().create_task(self._guarded(work, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guarded(work: Coroutine[Any, Any, Any], name: str) -> None:
        try:
            await work
        except Exception:
            log.exception("background work %s failed", name)

    async def drain(self) -> None:
        """Wait until no task is left, including tasks started by the ones awaited."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


class KeyedRunner:
    """Runs ``process(key)`` in the background, at most once at a time per account.

    A request while one run is going makes it run once more afterwards, so every message recorded before
    the request is handled, in order, without two workers of this process racing for the same account.
    """

    def __init__(self, process: Callable[[ConversationKey], Any], background: Background) -> None:
        self._process = process
        self._background = background
        self._running: set[ConversationKey] = set()
        self._again: set[ConversationKey] = set()

    def request(self, key: ConversationKey) -> None:
        if key in self._running:
            self._again.add(key)
            return
        self._running.add(key)
        self._background.spawn(self._run(key), name=f"process {key}")

    async def _run(self, key: ConversationKey) -> None:
        try:
            while True:
                self._again.discard(key)
                try:
                    await call_off_loop(self._process, key)
                except Exception:
                    log.exception("processing the messages of %s failed", key)
                if key not in self._again:
                    return
        finally:
            self._running.discard(key)
