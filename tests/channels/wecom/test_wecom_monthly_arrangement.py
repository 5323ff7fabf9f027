"""A whole conversation over WeCom on the real engine and storage: a liaison binds with an invite and
submits a monthly arrangement; WeCom's encrypted callbacks go in, replies come out through the fake API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_wecom import CallbackSigner, FakeWecom, text_xml
from wecom_doubles import Clock

from bot.catalog_files.sample import load_sample_catalog
from bot.channels.wecom import WecomChannel, WecomConfig, add_wecom_routes, build_wecom_channel
from bot.clock import utc_from_seconds
from bot.delivery import DeliveryLoop
from conversations import Engine, MatchingReviewer, Services
from fm_domain.records import SubmissionKind
from fm_domain.users import Role, invite_expiry
from storage import Database

USER = "LiuYang"  # a WeCom member id (userid)
DEPARTMENT = "jiaoyu"


@pytest.fixture(scope="module")
def reviewer() -> MatchingReviewer:
    return MatchingReviewer()


@pytest.fixture
def engine(sqlite_database: Database, clock: Clock, reviewer: MatchingReviewer) -> Engine:
    now = datetime.fromtimestamp(clock(), UTC)
    with sqlite_database.unit_of_work() as uow:
        for department in load_sample_catalog():
            uow.catalog.save_revision(department, "sample_catalog.yaml", now)
        uow.commit()
    services = Services(
        clock=lambda: datetime.fromtimestamp(clock(), UTC),
        timezone=ZoneInfo("Asia/Shanghai"),
        reviewer=reviewer,
    )
    return Engine(sqlite_database.unit_of_work, services)


@pytest.fixture
def invite(sqlite_database: Database, clock: Clock) -> str:
    now = datetime.fromtimestamp(clock(), UTC)
    with sqlite_database.unit_of_work() as uow:
        code = uow.invites.issue(Role.LIAISON, DEPARTMENT, invite_expiry(now, 7), now)
        uow.commit()
    return code


@pytest.fixture
def wecom(config: WecomConfig, sqlite_database: Database, engine: Engine, clock: Clock) -> WecomChannel:
    return build_wecom_channel(
        config, sqlite_database.unit_of_work, engine.record_into, engine.process_async, clock=clock
    )


class Member:
    """A WeCom member talking to fmbot: each message goes through WeCom's encrypted callback, the replies
    waiting in the outbox are delivered through the sender, and what reached the member is read back."""

    def __init__(
        self,
        client: TestClient[web.Request, web.Application],
        wecom: WecomChannel,
        engine: Engine,
        fake: FakeWecom,
        clock: Clock,
    ) -> None:
        self.client, self.wecom, self.engine, self.fake, self.clock = client, wecom, engine, fake, clock
        self.signer = CallbackSigner()
        self.msg_ids = iter(range(20_000_000_001, 20_000_001_000))
        self.seen = 0
        self.delivery = DeliveryLoop(
            engine.unit_of_work, wecom.sender, clock=lambda: utc_from_seconds(clock())
        )

    async def says(self, text: str, times: int = 1) -> str:
        xml = text_xml(USER, text, str(next(self.msg_ids)), int(self.clock()))
        for _ in range(times):
            query, body = self.signer.post(xml, int(self.clock()))
            response = await self.client.post("/wecom/callback", params=query, data=body)
            assert response.status == 200
        await self.wecom.receiver.idle()
        while (delivered := await self.delivery.deliver_once()).handled:
            assert delivered.handled == delivered.sent, delivered
        self.clock.advance(30)
        messages = self.fake.messages_to(USER)[self.seen :]
        self.seen += len(messages)
        return "\n".join(m[m["msgtype"]]["content"] for m in messages)


@pytest.fixture
async def member(
    wecom: WecomChannel, engine: Engine, fake_wecom: FakeWecom, clock: Clock
) -> Iterator[Member]:
    app = web.Application()
    add_wecom_routes(app, wecom.receiver)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield Member(client, wecom, engine, fake_wecom, clock)
    await client.close()


async def test_a_liaison_binds_and_submits_a_monthly_arrangement_over_wecom(
    member: Member, invite: str, sqlite_database: Database
) -> None:
    assert "绑定成功" in await member.says(f"/绑定 {invite}")

    prompt = await member.says("/月度安排")
    assert "月度工作安排" in prompt

    preview = await member.says("1. 推进义务教育优质均衡发展\n2. 开展中小学校园安全专项检查")
    assert "预览" in preview
    assert "回复 **1** 确认提交" in preview

    receipt = await member.says("1")
    assert "已提交" in receipt and "回执编号：YD" in receipt

    with sqlite_database.unit_of_work() as uow:
        submission = uow.submissions.latest(SubmissionKind.MONTHLY_ARRANGEMENT, DEPARTMENT, "2026-05")
    assert submission is not None
    assert any("校园安全" in text for text in submission.item_texts)


async def test_a_command_delivered_four_times_by_wecom_has_one_effect(member: Member, invite: str) -> None:
    await member.says(f"/绑定 {invite}")

    replies = await member.says("/月度安排", times=4)

    assert replies.count("月度工作安排") == 1
