"""Callbacks that arrive together, on SQLite and PostgreSQL: recorded on the receiver's own thread in one
transaction, each answered 200 once that transaction commits, or 500 (so WeCom sends it again) if it
fails; and never waiting for a thread that handles turns."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_wecom import CallbackSigner, FakeWecom, file_xml, text_xml
from sqlalchemy import event
from wecom_doubles import Clock

from bot.channels.wecom import WecomChannel, WecomConfig, add_wecom_routes, build_wecom_channel
from bot.clock import utc_from_seconds
from conversations import Engine, Services
from conversations.engine import TURN_WORKERS
from conversations.messages import ConversationKey, Inbound
from conversations.ports import InboxPort
from storage import Database
from tests.waiting import eventually

Client = TestClient[web.Request, web.Application]
Request = tuple[dict[str, str], bytes]  # a callback's query and body
WAIT_S = 30.0  # only so that a test that would hang fails instead


class HeldRecording:
    """The engine's ``record_into``, held inside its transaction at will, noting each batch it is given;
    a batch listed in ``fail_batches`` fails after writing, as a commit that never happens."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.batches: list[list[str]] = []
        self.release = threading.Event()
        self.release.set()
        self.fail_batches: set[int] = set()

    def __call__(self, inbox: InboxPort, inbounds: Sequence[Inbound]) -> list[bool]:
        self.batches.append([inbound.message_id for inbound in inbounds])
        self.release.wait(WAIT_S)
        fresh = self.engine.record_into(inbox, inbounds)
        if len(self.batches) - 1 in self.fail_batches:
            raise RuntimeError("database is locked")
        return fresh


@pytest.fixture
def engine(database: Database, clock: Clock) -> Iterator[Engine]:
    engine = Engine(database.unit_of_work, Services(clock=lambda: utc_from_seconds(clock())))
    yield engine
    engine.close()


@pytest.fixture
def recording(engine: Engine) -> HeldRecording:
    return HeldRecording(engine)


@pytest.fixture
def processed() -> list[ConversationKey]:
    return []


@pytest.fixture
def commits(database: Database) -> Iterator[list[object]]:
    """Every transaction committed on the database from now on."""
    committed: list[object] = []

    def count(connection: object) -> None:
        committed.append(connection)

    event.listen(database.engine, "commit", count)
    yield committed
    event.remove(database.engine, "commit", count)


@pytest.fixture
async def wecom(
    config: WecomConfig,
    database: Database,
    recording: HeldRecording,
    processed: list[ConversationKey],
    clock: Clock,
) -> AsyncIterator[tuple[WecomChannel, Client]]:
    async def process(key: ConversationKey) -> None:
        processed.append(key)

    channel = build_wecom_channel(config, database.unit_of_work, recording, process, clock=clock)
    app = web.Application()
    add_wecom_routes(app, channel.receiver)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield channel, client
    await client.close()


def signed(xml: str, clock: Clock) -> Request:
    return CallbackSigner().post(xml, int(clock()))


async def post(client: Client, request: Request) -> int:
    query, body = request
    response = await client.post("/wecom/callback", params=query, data=body)
    return response.status


async def arriving_together(
    channel: WecomChannel, client: Client, recording: HeldRecording, requests: list[Request]
) -> list[int]:
    """The first request is being written (held) while the others arrive; then the write goes on."""
    recording.release.clear()
    first = asyncio.create_task(post(client, requests[0]))
    await eventually(lambda: recording.batches, WAIT_S, poll=0.001)
    together = [asyncio.create_task(post(client, request)) for request in requests[1:]]
    await eventually(lambda: channel.receiver._recorder.waiting == len(together), WAIT_S, poll=0.001)
    recording.release.set()
    return [await first, *await asyncio.gather(*together)]


def inbox_of(database: Database, user: str) -> list[str]:
    with database.unit_of_work() as uow:
        return [entry.message_id for entry in uow.inbox.unhandled("wecom", user)]


async def test_callbacks_arriving_while_a_batch_is_written_are_recorded_next_in_one_transaction(
    wecom: tuple[WecomChannel, Client],
    recording: HeldRecording,
    database: Database,
    commits: list[object],
    clock: Clock,
) -> None:
    channel, client = wecom
    at = int(clock())
    requests = [
        signed(text_xml("WangFang", "/状态", "1001", at), clock),
        signed(text_xml("WangFang", "/待办", "1002", at), clock),
        signed(text_xml("LiuYang", "/帮助", "1003", at), clock),
        signed(text_xml("WangFang", "你好", "1004", at), clock),
    ]

    statuses = await arriving_together(channel, client, recording, requests)

    assert statuses == [200, 200, 200, 200]
    assert recording.batches == [["1001"], ["1002", "1003", "1004"]]
    assert len(commits) == 2
    assert inbox_of(database, "WangFang") == ["1001", "1002", "1004"]
    assert inbox_of(database, "LiuYang") == ["1003"]


