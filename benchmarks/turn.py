"""A console turn beside the floor of one transaction (issue 13): ``python -m benchmarks.turn``.

The turn is ``/状态`` typed by the demo's staff member in ``fmbot console``: recorded, handled, its reply
queued, claimed by the delivery loop, "sent" to the terminal and settled — all of fmbot's path but the
terminal. The floor, on the same database in the same run, is one SQLAlchemy transaction through the same
unit of work that reads the member's conversation state and writes it back (a new version): the least a
turn that keeps state can cost. The two are timed in alternating blocks (50 turns, 50 transactions, 50
turns, …), so that both see the machine in the same state: timed as one batch after the other, the ratio
moved between 2.3× and 4.4× from run to run on a shared 2-core machine. (One turn, one transaction, one turn
… would be unfair the other way: each would run with the other's code in the caches, which slows the short
transaction most.) Medians after a warm-up, so a stray slow call does not decide.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.app import build_application
from bot.channels.console import ConsoleChannel
from bot.clock import utc_now
from bot.config import load_settings
from bot.demo import seed_demo
from storage import Database

TARGET_RATIO = 3.0
BLOCK = 50
BLOCKS = 10
WARM_UP = 10  # of each block: the first calls after the other action's block are slower


def _alternate_medians_ms(
    first: Callable[[], object], second: Callable[[], object], blocks: int = BLOCKS
) -> tuple[float, float]:
    """The median milliseconds of each action, timed in alternating blocks of ``BLOCK`` repetitions."""
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(blocks):
        for action, kept in ((first, timings[0]), (second, timings[1])):
            for _ in range(WARM_UP):
                action()
            for _ in range(BLOCK):
                started = time.perf_counter()
                action()
                kept.append(time.perf_counter() - started)
    return statistics.median(timings[0]) * 1000, statistics.median(timings[1]) * 1000


def _state_round_trip(database: Database, owner: str) -> Callable[[], None]:
    def round_trip() -> None:
        with database.unit_of_work() as uow:
            stored = uow.conversations.get(owner)
            version = stored.version if stored else 0
            uow.conversations.save(
                owner,
                flow=stored.flow if stored else "",
                step=stored.step if stored else "",
                data=stored.data if stored else "{}",
                version=version + 1,
                now=utc_now(),
            )
            uow.commit()

    return round_trip


def measure_turn() -> tuple[float, float]:
    """(median ms of a console turn, median ms of the one-transaction floor)."""
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'turn.sqlite3'}"
        app = build_application(load_settings({"FM_DATABASE_URL": url}))
        try:
            seed_demo(app.database, utc_now())
            console = ConsoleChannel(app.engine, utc_now)
            with app.database.unit_of_work() as uow:
                staff = uow.users.by_account("console", "staff")
            assert staff is not None, "the demo's staff member is bound on the console"

            def turn() -> None:
                [reply] = console.say("staff", "/状态")
                assert reply.reply.text

            turn_ms, floor_ms = _alternate_medians_ms(
                turn, _state_round_trip(app.database, f"user:{staff.id}")
            )
        finally:
            app.close()
    return turn_ms, floor_ms


def report() -> None:
    turn_ms, floor_ms = measure_turn()
    ratio = turn_ms / floor_ms
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print("\n== A console turn (/状态) beside one transaction on the same state (SQLite) ==")
    print(f"  turn           {turn_ms:7.2f} ms  (record, handle, queue, claim, deliver, settle)")
    print(f"  one transaction{floor_ms:7.2f} ms  (read and write the conversation state)")
    print(f"  ratio          {ratio:7.2f}×    target ≤ {TARGET_RATIO:.0f}×: {verdict}")


if __name__ == "__main__":
    report()
