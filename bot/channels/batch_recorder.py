"""Recording inbound messages on a thread of their own, in batches: what lets a channel acknowledge fast.

A platform is answered only once its message is committed (so an acknowledged message is never lost),
and it gives up if the answer is late (WeCom after 5 seconds, then sends again). Handling turns is slow
and bursty; if recording waited in the same thread pool as the turns, or behind them for the database,
an acknowledgement would wait for handling. So each channel records through a :class:`BatchRecorder`:

- one thread that does nothing but record, never the turns' executor nor asyncio's default pool;
- the callbacks that arrive while a batch is being written wait together and are written next, all in
  one ``write`` call (one transaction each, where the writer makes it so): under a burst the number of
  transactions, and with them SQLite's writer lock and PostgreSQL's commits, grows with the number of
  batches rather than the number of messages. Alone, a callback is written at once: nothing waits for a
  batch to fill up;
- each waiting callback is released when its batch has committed, with its own result; if the batch
  fails, every callback in it gets the error (so the platform is answered 5xx and sends it again).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, TypeVar

from storage import writes_first

T = TypeVar("T")
R = TypeVar("R")
V = TypeVar("V")

# A batch this large is already one fast transaction; a cap keeps a pathological burst from making one
# transaction that takes longer than the callbacks queued behind it can wait.
MAX_BATCH = 500


class BatchRecorder(Generic[T, R]):
    """``await recorder.record(item)`` hands ``item`` to ``write`` and returns its result.

    ``write(items)`` runs on the recorder's thread, commits all of ``items`` or none, and returns one
    result per item, in order; when it raises, every item of the batch gets the error.
    """

    def __init__(
        self,
        write: Callable[[Sequence[T]], Sequence[R]],
        *,
        name: str,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._write = write
        self._max_batch = max_batch
        # One thread: batches are written one after the other, in arrival order. On SQLite its
        # transactions go before those of the process's other threads (storage.sqlite_writers).
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name, initializer=writes_first)
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write_batches())
        # Shielded: a caller that goes away (the platform hung up) does not take its item out of a batch
        # already being written; the platform sends it again and finds it recorded.
        return await asyncio.shield(future)

    @property
    def waiting(self) -> int:
        """Items waiting for the next batch (not those of the batch being written)."""
        return len(self._waiting)

    async def run(self, function: Callable[..., V], *args: object) -> V:
        """Run a one-off write (a notice to a member) on the recorder's thread, between batches."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    async def close(self) -> None:
        """Write what is waiting, then stop the thread."""
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)
        self._executor.shutdown(wait=False)

    async def _write_batches(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting:
            batch, self._waiting = self._waiting[: self._max_batch], self._waiting[self._max_batch :]
            items = [item for item, _ in batch]
            try:
                results = await loop.run_in_executor(self._executor, self._write_checked, items)
            except Exception as error:  # each caller answers with a 5xx and logs it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)

    def _write_checked(self, items: list[T]) -> Sequence[R]:
        results = self._write(items)
        if len(results) != len(items):
            raise RuntimeError(f"recorder wrote {len(items)} items but returned {len(results)} results")
        return results
