"""``python -m benchmarks.acknowledgements``: how fast fmbot answers WeCom's callbacks under a burst.

Two scenarios (issue 13). In each, ``fmbot serve`` runs as deployed (real wechatpy decryption, the
members bound as liaisons, turns handled and replies delivered to a local fake WeCom API in the
background), and beside it, in the same run, a bare server that only verifies, decrypts and parses:
the floor no acknowledgement can go below on this machine. The same client fires the same load at
both, the floor first, then fmbot, then waits until fmbot has handled every turn (so each burst meets
an idle fmbot and the floor never runs beside its turns), and reports each request's latency from send
to answer. The machine may be shared, so this is done three times and the medians judged:

- SQLite, 200 members × 5 callbacks: target p99 ≤ 2× the floor's p99;
- PostgreSQL, 200 members × 20 callbacks of which 10 % re-deliver an earlier one: target p99 ≤ 500 ms.

It prints how long the turns took after each burst and checks that every distinct message was recorded
exactly once, so a faster answer cannot come from dropping or starving work. Figures only: nothing here
is asserted by the tests.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from sqlalchemy.exc import OperationalError

from benchmarks.ack_client import Load, Outcome, build_requests, fire, percentile
from benchmarks.ack_servers import HOST
from benchmarks.ack_setup import Servers, inbox_counts, postgres_database, prepare, servers, sqlite_database

RATIO_TARGET = 2.0
POSTGRES_P99_TARGET = 0.5  # seconds
ROUNDS = 3  # the machine is shared: each figure is the median of its rounds, each round printed too
WARM_UP = Load(members=20, callbacks=2)  # first requests pay for imports and connections
HANDLING_WAIT = 180.0  # seconds to wait for the turns after a burst


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
class Round:
    fmbot: Outcome
    floor: Outcome
    handled_after: float | None  # seconds from fmbot's last answer until every turn was handled


@dataclass(frozen=True)
class Result:
    rounds: list[Round]
    distinct: int  # distinct messages sent to fmbot, warm-up included
    recorded: int


def main() -> int:
    print("企业微信回调应答 WeCom acknowledgements: fmbot serve beside a bare verify+decrypt+parse server")
    print(f"  (latency from send to answer; median of {ROUNDS} rounds, each: floor burst, fmbot burst)")
    for scenario in SCENARIOS:
        load = scenario.load
        title = f"{scenario.name}, {load.members} members × {load.callbacks} callbacks"
        if load.redelivered:
            title += f" ({load.redelivered:.0%} of them re-deliveries)"
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
            _await_handling(url)
            rounds = [_round(url, load, ports, first_msg_id=10_000 * (n + 1)) for n in range(ROUNDS)]
            recorded, _ = inbox_counts(url)
    distinct = WARM_UP.members * WARM_UP.distinct + ROUNDS * load.members * load.distinct
    return Result(rounds, distinct, recorded)


def _round(url: str, load: Load, ports: Servers, first_msg_id: int) -> Round:
    floor = asyncio.run(fire(HOST, ports.floor, build_requests(load, HOST, ports.floor, first_msg_id)))
    fmbot = asyncio.run(fire(HOST, ports.fmbot, build_requests(load, HOST, ports.fmbot, first_msg_id)))
    return Round(fmbot, floor, _await_handling(url))


def _await_handling(url: str) -> float | None:
    """Seconds until fmbot has handled every recorded message (None: not within HANDLING_WAIT); the next
    burst starts on an idle fmbot, and the floor is never measured beside fmbot's turns."""
    started = time.monotonic()
    while inbox_counts(url)[1]:
        if time.monotonic() - started > HANDLING_WAIT:
            return None
        time.sleep(0.25)
    return time.monotonic() - started


def _report(scenario: Scenario, result: Result) -> None:
    rounds = result.rounds
    fmbot_p99 = median(r.fmbot.percentile(99) for r in rounds)
    floor_p99 = median(r.floor.percentile(99) for r in rounds)
    ratio = fmbot_p99 / floor_p99
    print(
        f"    fmbot  p50 {_ms(median(r.fmbot.percentile(50) for r in rounds))}  p99 {_ms(fmbot_p99)}"
        f"   floor  p50 {_ms(median(r.floor.percentile(50) for r in rounds))}  p99 {_ms(floor_p99)}"
        f"   p99 ratio {ratio:.1f}×"
    )
    if scenario.ratio_target is not None:
        verdict = "ok" if ratio <= scenario.ratio_target else "MISSED"
        print(f"    target: p99 ≤ {scenario.ratio_target:.0f}× the floor's   {verdict}")
    if scenario.p99_target is not None:
        verdict = "ok" if fmbot_p99 <= scenario.p99_target else "MISSED"
        print(f"    target: p99 ≤ {_ms(scenario.p99_target)}   {verdict}")
    for number, one in enumerate(rounds, start=1):
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(one.fmbot.statuses.items()))
        handled = (
            f"all handled {one.handled_after:.1f} s later"
            if one.handled_after is not None
            else f"not all handled within {HANDLING_WAIT:.0f} s"
        )
        print(
            f"    round {number}: fmbot p99 {_ms(one.fmbot.percentile(99))}, floor p99"
            f" {_ms(one.floor.percentile(99))}; fmbot answered {statuses} in {one.fmbot.elapsed:.1f} s,"
            f" {handled}; client loop lag p99 {_ms(percentile(one.fmbot.loop_lag, 99))}"
        )
    print(f"    recorded {result.recorded} of {result.distinct} distinct messages sent")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


if __name__ == "__main__":
    raise SystemExit(main())
