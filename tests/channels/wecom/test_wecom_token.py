"""The access_token: kept in the database, shared by every process, renewed before it runs out and at once
when WeCom refuses it, and fetched by one process at a time. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fake_wecom import SECRET, FakeWecom
from wechatpy.exceptions import WeChatClientException
from wecom_doubles import Clock

from bot.channels.wecom.client import WecomClient
from bot.channels.wecom.config import WecomConfig
from bot.channels.wecom.store import DatabaseSessionStorage
from storage import Database, UnitOfWork


@pytest.fixture
def processes(database: Database, database_url: str) -> Iterator[list[Database]]:
    """Four fmbot processes' views of one migrated database (each with its own connection pool)."""
    others = [Database(database_url) for _ in range(3)]
    yield [database, *others]
    for other in others:
        other.dispose()


def client_of(database: Database, config: WecomConfig, clock: Clock, **options: object) -> WecomClient:
    return WecomClient(config, DatabaseSessionStorage(database.unit_of_work, clock), **options)  # type: ignore[arg-type]


async def test_a_second_process_uses_the_token_the_first_one_fetched(
    processes: list[Database], config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    first, second = (client_of(p, config, clock) for p in processes[:2])

    token = await asyncio.to_thread(lambda: first.access_token)

    assert await asyncio.to_thread(lambda: second.access_token) == token
    assert fake_wecom.gettoken_calls == 1


async def test_the_token_is_renewed_five_minutes_before_it_expires(
    database: Database, config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    client = client_of(database, config, clock)
    first = await asyncio.to_thread(lambda: client.access_token)

    clock.advance(7200 - 301)
    still = await asyncio.to_thread(lambda: client.access_token)
    clock.advance(2)
    renewed = await asyncio.to_thread(lambda: client.access_token)

    assert still == first != renewed
    assert fake_wecom.gettoken_calls == 2


async def test_processes_needing_a_new_token_together_fetch_it_once(
    processes: list[Database], config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    clients = [client_of(p, config, clock, sleep=lambda _: time.sleep(0.01)) for p in processes]

    tokens = await asyncio.gather(*(asyncio.to_thread(lambda c=c: c.access_token) for c in clients))

    assert len(set(tokens)) == 1
    assert fake_wecom.gettoken_calls == 1


async def test_threads_of_one_process_needing_a_token_wait_for_one_fetch_without_polling(
    database: Database, config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    def no_polling(seconds: float) -> None:
        raise AssertionError(f"polled the refresh lease ({seconds} s)")

    client = client_of(database, config, clock, sleep=no_polling)
    fake_wecom.latency = 0.05  # long enough for every thread to ask while the fetch is under way

    tokens = await asyncio.gather(*(asyncio.to_thread(lambda: client.access_token) for _ in range(10)))

    assert len(set(tokens)) == 1
    assert fake_wecom.gettoken_calls == 1


async def test_the_fetch_says_when_a_round_trip_begins_and_a_stored_token_takes_none(
    processes: list[Database], config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    fetching, reading = (client_of(p, config, clock) for p in processes[:2])
    told: list[str] = []

    await asyncio.to_thread(fetching.token, lambda: told.append("fetching"))
    await asyncio.to_thread(reading.token, lambda: told.append("reading"))

    assert told == ["fetching"]
    assert fake_wecom.gettoken_calls == 1


async def test_one_transaction_reads_the_stored_token_and_takes_the_lease_before_gettoken(
    database: Database, config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    opened: list[str] = []

    def unit_of_work() -> UnitOfWork:
        opened.append("transaction")
        return database.unit_of_work()

    client = WecomClient(config, DatabaseSessionStorage(unit_of_work, clock))
    before_gettoken: list[int] = []

    await asyncio.to_thread(client.token, lambda: before_gettoken.append(len(opened)))

    assert before_gettoken == [1]  # what the first call of a fan-out waits for, beside the round trip
    assert fake_wecom.gettoken_calls == 1


class CountingSession(DatabaseSessionStorage):
    """The session storage, counting the transactions that end a refresh lease on their own."""

    releases = 0

    def release_refresh_lease(self, key: str) -> None:
        self.releases += 1
        super().release_refresh_lease(key)


async def test_storing_a_fetched_token_ends_its_refresh_lease_with_no_transaction_of_its_own(
    processes: list[Database], config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    session = CountingSession(processes[0].unit_of_work, clock)
    client = WecomClient(config, session)
    other = client_of(processes[1], config, clock)

    await asyncio.to_thread(lambda: client.access_token)

    assert session.releases == 0
    assert other.session.take_refresh_lease(other.access_token_key, 30)  # the lease is free again


class HeldStoring(DatabaseSessionStorage):
    """The session storage, whose storing of a value waits until the test lets it through."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.storing = threading.Event()
        self.may_store = threading.Event()

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        self.storing.set()
        assert self.may_store.wait(timeout=10), "nobody used the token before it was stored"
        super().set(key, value, ttl)


async def test_the_threads_of_the_fetching_process_use_a_new_token_before_it_is_stored(
    database: Database, config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    session = HeldStoring(database.unit_of_work, clock)
    client = WecomClient(config, session)

    fetching = asyncio.ensure_future(asyncio.to_thread(lambda: client.access_token))
    assert await asyncio.to_thread(session.storing.wait, 10)
    sending = await asyncio.to_thread(lambda: client.access_token)  # while it is being stored
    session.may_store.set()

    assert await fetching == sending
    assert session.get(client.access_token_key) == sending  # stored for the other processes all the same
    assert fake_wecom.gettoken_calls == 1


async def test_a_failed_fetch_ends_its_refresh_lease(
    processes: list[Database], config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    failing, other = (client_of(p, config, clock) for p in processes[:2])
    fake_wecom.fail_next("gettoken", status=502)

    with pytest.raises(WeChatClientException):
        await asyncio.to_thread(lambda: failing.access_token)

    assert other.session.take_refresh_lease(other.access_token_key, 30)


async def test_while_another_process_refreshes_the_old_token_is_still_used(
    processes: list[Database], config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    refreshing, waiting = (client_of(p, config, clock) for p in processes[:2])
    old = await asyncio.to_thread(lambda: refreshing.access_token)
    clock.advance(7200 - 60)  # inside the renewal margin, not yet expired
    assert refreshing.session.take_refresh_lease(refreshing.access_token_key, 30)

    assert await asyncio.to_thread(lambda: waiting.access_token) == old
    assert fake_wecom.gettoken_calls == 1


async def test_a_process_that_died_holding_the_refresh_lease_delays_the_others_only_briefly(
    processes: list[Database], config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    dead, alive = (client_of(p, config, clock) for p in processes[:2])
    assert dead.session.take_refresh_lease(dead.access_token_key, 30)

    def wait(seconds: float) -> None:
        clock.advance(seconds * 50)  # the lease runs out while the live process waits

    alive._sleep = wait
    token = await asyncio.to_thread(lambda: alive.access_token)

    assert token and fake_wecom.gettoken_calls == 1


async def test_expiring_a_token_that_another_process_already_replaced_changes_nothing(
    processes: list[Database], config: WecomConfig, clock: Clock, fake_wecom: FakeWecom
) -> None:
    first, second = (client_of(p, config, clock) for p in processes[:2])
    stale = await asyncio.to_thread(lambda: first.access_token)
    assert first.session.expire_if(first.access_token_key, stale)
    fresh = await asyncio.to_thread(lambda: first.access_token)

    assert not second.session.expire_if(second.access_token_key, stale)  # the slow process's 42001
    assert await asyncio.to_thread(lambda: second.access_token) == fresh
    assert fake_wecom.gettoken_calls == 2


def test_the_stored_key_holds_no_part_of_the_secret(
    database: Database, config: WecomConfig, clock: Clock
) -> None:
    key = client_of(database, config, clock).access_token_key

    assert SECRET[:6] not in key and config.corp_id in key


def test_session_storage_forgets_a_value_when_its_time_is_up(database: Database, clock: Clock) -> None:
    session = DatabaseSessionStorage(database.unit_of_work, clock)
    session.set("jsapi_ticket", "ticket-1", 10)
    session.set("forever", "value")

    assert session.get("jsapi_ticket") == "ticket-1"
    clock.advance(11)
    assert session.get("jsapi_ticket") is None
    assert session.get("forever") == "value"
    session.delete("forever")
    assert session.get("forever", "gone") == "gone"
