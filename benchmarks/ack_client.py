"""The WeCom side of the acknowledgement benchmark: many members' callbacks fired at once, each timed
from the moment its request is written to the moment its answer has been read.

The client must not be what it measures: every request is encrypted, signed and serialised before the
clock starts, each member keeps one open keep-alive connection (so no request waits for a free one in a
pool), and HTTP is spoken directly over asyncio streams rather than through a client library with queues
of its own. A probe measures how late this process's own event loop wakes up while the load runs, so a
reader can see whether the client stayed far below the latencies it reports.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from tests.channels.fake_wecom import CallbackSigner, text_xml

TEXTS = ("/帮助", "/状态", "/待办", "你好")  # what liaisons send most; none of them starts a flow


@dataclass(frozen=True)
class Load:
    members: int
    callbacks: int  # per member, re-deliveries included
    redelivered: float = 0.0  # the share of a member's callbacks that repeat one of its earlier ones

    @property
    def repeats(self) -> int:
        return round(self.callbacks * self.redelivered)

    @property
    def distinct(self) -> int:
        """Distinct messages per member."""
        return self.callbacks - self.repeats


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)  # seconds, one per request
    statuses: Counter[int] = field(default_factory=Counter)
    loop_lag: list[float] = field(default_factory=list)  # seconds this client's loop woke up late
    elapsed: float = 0.0  # seconds from the first request sent to the last answer read

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def member_id(number: int) -> str:
    return f"bench{number:04d}"


def build_requests(
    load: Load, host: str, port: int, first_msg_id: int, *, first_member: int = 0, seed: int = 13
) -> list[list[bytes]]:
    """Each member's callbacks as complete HTTP requests, in the order they will be sent.

    A re-delivery is the earlier request byte for byte, as WeCom resends it, placed later in the
    member's sequence (WeCom resends after its 5-second wait, so after the original was sent).
    """
    rng = random.Random(seed)
    signer = CallbackSigner()
    now = int(time.time())
    msg_id = first_msg_id
    members: list[list[bytes]] = []
    for number in range(first_member, first_member + load.members):
        originals = []
        for n in range(load.distinct):
            xml = text_xml(member_id(number), TEXTS[(number + n) % len(TEXTS)], str(msg_id), now)
            originals.append(_request(signer, xml, now, host, port))
            msg_id += 1
        sequence = list(originals)
        for _ in range(load.repeats):
            original = rng.randrange(len(originals))
            position = rng.randrange(sequence.index(originals[original]) + 1, len(sequence) + 1)
            sequence.insert(position, originals[original])
        members.append(sequence)
    return members


def _request(signer: CallbackSigner, xml: str, timestamp: int, host: str, port: int) -> bytes:
    query, body = signer.post(xml, timestamp)
    head = (
        f"POST /wecom/callback?{urlencode(query)} HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        "Content-Type: text/xml\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def fire(host: str, port: int, members: list[list[bytes]]) -> Outcome:
    """Send every member's callbacks, members all at once, each member's one after another."""
    outcome = Outcome()
    start = asyncio.Event()
    connections = [await asyncio.open_connection(host, port) for _ in members]
    loop = asyncio.get_running_loop()
    probe = loop.create_task(_probe_lag(outcome.loop_lag))
    sending = [
        loop.create_task(_member(reader, writer, sequence, start, outcome))
        for (reader, writer), sequence in zip(connections, members, strict=True)
    ]
    try:
        await asyncio.sleep(0.2)  # every member is waiting on the event by then
        started = time.perf_counter()
        start.set()
        await asyncio.gather(*sending)
        outcome.elapsed = time.perf_counter() - started
    finally:
        probe.cancel()
        for _, writer in connections:
            writer.close()
    return outcome


async def _member(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    sequence: list[bytes],
    start: asyncio.Event,
    outcome: Outcome,
) -> None:
    await start.wait()
    for request in sequence:
        sent = time.perf_counter()
        writer.write(request)
        status = await _read_response(reader)
        outcome.latencies.append(time.perf_counter() - sent)
        outcome.statuses[status] += 1


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    status = int(head.split(" ", 2)[1])
    length = 0
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def _probe_lag(lags: list[float], interval: float = 0.005) -> None:
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + interval
        await asyncio.sleep(interval)
        lags.append(max(0.0, loop.time() - due))
