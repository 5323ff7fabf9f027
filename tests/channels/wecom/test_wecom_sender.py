"""Replies out through WeCom's message API: rendering, files, the access_token, rate limits and failures."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from fake_wecom import AGENT_ID, DOCX_MIME, FakeWecom
from wecom_doubles import Clock

from bot.channels.delivery_result import DeliveryStatus
from bot.channels.wecom import WecomChannel, WecomConfig, build_wecom_channel
from bot.channels.wecom.quota import DatabaseRecipientQuota
from bot.channels.wecom.sender import WecomSender
from conversations.messages import Attachment, Choice, ConversationKey, Outgoing, Reply
from storage import Database

USER = "LiLei"
_outbox_ids = itertools.count(1)


def outgoing(reply: Reply, user: str = USER) -> Outgoing:
    """An outbox message as the delivery loop hands it over."""
    return Outgoing(next(_outbox_ids), ConversationKey("wecom", user), reply, datetime.now(UTC))


def claimed_again(message: Outgoing) -> Outgoing:
    """The same outbox message as the delivery loop hands it over on its next claim."""
    return replace(message, attempt=message.attempt + 1)


async def test_a_plain_reply_goes_out_as_one_text_message(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    result = await channel.sender.send(outgoing(Reply("已收到您的月度安排。")))

    assert result.status is DeliveryStatus.SENT
    [message] = fake_wecom.messages_to(USER)
    assert (message["msgtype"], message["text"], message["agentid"]) == (
        "text",
        {"content": "已收到您的月度安排。"},
        AGENT_ID,
    )
    assert result.platform_message_ids and result.platform_message_ids[0].startswith("msg-")


async def test_choices_become_numbered_lines_in_markdown(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    reply = Reply("请确认本月安排：", (Choice("确认提交", "confirm"), Choice("修改", "edit")))

    await channel.sender.send(outgoing(reply))

    [message] = fake_wecom.messages_to(USER)
    assert message["msgtype"] == "markdown"
    assert message["markdown"]["content"] == "请确认本月安排：\n\n回复 **1** 确认提交\n回复 **2** 修改"


async def test_choices_can_be_plain_text_for_clients_without_markdown(
    channel: WecomChannel, fake_wecom: FakeWecom, config: WecomConfig, sqlite_database: Database, clock: Clock
) -> None:
    quota = DatabaseRecipientQuota(sqlite_database.unit_of_work, clock)
    sender = WecomSender(
        channel.client, config.agent_id, quota, sqlite_database.unit_of_work, choice_style="text", clock=clock
    )

    await sender.send(outgoing(Reply("请确认：", (Choice("确认提交", "confirm"),))))

    [message] = fake_wecom.messages_to(USER)
    assert message["text"]["content"] == "请确认：\n\n回复 1 确认提交"


async def test_a_long_reply_is_split_at_line_ends_with_the_choices_last(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    lines = [
        f"{n}. 负责城乡居民最低生活保障、特困人员救助供养工作的组织实施与监督检查。" for n in range(1, 61)
    ]
    reply = Reply("\n".join(lines), (Choice("确认提交", "confirm"),))

    result = await channel.sender.send(outgoing(reply))

    messages = fake_wecom.messages_to(USER)
    contents = [m.get("text", m.get("markdown", {})).get("content") for m in messages]
    assert result.is_sent and len(result.platform_message_ids) == len(messages) > 1
    assert all(len(c.encode()) <= 2048 for c in contents)
    assert "\n".join(contents).replace("\n\n回复 **1** 确认提交", "") == "\n".join(lines)
    assert [m["msgtype"] for m in messages] == ["text"] * (len(messages) - 1) + ["markdown"]


async def test_a_file_is_uploaded_and_sent_after_the_text(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    receipt = Attachment("回执-2026-05.docx", b"PK\x03\x04 docx bytes", DOCX_MIME)

    result = await channel.sender.send(outgoing(Reply("回执如下：", file=receipt)))

    assert result.is_sent
    assert [c.path for c in fake_wecom.calls if c.path != "gettoken"] == [
        "message/send",
        "media/upload",
        "message/send",
    ]
    [upload] = fake_wecom.calls_to("media/upload")
    assert upload.query["type"] == "file"
    assert upload.files["media"][:2] == ("回执-2026-05.docx", b"PK\x03\x04 docx bytes")
    text, file = fake_wecom.messages_to(USER)
    assert text["text"]["content"] == "回执如下："
    assert file["msgtype"] == "file" and fake_wecom.media[file["file"]["media_id"]].content == receipt.content


async def test_the_token_is_fetched_once_from_the_configured_address_and_reused(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    for n in range(3):
        await channel.sender.send(outgoing(Reply(f"第 {n} 条")))

    assert fake_wecom.gettoken_calls == 1
    assert len(fake_wecom.messages_to(USER)) == 3


async def test_preparing_returns_with_gettoken_on_its_way_and_the_sends_use_the_token_it_brings(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    fake_wecom.answer_slowly("gettoken", 0.3)

    await channel.sender.prepare()
    # The delivery loop claims now, beside the round trip: nothing of the token is stored yet.
    assert channel.client.session.get(channel.client.access_token_key) is None
    await channel.sender.prepare()  # the next round's, while the fetch is still under way
    result = await channel.sender.send(outgoing(Reply("您好")))

    assert result.is_sent
    assert fake_wecom.gettoken_calls == 1


@pytest.mark.parametrize("invalidate", ["expire_token", "revoke_token"], ids=["42001", "40014"])
async def test_a_refused_token_is_renewed_at_once_and_the_message_still_goes_out(
    invalidate: str, channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    await channel.sender.send(outgoing(Reply("一")))
    getattr(fake_wecom, invalidate)()

    result = await channel.sender.send(outgoing(Reply("二")))

    assert result.is_sent
    assert fake_wecom.gettoken_calls == 2
    assert [m["text"]["content"] for m in fake_wecom.messages_to(USER)] == ["一", "二"]


async def test_rate_limit_45009_asks_to_retry_later_and_the_retry_goes_out(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    fake_wecom.fail_next("message/send", errcode=45009)

    message = outgoing(Reply("提醒"))
    first = await channel.sender.send(message)
    second = await channel.sender.send(claimed_again(message))

    assert (first.status, first.retry_after) == (DeliveryStatus.RETRY, 60)
    assert "45009" in first.reason
    assert second.is_sent
    assert [m["text"]["content"] for m in fake_wecom.messages_to(USER)] == ["提醒"]


@pytest.mark.parametrize(("failure", "reason"), [({"status": 502}, "HTTP 502"), ({"errcode": -1}, "busy")])
async def test_a_server_error_or_busy_wecom_asks_to_retry(
    failure: dict[str, int], reason: str, channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    fake_wecom.fail_next("message/send", **failure)

    result = await channel.sender.send(outgoing(Reply("提醒")))

    assert result.status is DeliveryStatus.RETRY and reason in result.reason
    assert result.retry_after > 0


async def test_an_unreachable_wecom_asks_to_retry(
    config: WecomConfig, sqlite_database: Database, clock: Clock
) -> None:
    closed = replace(config, api_base="http://127.0.0.1:9")  # the discard port: nothing listens
    channel = build_wecom_channel(closed, sqlite_database.unit_of_work, _record_nothing, _noop, clock=clock)

    result = await channel.sender.send(outgoing(Reply("提醒")))

    assert result.status is DeliveryStatus.RETRY
    assert result.reason.startswith("network")


async def test_an_unknown_member_is_undeliverable(channel: WecomChannel, fake_wecom: FakeWecom) -> None:
    fake_wecom.unknown_users.add("Nobody")

    result = await channel.sender.send(outgoing(Reply("提醒"), "Nobody"))

    assert result.status is DeliveryStatus.UNDELIVERABLE
    assert "81013" in result.reason


async def test_an_untrusted_server_ip_is_retried_later_and_logged_for_the_administrator(
    channel: WecomChannel, fake_wecom: FakeWecom, caplog: pytest.LogCaptureFixture
) -> None:
    fake_wecom.fail_next("message/send", errcode=60020)

    result = await channel.sender.send(outgoing(Reply("提醒")))

    assert (result.status, result.retry_after) == (DeliveryStatus.RETRY, 300)
    assert "可信 IP" in caplog.text


async def test_a_member_gets_no_more_than_the_per_minute_allowance_and_the_rest_waits(
    channel: WecomChannel, fake_wecom: FakeWecom, clock: Clock
) -> None:
    results = []
    for n in range(26):
        results.append(await channel.sender.send(outgoing(Reply(f"第 {n} 条"))))
        clock.advance(1)

    held = results[-1]
    assert [r.status for r in results[:25]] == [DeliveryStatus.SENT] * 25
    assert held.status is DeliveryStatus.RETRY and held.reason == "per-member limit"
    assert 0 < held.retry_after <= 60 - 25 + 1
    clock.advance(held.retry_after)
    assert (await channel.sender.send(outgoing(Reply("第 25 条")))).is_sent
    assert fake_wecom.dropped == []
    assert (await channel.sender.send(outgoing(Reply("别人不受影响"), "Another"))).is_sent


async def test_an_empty_reply_is_undeliverable_rather_than_silently_dropped(channel: WecomChannel) -> None:
    result = await channel.sender.send(outgoing(Reply("  ")))

    assert result.status is DeliveryStatus.UNDELIVERABLE


def _record_nothing(inbox: object, inbounds: object) -> list[bool]:
    return []


async def _noop(key: object) -> None:
    return None


async def test_a_retry_sends_only_the_parts_that_had_not_gone_out(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    lines = [f"{n}. 组织实施全市义务教育阶段学校布局规划调整工作，并开展督导评估。" for n in range(1, 61)]
    message = outgoing(Reply("\n".join(lines)))
    fake_wecom.fail_next("message/send", errcode=45009, after=1)

    first = await channel.sender.send(message)
    second = await channel.sender.send(claimed_again(message))

    delivered = [m["text"]["content"] for m in fake_wecom.messages_to(USER)]
    assert first.should_retry and second.is_sent
    assert len(delivered) == len(set(delivered)) == len(second.platform_message_ids) > 2
    assert "\n".join(delivered) == "\n".join(lines)


async def test_a_reply_outside_the_outbox_can_be_sent_directly(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    result = await channel.sender.send_reply(USER, Reply("测试消息"))

    assert result.is_sent
    assert fake_wecom.messages_to(USER)[0]["text"]["content"] == "测试消息"


async def test_a_wrong_secret_is_a_configuration_problem_retried_later_not_a_lost_message(
    config: WecomConfig, sqlite_database: Database, clock: Clock, fake_wecom: FakeWecom
) -> None:
    wrong = replace(config, secret="not-the-app-secret")
    channel = build_wecom_channel(wrong, sqlite_database.unit_of_work, _record_nothing, _noop, clock=clock)

    result = await channel.sender.send(outgoing(Reply("提醒")))

    assert (result.status, result.retry_after) == (DeliveryStatus.RETRY, 300)
    assert "40001" in result.reason
    assert fake_wecom.calls_to("message/send") == []
