"""Recovery: a sending process killed with SIGKILL in the middle of a burst, and started again.

    python -m benchmarks.recovery [--messages 1000]

1,000 different messages (10 to each of 100 members) wait in the outbox; a sending process (this module
with ``--worker``: fmbot's delivery loop and WeCom sender, as ``fmbot serve`` runs them) delivers them
to the fake WeCom of ``benchmarks.platform_fake`` (limits enforced, 50 ms answers) and is killed once a
third are recorded sent; another starts at once. Prints how many messages arrived once, more than once
and never, whether each member's arrived in order, and when the last one arrived after the restart,
beside the lease (``FM_DELIVERY_CLAIM_TIMEOUT``) the killed process's claims had to run out.

A message whose send was under way when the process died is sent again by the restarted process as the
very same request (the part ledger names the call), and the fake keeps WeCom's duplicate check: it
arrives once whether or not the killed process's request had reached WeCom.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.delivery_setup import bench_database, database_label, queue_rows, unsettled
from benchmarks.platform_fake import FakePlatform
from bot.config import Settings, load_settings
from bot.delivery import DeliveryLoop, DeliverySettings
from conversations.messages import ConversationKey, Reply
from storage import Database
from tests.channels import fake_wecom

LATENCY_S = 0.05
MEMBERS = 100
KILL_AT = 1 / 3  # of the burst arrived
BUDGET_S = 420.0  # long enough to see a recovery that waits for a five-minute claim timeout
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Recovery:
    messages: int
    arrived_before_kill: int
    once: int
    twice_or_more: int
    never: int
    out_of_order_members: int
    last_after_restart_s: float
    lease_s: float
    unsettled: int
    remade_calls: int  # calls in doubt made again as the same request
    duplicates_dropped: int  # of those, the ones whose first had reached WeCom

    def line(self) -> str:
        return (
            f"  killed after {self.arrived_before_kill:,} of {self.messages:,} had arrived;"
            f" the last arrived {self.last_after_restart_s:.1f} s after the restart"
            f" (lease {self.lease_s:.0f} s)\n"
            f"  arrived once {self.once:,}, more than once {self.twice_or_more}, never {self.never};"
            f" members whose messages arrived out of order {self.out_of_order_members};"
            f" outbox rows unsettled {self.unsettled}\n"
            f"  calls in doubt made again {self.remade_calls}, of which WeCom's duplicate check dropped"
            f" {self.duplicates_dropped} (their first had arrived)"
        )


def _settings(url: str, api_base: str) -> Settings:
    return load_settings(
        {
            "FM_DATABASE_URL": url,
            **fake_wecom.environment(api_base),
        }
    )


def _text(member: int, number: int) -> str:
    return f"成员 {member} 的第 {number} 条消息"


def _start_worker(url: str, api_base: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "benchmarks.recovery", "--worker", "--url", url, "--api-base", api_base]
    return subprocess.Popen(command, cwd=ROOT)


async def _until(condition: Callable[[], bool], timeout_s: float, poll_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(poll_s)


async def measure(url: str, count: int) -> Recovery:
    per_member = max(1, count // MEMBERS)
    burst = [(f"m{member:03d}", number) for number in range(per_member) for member in range(MEMBERS)]
    queue_rows(url, "wecom", [(user, Reply(_text(int(user[1:]), n)), "reply") for user, n in burst])
    database = Database(url)
    with FakePlatform("wecom", latency=LATENCY_S) as fake:
        api_base = f"{fake.base_url}{fake_wecom.BASE_PATH}"
        first = _start_worker(url, api_base)
        third_sent = lambda: unsettled(database, "wecom") <= len(burst) * (1 - KILL_AT)  # noqa: E731
        await _until(lambda: third_sent() or first.poll() is not None, 300, poll_s=0.02)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        restarted = time.monotonic()
        arrived_before_kill = len(fake.report()["arrivals"])
        second = _start_worker(url, api_base)
        try:
            await _until(lambda: unsettled(database, "wecom") == 0, BUDGET_S, poll_s=0.2)
            left = unsettled(database, "wecom")
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=60)
            database.dispose()
        report = fake.report()
    arrivals = [(member, content) for member, content, _ in report["arrivals"]]
    counts = Counter(arrivals)
    expected = {(user, _text(int(user[1:]), n)) for user, n in burst}
    order: dict[str, list[str]] = defaultdict(list)
    for user, content in arrivals:
        order[user].append(content)
    out_of_order = sum(
        1 for user, contents in order.items() if contents != [c for _, c in sorted(_numbered(user, contents))]
    )
    return Recovery(
        messages=len(burst),
        arrived_before_kill=arrived_before_kill,
        once=sum(1 for key in expected if counts[key] == 1),
        twice_or_more=sum(1 for key in expected if counts[key] > 1),
        never=sum(1 for key in expected if counts[key] == 0),
        out_of_order_members=out_of_order,
        last_after_restart_s=max((at for _, _, at in report["arrivals"]), default=restarted) - restarted,
        lease_s=float(_settings(url, api_base).delivery_claim_timeout_s),
        unsettled=left,
        remade_calls=report["remade_calls"],
        duplicates_dropped=report["duplicates_dropped"],
    )


def _numbered(user: str, contents: list[str]) -> list[tuple[int, str]]:
    """Each content with its number, to compare the arrival order with the queued one."""
    prefix = f"成员 {int(user[1:])} 的第 "
    return [(int(content.removeprefix(prefix).split(" ")[0]), content) for content in contents]


def report_recovery(count: int = 1_000) -> Recovery:
    print(
        f"\nRecovery ({database_label()}): SIGKILL of the sending process during a burst of {count:,}"
        f" WeCom messages ({MEMBERS} members), restarted at once; answers after {LATENCY_S * 1000:.0f} ms"
    )
    with bench_database() as url:
        result = asyncio.run(measure(url, count))
    print(result.line(), flush=True)
    return result


# --- the sending process --------------------------------------------------------------------------------


async def _work(url: str, api_base: str) -> None:
    from bot.channels.wecom import WecomConfig, build_wecom_channel

    settings = _settings(url, api_base)
    database = Database(url)
    channel = build_wecom_channel(
        WecomConfig.from_settings(settings),
        database.unit_of_work,
        lambda *_: True,
        _no_process,
        clock=time.time,
    )
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    loop = DeliveryLoop(
        database.unit_of_work, channel.sender, settings=DeliverySettings.from_settings(settings)
    )
    try:
        await loop.run(stop)
    finally:
        database.dispose()


async def _no_process(_: ConversationKey) -> None:
    return None


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1_000)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--api-base", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        logging.basicConfig(level=logging.WARNING)
        asyncio.run(_work(arguments.url, arguments.api_base))
    else:
        report_recovery(arguments.messages)
