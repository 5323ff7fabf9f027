"""The /wecom/callback endpoint: WeCom's URL check, encrypted messages in, everything else refused."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from fake_wecom import (
    AES_KEY,
    AGENT_ID,
    CORP_ID,
    TOKEN,
    CallbackSigner,
    click_xml,
    enter_agent_xml,
    template_card_xml,
    text_xml,
)
from wecom_doubles import Clock, MemoryInbox

from bot.channels.wecom import WecomChannel
from conversations.messages import ConversationKey, Inbound

Client = TestClient[web.Request, web.Application]
USER = "WangFang"


async def post(client: Client, signer: CallbackSigner, xml: str, timestamp: float) -> web.Response:
    query, body = signer.post(xml, int(timestamp))
    return await client.post("/wecom/callback", params=query, data=body)


# --- URL verification ---------------------------------------------------------------------------------------


async def test_url_verification_answers_the_decrypted_echostr_alone(
    callback_client: Client, signer: CallbackSigner, clock: Clock
) -> None:
    query = signer.verify_url("5927782489442352469", int(clock()))

    response = await callback_client.get("/wecom/callback", params=query)

    assert response.status == 200
    assert await response.read() == b"5927782489442352469"
    assert response.content_type == "text/plain"


async def test_url_verification_with_a_wrong_signature_is_refused(
    callback_client: Client, signer: CallbackSigner, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    query = {**signer.verify_url("5927782489442352469", int(clock())), "msg_signature": "0" * 40}

    response = await callback_client.get("/wecom/callback", params=query)

    assert response.status == 403
    assert await response.read() == b""
    assert "wrong signature" in caplog.text


async def test_url_verification_survives_a_plus_decoded_as_a_space(
    callback_client: Client, signer: CallbackSigner, clock: Clock
) -> None:
    for attempt in range(20):  # until the ciphertext holds a '+'
        query = signer.verify_url(f"echo-{attempt}", int(clock()))
        if "+" in query["echostr"]:
            break
    raw = "&".join(f"{k}={v}" for k, v in query.items())  # '+' left unescaped, as a sloppy proxy would

    response = await callback_client.get(f"/wecom/callback?{raw}")

    assert response.status == 200
    assert (await response.text()).startswith("echo-")


# --- messages in ------------------------------------------------------------------------------------------


async def test_a_text_message_is_recorded_then_answered_with_an_empty_200(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox, channel: WecomChannel
) -> None:
    sent_at = int(clock()) - 2

    response = await post(callback_client, signer, text_xml(USER, "/月度安排", "7001", sent_at), clock())

    assert response.status == 200
    assert await response.read() == b""
    assert inbox.recorded == [
        Inbound(
            key=ConversationKey("wecom", USER),
            message_id="7001",
            received_at=datetime.fromtimestamp(sent_at, UTC),
            text="/月度安排",
        )
    ]
    await channel.receiver.idle()
    assert inbox.processed == [ConversationKey("wecom", USER)]


async def test_a_message_delivered_four_times_is_recorded_and_handled_once(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox, channel: WecomChannel
) -> None:
    xml = text_xml(USER, "1", "7002", int(clock()))

    statuses = []
    for _ in range(4):  # the original and WeCom's three retries, each freshly signed
        statuses.append((await post(callback_client, signer, xml, clock())).status)
        clock.advance(5)
    await channel.receiver.idle()

    assert statuses == [200, 200, 200, 200]
    assert [m.message_id for m in inbox.recorded] == ["7002"]
    assert inbox.processed == [ConversationKey("wecom", USER)]


async def test_the_answer_does_not_wait_for_the_engine(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox, channel: WecomChannel
) -> None:
    release = asyncio.Event()

    async def slow_process(key: ConversationKey) -> None:
        await release.wait()

    channel.receiver._process = slow_process

    response = await post(callback_client, signer, text_xml(USER, "状态", "7003", int(clock())), clock())

    assert response.status == 200
    assert [m.message_id for m in inbox.recorded] == ["7003"]
    release.set()
    await channel.receiver.idle()


async def test_a_menu_click_is_a_command_and_a_card_button_a_choice(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox
) -> None:
    at = int(clock())
    await post(callback_client, signer, click_xml(USER, "/待办", at), clock())
    await post(callback_client, signer, template_card_xml(USER, "confirm", at + 1), clock())

    assert [(m.message_id, m.text, m.choice) for m in inbox.recorded] == [
        (f"{USER}:{at}:click", "/待办", None),
        (f"{USER}:{at + 1}:template_card_event", "", "confirm"),
    ]


async def test_a_repeated_event_is_recorded_once(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox
) -> None:
    xml = click_xml(USER, "/待办", int(clock()))
    for _ in range(4):
        await post(callback_client, signer, xml, clock())

    assert len(inbox.recorded) == 1


async def test_entering_the_app_is_acknowledged_and_ignored(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox
) -> None:
    response = await post(callback_client, signer, enter_agent_xml(USER, int(clock())), clock())

    assert response.status == 200
    assert inbox.recorded == []


async def test_a_message_that_cannot_be_recorded_is_not_acknowledged_so_wecom_sends_it_again(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox, channel: WecomChannel
) -> None:
    inbox.broken = RuntimeError("database is locked")
    xml = text_xml(USER, "状态", "7004", int(clock()))

    first = await post(callback_client, signer, xml, clock())
    inbox.broken = None
    second = await post(callback_client, signer, xml, clock())

    assert (first.status, second.status) == (500, 200)
    assert [m.message_id for m in inbox.recorded] == ["7004"]


# --- bad requests -------------------------------------------------------------------------------------------


def _signed(xml: str, at: float, signer: CallbackSigner | None = None) -> tuple[dict[str, str], bytes]:
    return (signer or CallbackSigner()).post(xml, int(at))


def _bad_requests(now: float) -> dict[str, tuple[dict[str, str], bytes, int]]:
    good = text_xml(USER, "hi", "9001", int(now))
    query, body = _signed(good, now)
    stale_query, stale_body = _signed(good, now - 301)
    future_query, future_body = _signed(good, now + 301)
    other_corp_query, other_corp_body = _signed(text_xml(USER, "hi", "9002", int(now), to="wwOtherCorp"), now)
    agent_query, agent_body = _signed(text_xml(USER, "hi", "9003", int(now), agent_id=1000099), now)
    sealed_query, sealed_body = _signed(good, now, CallbackSigner(TOKEN, AES_KEY, "wwSomeoneElse"))
    other_key = "b" * 42 + "A"
    key_query, key_body = _signed(good, now, CallbackSigner(TOKEN, other_key, CORP_ID))
    token_query, token_body = _signed(good, now, CallbackSigner("anotherToken", AES_KEY, CORP_ID))
    malformed = CallbackSigner().post("<xml><ToUserName>broken", int(now))
    return {
        "wrong signature": ({**query, "msg_signature": "f" * 40}, body, 403),
        "signed with another token": (token_query, token_body, 403),
        "encrypted with another key": (key_query, key_body, 400),
        "sealed for another corp": (sealed_query, sealed_body, 403),
        "timestamp over 5 minutes old": (stale_query, stale_body, 403),
        "timestamp over 5 minutes ahead": (future_query, future_body, 403),
        "missing signature": ({k: v for k, v in query.items() if k != "msg_signature"}, body, 400),
        "malformed envelope": (query, b"<xml><Encrypt>", 400),
        "envelope without Encrypt": (query, b"<xml><ToUserName>x</ToUserName></xml>", 400),
        "envelope with a DTD": (query, b'<!DOCTYPE x [<!ENTITY a "b">]>' + body, 400),
        "body too large to read": (query, body + b" " * 1_100_000, 413),
        "malformed decrypted XML": (*malformed, 400),
        "ToUserName not our corp": (other_corp_query, other_corp_body, 403),
        "unknown AgentID": (agent_query, agent_body, 403),
    }


@pytest.mark.parametrize("case", list(_bad_requests(0)))
async def test_a_bad_request_gets_a_4xx_and_a_log_line_and_never_reaches_the_engine(
    case: str, callback_client: Client, clock: Clock, inbox: MemoryInbox, caplog: pytest.LogCaptureFixture
) -> None:
    query, body, status = _bad_requests(clock())[case]
    caplog.set_level(logging.WARNING, "fmbot.wecom")

    response = await callback_client.post("/wecom/callback", params=query, data=body)

    assert response.status == status
    assert inbox.recorded == []
    assert [r.getMessage() for r in caplog.records if "rejected" in r.getMessage()] != []
    assert TOKEN not in caplog.text and AES_KEY not in caplog.text


async def test_a_message_fmbot_cannot_read_still_reaches_the_engine_so_the_member_hears_back(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox
) -> None:
    location = (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{USER}]]></FromUserName>"
        f"<CreateTime>{int(clock())}</CreateTime><MsgType><![CDATA[location]]></MsgType>"
        "<Location_X>32.0</Location_X><Location_Y>120.9</Location_Y><Scale>15</Scale>"
        f"<Label><![CDATA[南通]]></Label><MsgId>7005</MsgId><AgentID>{AGENT_ID}</AgentID></xml>"
    )

    await post(callback_client, signer, location, clock())

    assert [(m.message_id, m.text, m.attachment) for m in inbox.recorded] == [("7005", "", None)]


# --- genuine messages refused for what they hold: the member is told ------------------------------------


async def test_a_message_over_64_kb_is_refused_and_its_sender_told_it_is_too_long(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox
) -> None:
    pasted = "推进义务教育优质均衡发展，" * 2_000  # 26,000 characters: a whole document pasted
    query, body = signer.post(text_xml(USER, pasted, "7101", int(clock())), int(clock()))
    assert len(body) > 64 * 1024

    response = await callback_client.post("/wecom/callback", params=query, data=body)

    assert response.status == 200  # answered: WeCom must not send it again (and the notice with it)
    assert inbox.recorded == []
    assert [(user, "消息过长" in text) for user, text in inbox.notices] == [(USER, True)]


async def test_a_message_with_a_control_character_is_refused_and_its_sender_told(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox
) -> None:
    for n, content in enumerate(["1. 推进智慧校园建设\x01", "1. 推进智慧校园建设&#x1B;"]):
        await post(callback_client, signer, text_xml(USER, content, f"710{n + 2}", int(clock())), clock())

    assert inbox.recorded == []
    told = [user for user, text in inbox.notices if "含有无法识别的字符" in text]
    assert told == [USER, USER] and len(inbox.notices) == 2


async def test_a_refused_message_for_another_app_tells_nobody(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox
) -> None:
    xml = text_xml(USER, "状态\x01", "7104", int(clock()), agent_id=1000099)

    response = await post(callback_client, signer, xml, clock())

    assert response.status == 403
    assert inbox.recorded == [] and inbox.notices == []


async def test_tabs_and_line_breaks_are_not_control_characters_to_refuse(
    callback_client: Client, signer: CallbackSigner, clock: Clock, inbox: MemoryInbox
) -> None:
    await post(callback_client, signer, text_xml(USER, "1.\t推进\r\n2. 加强", "7105", int(clock())), clock())

    assert [m.text for m in inbox.recorded] == ["1.\t推进\n2. 加强"]
    assert inbox.notices == []
