"""SQLite has one writer at a time, and every fmbot transaction is a writer (``BEGIN IMMEDIATE``, see
``storage.sqlite``). Left to SQLite, the threads of one process that want the lock poll for it: the
busy handler sleeps 1, 2, 5, 10 … up to 100 ms between tries, and whoever happens to try just after a
commit wins. Under a burst of turns, a recording transaction (what an acknowledgement waits for) could
lose that race many times over.

So the threads of this process queue for the lock here instead, and the threads marked with
:func:`writes_first` (the channels' recording threads) go before every other waiter: a recording waits
at most for the one transaction in progress. Other processes still meet through SQLite's busy handler.
The writes a platform call waits for (a sender's quota and part ledger before its call) go first too,
for their span only (:func:`writes_ahead`): in a fan-out, the records of calls already answered then
wait behind the later calls' own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_marks = threading.local()


def writes_first() -> None:
    """Mark the calling thread: its SQLite transactions go before the waiting ones of other threads."""
    _marks.first = True


@contextmanager
def writes_ahead() -> Iterator[None]:
    """Within it, the calling thread's SQLite transactions go before the waiting ones of unmarked threads,
    as ``writes_first`` does for good."""
    before = getattr(_marks, "first", False)
    _marks.first = True
    try:
        yield
    finally:
        _marks.first = before


class WriterQueue:
    """The turn of one transaction at a time among this process's threads, those marked first ahead.

    A thread that waited longer than ``timeout`` goes on without its turn (SQLite's own busy timeout then
    applies, as before); a thread that already holds the turn is not queued again (a nested transaction
    meets SQLite's lock, as it would without the queue).
    """

    def __init__(self, timeout: float) -> None:
        self._timeout = timeout
        self._condition = threading.Condition()
        self._holder: int | None = None
        self._waiting = 0
        self._first_waiting = 0

    @property
    def waiting(self) -> int:
        """Threads waiting for their turn (to observe the queue, in tests and logs)."""
        return self._waiting

    def enter(self) -> bool:
        """Wait for the turn; True when taken (then ``leave()`` must follow)."""
        me = threading.get_ident()
        first = getattr(_marks, "first", False)
        deadline = time.monotonic() + self._timeout
        with self._condition:
            if self._holder == me:
                return False
            self._waiting += 1
            if first:
                self._first_waiting += 1
            try:
                while self._holder is not None or (self._first_waiting and not first):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._condition.wait(remaining)
            finally:
                self._waiting -= 1
                if first:
                    self._first_waiting -= 1
            self._holder = me
            return True

    def leave(self) -> None:
        with self._condition:
            self._holder = None
            self._condition.notify_all()
