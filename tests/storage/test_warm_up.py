"""Warming a database up at start (``fmbot serve``): the pool's connections open, the statements of a
delivery round compiled, nothing written; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine.interfaces import CacheStats

from fm_domain.messages import ConversationKey, Reply
from storage import Database
from storage.tables.pacing import SendPaceRow
from storage.tables.wecom import WecomSessionRow


@contextmanager
def compiled_anew(database: Database) -> Iterator[list[str]]:
    """The statements SQLAlchemy had to compile (not found in its cache) while the block ran."""
    fresh: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool) -> None:
        if context.cache_hit is CacheStats.CACHE_MISS:
            fresh.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        yield fresh
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)


def count(database: Database, table: Any) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def queue_broadcast(database: Database, members: list[str], now: datetime) -> None:
    with database.unit_of_work() as uow:
        uow.outbox.queue_many([ConversationKey("wecom", m) for m in members], Reply("请报送"), at=now)
        uow.commit()


@pytest.fixture
def starting(database_url: str) -> Iterator[Database]:
    """A process starting on the test's database: its pool empty, nothing compiled yet."""
    process = Database(database_url)
    try:
        yield process
    finally:
        process.dispose()


def test_warming_up_writes_nothing(database: Database, now: datetime) -> None:
    queue_broadcast(database, ["a", "b"], now)

    database.warm_up(now)

    assert count(database, WecomSessionRow) == count(database, SendPaceRow) == 0
    with database.unit_of_work() as uow:
        assert uow.broadcasts.of_channel("wecom") == [(1, "pending")]
        assert [fate.status for fate in uow.outbox.fates("wecom")] == ["pending", "pending"]


def test_warming_up_opens_the_pools_connections(starting: Database, now: datetime) -> None:
    starting.warm_up(now)

    assert starting.engine.pool.checkedin() == starting.engine.pool.size()  # type: ignore[attr-defined]


def test_after_warming_up_a_broadcasts_claim_and_the_access_token_compile_nothing(
    database: Database, starting: Database, now: datetime
) -> None:
    queue_broadcast(database, ["a", "b"], now)
    starting.warm_up(now)

    with compiled_anew(starting) as fresh, starting.unit_of_work() as uow:
        claim = uow.broadcasts.claim(
            "wecom", worker="w", now=now, stale_before=now - timedelta(seconds=20), limit=10
        )
        uow.wecom.session_get("wecom:corp:key:access_token", now)
        uow.wecom.take_refresh_lease("wecom:corp:key:access_token", now, now + timedelta(seconds=30))
        uow.wecom.session_set("wecom:corp:key:access_token", "token", now + timedelta(hours=2), now)
        uow.commit()

    assert claim is not None and [member for _, member in claim.members] == ["a", "b"]
    assert fresh == []


def test_without_warming_up_the_first_claim_compiles_its_statements(
    database: Database, starting: Database, now: datetime
) -> None:
    queue_broadcast(database, ["a", "b"], now)

    with compiled_anew(starting) as fresh, starting.unit_of_work() as uow:
        uow.broadcasts.claim("wecom", worker="w", now=now, stale_before=now, limit=10)

    assert fresh  # what the test above shows warming up spares
