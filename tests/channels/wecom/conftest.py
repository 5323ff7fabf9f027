"""Fixtures for the WeCom channel: the fake WeCom server, a settable clock, the channel on real storage, and
fmbot's aiohttp app with the callback mounted, all on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_wecom import AES_KEY, AGENT_ID, BASE_PATH, CORP_ID, SECRET, TOKEN, CallbackSigner, FakeWecom
from wecom_doubles import Clock, MemoryInbox

from bot.channels.wecom import WecomChannel, WecomConfig, add_wecom_routes, build_wecom_channel
from storage import Database


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def fake_wecom() -> AsyncIterator[FakeWecom]:
    fake = FakeWecom()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    fake.base_url = f"http://127.0.0.1:{server.port}{BASE_PATH}"
    yield fake
    await server.close()


@pytest.fixture
def config(fake_wecom: FakeWecom) -> WecomConfig:
    return WecomConfig(
        corp_id=CORP_ID,
        agent_id=AGENT_ID,
        secret=SECRET,
        token=TOKEN,
        aes_key=AES_KEY,
        api_base=fake_wecom.base_url,
    )


@pytest.fixture
def inbox() -> MemoryInbox:
    return MemoryInbox()


@pytest.fixture
def signer() -> CallbackSigner:
    return CallbackSigner()


@pytest.fixture
def make_channel(config: WecomConfig, clock: Clock, inbox: MemoryInbox) -> Callable[[Database], WecomChannel]:
    """The WeCom channel on ``database``, recording into ``inbox`` (one per simulated fmbot process)."""

    def make(database: Database) -> WecomChannel:
        return build_wecom_channel(
            config, database.unit_of_work, inbox.record_into, inbox.process, notify=inbox.notify, clock=clock
        )

    return make


@pytest.fixture
def channel(make_channel: Callable[[Database], WecomChannel], sqlite_database: Database) -> WecomChannel:
    return make_channel(sqlite_database)


@pytest.fixture
async def callback_client(channel: WecomChannel) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    """fmbot's aiohttp app with the WeCom callback mounted, served on 127.0.0.1."""
    app = web.Application()
    add_wecom_routes(app, channel.receiver)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()
