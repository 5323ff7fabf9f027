"""What the delivery benchmarks (fan-out, recovery) share: a fresh database, messages queued straight into
the outbox, and waiting until the outbox is settled. (The platform fakes: ``benchmarks.platform_fake``.)

The database is a temporary SQLite file, or a fresh schema (dropped afterwards) in the PostgreSQL named by
``FM_BENCH_DATABASE_URL``.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text
from sqlmodel import col

from conversations.messages import ConversationKey, Reply
from conversations.nudge_texts import NudgeText, nudge_reply
from fm_domain.message_codec import encode_reply
from storage import Database
from storage.database import normalise_url
from storage.tables.conversations import UNSETTLED_SQL, OutboxMessageRow

BENCH_DATABASE_VARIABLE = "FM_BENCH_DATABASE_URL"
QUEUED_AT = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
_ROWS_PER_INSERT = 1_000


@contextmanager
def bench_database() -> Iterator[str]:
    """The URL of a fresh, migrated database, removed afterwards."""
    server_url = os.environ.get(BENCH_DATABASE_VARIABLE, "").strip()
    if not server_url:
        with tempfile.TemporaryDirectory(prefix="fmbot-bench-") as directory:
            url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
            _migrate(url)
            yield url
        return
    server = create_engine(normalise_url(server_url), isolation_level="AUTOCOMMIT")
    schema = f"fmbot_bench_{secrets.token_hex(4)}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = server.url.update_query_dict({"options": f"-csearch_path={schema}"})
        rendered = url.render_as_string(hide_password=False)
        _migrate(rendered)
        yield rendered
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()


def database_label() -> str:
    """Which database ``bench_database`` gives."""
    return "PostgreSQL" if os.environ.get(BENCH_DATABASE_VARIABLE, "").strip() else "SQLite"


def _migrate(url: str) -> None:
    database = Database(url)
    try:
        database.upgrade()
    finally:
        database.dispose()


def sample_nudge() -> Reply:
    """The nudge every member gets: the same text and button, as one sweep queues it for a department."""
    return nudge_reply(
        NudgeText(
            kind="due",
            department="南通市教育局",
            title="月度工作安排",
            period="2026-12",
            deadline=date(2026, 12, 3),
            today=date(2026, 12, 3),
            working_days=0,
            command="/月度安排",
        )
    )


def queue_rows(url: str, channel: str, messages: Sequence[tuple[str, Reply, str]]) -> None:
    """Put ``(external user id, reply, kind)`` messages into the outbox directly, in this order."""
    engine = create_engine(normalise_url(url))
    rows = [
        {
            "channel": channel,
            "external_user_id": user,
            "payload": encode_reply(reply),
            "created_at": QUEUED_AT,
            "status": "pending",
            "kind": kind,
            "attempts": 0,
            "last_error": "",
        }
        for user, reply, kind in messages
    ]
    try:
        with engine.begin() as connection:
            for start in range(0, len(rows), _ROWS_PER_INSERT):
                connection.execute(insert(OutboxMessageRow), rows[start : start + _ROWS_PER_INSERT])
    finally:
        engine.dispose()


def queue_broadcast(url: str, channel: str, users: Sequence[str], reply: Reply, kind: str) -> None:
    """Queue one identical message to each of ``users`` as a sweep does (``OutboxRepository.queue_many``):
    on a channel whose sender takes many members in a call, one broadcast."""
    database = Database(url)
    try:
        with database.unit_of_work() as uow:
            recipients = [ConversationKey(channel, user) for user in users]
            uow.outbox.queue_many(recipients, reply, at=QUEUED_AT, kind=kind)
            uow.commit()
    finally:
        database.dispose()


def unsettled(database: Database, channel: str) -> int:
    """How many of the channel's messages are not yet sent or given up (one count, not every row; through
    the partial index of unsettled messages, so that polling it takes little from the run it watches)."""
    query = (
        select(func.count())
        .select_from(OutboxMessageRow)
        .where(col(OutboxMessageRow.channel) == channel, text(UNSETTLED_SQL))
    )
    with database.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def last_sent_at(database: Database, channel: str) -> datetime | None:
    """When the channel's last message was recorded sent (the delivery loop's clock: the wall clock)."""
    query = select(func.max(OutboxMessageRow.sent_at)).where(col(OutboxMessageRow.channel) == channel)
    with database.engine.connect() as connection:
        return connection.execute(query).scalar_one()


async def wait_until_settled(database: Database, channel: str, timeout_s: float, poll_s: float = 0.2) -> bool:
    """True once every message of the channel is settled; False when ``timeout_s`` passed first. The first
    look is after ``poll_s``: nothing is settled at the start, and on SQLite a look takes the writer's
    turn, so one at the start would hold up the first transactions of the run it watches."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        await asyncio.sleep(poll_s)
        if await asyncio.to_thread(unsettled, database, channel) == 0:
            return True
    return False
