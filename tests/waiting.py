"""Waiting in a test for work that happens in background tasks or threads."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def eventually(condition: Callable[[], object], timeout: float = 5.0, poll: float = 0.01) -> None:
    """Wait until ``condition()`` holds, looking every ``poll`` seconds; fail after ``timeout``. The timeout
    only turns a test that would hang into a failure: it is never a timing assertion."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(poll)