async def test_a_redelivery_inside_a_batch_is_answered_200_and_recorded_once(
    wecom: tuple[WecomChannel, Client],
    recording: HeldRecording,
    database: Database,
    processed: list[ConversationKey],
    clock: Clock,
) -> None:
    channel, client = wecom
    at = int(clock())
    original = signed(text_xml("WangFang", "/待办", "2002", at), clock)
    requests = [
        signed(text_xml("LiuYang", "/状态", "2001", at), clock),
        original,
        signed(text_xml("WangFang", "你好", "2003", at), clock),
        original,  # WeCom resends byte for byte
    ]

    statuses = await arriving_together(channel, client, recording, requests)
    await channel.receiver.idle()

    assert statuses == [200, 200, 200, 200]
    assert recording.batches == [["2001"], ["2002", "2003", "2002"]]
    assert inbox_of(database, "WangFang") == ["2002", "2003"]
    assert sorted(processed, key=str) == sorted(
        [ConversationKey("wecom", "LiuYang"), *[ConversationKey("wecom", "WangFang")] * 2], key=str
    )


async def test_a_failing_batch_answers_every_callback_in_it_500_and_wecoms_resends_are_recorded(
    wecom: tuple[WecomChannel, Client],
    recording: HeldRecording,
    database: Database,
    clock: Clock,
) -> None:
    channel, client = wecom
    at = int(clock())
    requests = [
        signed(text_xml("LiuYang", "/状态", "3001", at), clock),
        signed(text_xml("WangFang", "/待办", "3002", at), clock),
        signed(text_xml("WangFang", "你好", "3003", at), clock),
    ]
    recording.fail_batches = {1}

    statuses = await arriving_together(channel, client, recording, requests)

    assert statuses == [200, 500, 500]
    assert inbox_of(database, "WangFang") == []  # nothing of the failed batch is kept
    assert [await post(client, request) for request in requests[1:]] == [200, 200]
    assert inbox_of(database, "WangFang") == ["3002", "3003"]


async def test_a_file_and_the_text_after_it_arriving_together_both_wait_for_the_file(
    wecom: tuple[WecomChannel, Client],
    recording: HeldRecording,
    database: Database,
    fake_wecom: FakeWecom,
    clock: Clock,
) -> None:
    channel, client = wecom
    at = int(clock())
    media_id = fake_wecom.add_user_media(b"%PDF-1.4 plan", "计划.pdf", "application/pdf")
    requests = [
        signed(text_xml("LiuYang", "/状态", "4001", at), clock),
        signed(file_xml("WangFang", media_id, "计划.pdf", "4002", at), clock),
        signed(text_xml("WangFang", "就是这个", "4003", at), clock),
    ]

    statuses = await arriving_together(channel, client, recording, requests)
    staged_batch = recording.batches[1]
    await channel.receiver.idle()

    assert statuses == [200, 200, 200]
    assert staged_batch == []  # both staged in that batch's transaction, none straight into the inbox
    assert inbox_of(database, "WangFang") == ["4002", "4003"]


async def test_a_callback_is_recorded_while_every_thread_that_handles_turns_is_busy(
    config: WecomConfig, database: Database, engine: Engine, clock: Clock
) -> None:
    loop = asyncio.get_running_loop()
    busy = threading.Event()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
    occupied = [loop.run_in_executor(None, busy.wait, WAIT_S)]  # asyncio's default pool, all taken
    occupied += [loop.run_in_executor(engine._turns, busy.wait, WAIT_S) for _ in range(TURN_WORKERS)]
    channel = build_wecom_channel(
        config, database.unit_of_work, engine.record_into, engine.process_async, clock=clock
    )
    query, body = signed(text_xml("WangFang", "/状态", "5001", int(clock())), clock)

    # What the handler awaits before its 200; the threads stay busy longer than this may take.
    async with asyncio.timeout(WAIT_S / 2):
        fresh = await channel.receiver.receive(query, body)
    recorded = inbox_of(database, "WangFang")
    busy.set()
    await asyncio.gather(*occupied)
    await channel.receiver.stop()

    assert fresh
    assert recorded == ["5001"]
