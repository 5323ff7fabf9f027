"""``python -m benchmarks.acknowledgements``: how fast fmbot answers WeCom's callbacks under a burst.

Two scenarios (issue 13). In each, ``fmbot serve`` runs as deployed (real wechatpy decryption, the
members bound as liaisons, turns handled and replies delivered to a local fake WeCom API in the
background), and beside it, in the same run, a bare server that only verifies, decrypts and parses:
the floor no acknowledgement can go below on this machine. The same client fires the same load at
both, the floor first (fmbot is idle then), and reports each request's latency from send to answer:

- SQLite, 200 members × 5 callbacks: target p99 ≤ 2× the floor's p99;
- PostgreSQL, 200 members × 20 callbacks of which 10 % re-deliver an earlier one: target p99 ≤ 500 ms.

Afterwards it checks that every distinct message was recorded exactly once and waits (up to a limit)
for the turns to be handled, so a faster answer cannot come from dropping or starving work. Figures
only: nothing here is asserted by the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import OperationalError

from benchmarks.ack_client import Load, Outcome, build_requests, fire, percentile
from benchmarks.ack_servers import HOST
from benchmarks.ack_setup import inbox_counts, postgres_database, prepare, servers, sqlite_database

RATIO_TARGET = 2.0
POSTGRES_P99_TARGET = 0.5  # seconds
WARM_UP = Load(members=20, callbacks=2)  # first requests pay for imports and connections
HANDLING_WAIT = 180.0  # seconds to wait for the turns after the burst


@dataclass(frozen=True)
class Scenario:
    name: str
    load: Load
    database: Callable[[Path], AbstractContextManager[str]]
    ratio_target: float | None = None
    p99_target: float | None = None


SCENARIOS = (
    Scenario("SQLite", Load(200, 5), sqlite_database, ratio_target=RATIO_TARGET),
    Scenario(
        "PostgreSQL",
        Load(200, 20, redelivered=0.10),
        lambda _folder: postgres_database(),
        p99_target=POSTGRES_P99_TARGET,
    ),
)


@dataclass(frozen=True)
class Result:
    fmbot: Outcome
    floor: Outcome
    distinct: int  # distinct messages sent to fmbot, warm-up included
    recorded: int
    handled_after: float | None  # seconds from the last answer until every turn was handled


def main() -> int:
    print("企业微信回调应答 WeCom acknowledgements: fmbot serve beside a bare verify+decrypt+parse server")
    for scenario in SCENARIOS:
        load = scenario.load
        title = f"{scenario.name}, {load.members} members × {load.callbacks} callbacks"
        if load.redelivered:
            title += f", {load.redelivered:.0%} re-deliveries"
        print(f"  {title}")
        try:
            result = run_scenario(scenario)
        except OperationalError as error:
            print(f"    skipped: database unreachable ({error.orig})")
            continue
        _report(scenario, result)
    print()
    return 0


def run_scenario(scenario: Scenario) -> Result:
    load = scenario.load
    with tempfile.TemporaryDirectory() as folder, scenario.database(Path(folder)) as url:
        prepare(url, load.members + WARM_UP.members)
        with servers(url) as ports:
            for port in (ports.floor, ports.fmbot):
                warm = build_requests(WARM_UP, HOST, port, first_msg_id=1, first_member=load.members)
                asyncio.run(fire(HOST, port, warm))
            floor = asyncio.run(fire(HOST, ports.floor, build_requests(load, HOST, ports.floor, 10_000)))
            fmbot = asyncio.run(fire(HOST, ports.fmbot, build_requests(load, HOST, ports.fmbot, 10_000)))
            answered = time.monotonic()
            recorded, pending = inbox_counts(url)
            with contextlib.suppress(TimeoutError):
                while pending:
                    if time.monotonic() - answered > HANDLING_WAIT:
                        raise TimeoutError
                    time.sleep(0.5)
                    recorded, pending = inbox_counts(url)
            handled_after = None if pending else time.monotonic() - answered
    distinct = WARM_UP.members * WARM_UP.callbacks + load.members * load.distinct
    return Result(fmbot, floor, distinct, recorded, handled_after)


def _report(scenario: Scenario, result: Result) -> None:
    fmbot_p99, floor_p99 = result.fmbot.percentile(99), result.floor.percentile(99)
    ratio = fmbot_p99 / floor_p99
    print(
        f"    fmbot  p50 {_ms(result.fmbot.percentile(50))}  p99 {_ms(fmbot_p99)}"
        f"   floor  p50 {_ms(result.floor.percentile(50))}  p99 {_ms(floor_p99)}"
        f"   p99 ratio {ratio:.1f}×"
    )
    if scenario.ratio_target is not None:
        verdict = "ok" if ratio <= scenario.ratio_target else "MISSED"
        print(f"    target: p99 ≤ {scenario.ratio_target:.0f}× the floor   {verdict}")
    if scenario.p99_target is not None:
        verdict = "ok" if fmbot_p99 <= scenario.p99_target else "MISSED"
        print(f"    target: p99 ≤ {_ms(scenario.p99_target)}   {verdict}")
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(result.fmbot.statuses.items()))
    handled = (
        f"all handled {result.handled_after:.1f} s after the last answer"
        if result.handled_after is not None
        else f"not all handled within {HANDLING_WAIT:.0f} s"
    )
    print(
        f"    answers {statuses}; recorded {result.recorded} of {result.distinct} distinct messages;"
        f" {handled}"
    )
    print(
        f"    client loop lag p99: {_ms(percentile(result.fmbot.loop_lag, 99))} with fmbot,"
        f" {_ms(percentile(result.floor.loop_lag, 99))} with the floor"
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


if __name__ == "__main__":
    raise SystemExit(main())
