"""A sending process for the multi-process delivery tests: ``python -m tests.delivery.outbox_worker``.

``--mode drain``: deliver rounds until one finds nothing to claim, appending each delivered outbox id to
``--out`` as its fake sender "sends" it. ``--mode hang``: claim, then hang inside the first send after
writing ``--marker``, to be killed there. ``--go`` names a file to wait for before starting, so that
several workers begin together; ``--partner`` makes the first send wait until the other worker has sent.
The clock is fixed by ``--clock``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from bot.channels.delivery_result import DeliveryResult
from bot.delivery import DeliveryLoop, DeliverySettings
from conversations.messages import Outgoing
from storage import Database

CLAIM_TIMEOUT = timedelta(seconds=20)  # the lease


class FileSender:
    """Appends each delivered id to ``out``. With ``partner``, its first send waits (briefly, polling) until
    the partner worker has delivered something too, so the test sees both working whatever the start-up
    order; no lock or transaction is held meanwhile."""

    channel = "fake"

    def __init__(self, out: Path, partner: Path | None = None) -> None:
        self._out = out
        self._partner = partner

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        with self._out.open("a", encoding="utf-8") as handle:
            handle.write(f"{outgoing.id}\n")
        if self._partner is not None:
            deadline = time.monotonic() + 20
            while (
                not (self._partner.exists() and self._partner.stat().st_size) and time.monotonic() < deadline
            ):
                await asyncio.sleep(0.002)
            self._partner = None
        await asyncio.sleep(0)  # let the loop breathe, as a real network call would
        return DeliveryResult.sent()


class HangingSender:
    channel = "fake"

    def __init__(self, marker: Path) -> None:
        self._marker = marker

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        self._marker.write_text(f"{outgoing.id}\n", encoding="utf-8")
        await asyncio.Event().wait()  # never returns: the test kills the process here
        raise AssertionError("unreachable")


async def main(args: argparse.Namespace) -> None:
    database = Database(args.url)
    clock_at = datetime.fromisoformat(args.clock)
    partner = Path(args.partner) if args.partner else None
    sender = HangingSender(Path(args.marker)) if args.mode == "hang" else FileSender(Path(args.out), partner)
    loop = DeliveryLoop(
        database.unit_of_work,
        sender,
        settings=DeliverySettings(batch_size=args.batch, claim_timeout=CLAIM_TIMEOUT),
        clock=lambda: clock_at,
        worker=args.worker,
    )
    if args.go:
        while not Path(args.go).exists():
            time.sleep(0.002)
    try:
        while (await loop.deliver_once()).handled:
            pass
    finally:
        database.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--mode", choices=["drain", "hang"], default="drain")
    parser.add_argument("--out", default=os.devnull)
    parser.add_argument("--marker", default="")
    parser.add_argument("--go", default="")
    parser.add_argument("--partner", default="", help="the other worker's --out: wait for it once")
    parser.add_argument("--clock", required=True)
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--worker", required=True)
    asyncio.run(main(parser.parse_args()))
    sys.exit(0)
