"""Files and images from members: acknowledged at once, fetched through media/get, then into the inbox."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from aiohttp.test_utils import TestClient
from fake_wecom import DOCX_MIME, CallbackSigner, FakeWecom, file_xml, image_xml, text_xml
from wecom_doubles import Clock, MemoryInbox

from bot.channels.wecom import WecomChannel
from conversations.messages import Attachment
from storage import Database

Client = TestClient[web.Request, web.Application]
USER = "ZhaoMin"
DOCX = b"PK\x03\x04" + "2026年5月工作安排".encode() * 50


async def post(client: Client, signer: CallbackSigner, xml: str, clock: Clock) -> int:
    query, body = signer.post(xml, int(clock()))
    return (await client.post("/wecom/callback", params=query, data=body)).status


async def test_a_file_is_fetched_through_media_get_before_it_reaches_the_inbox(
    callback_client: Client,
    signer: CallbackSigner,
    clock: Clock,
    fake_wecom: FakeWecom,
    inbox: MemoryInbox,
    channel: WecomChannel,
) -> None:
    media_id = fake_wecom.add_user_media(DOCX, "5月工作安排.docx", DOCX_MIME)

    status = await post(
        callback_client, signer, file_xml(USER, media_id, "5月工作安排.docx", "8001", int(clock())), clock
    )
    await channel.receiver.idle()

    assert status == 200
    [recorded] = inbox.recorded
    assert recorded.message_id == "8001"
    assert recorded.attachment == Attachment("5月工作安排.docx", DOCX, DOCX_MIME)
    assert [c.query["media_id"] for c in fake_wecom.calls_to("media/get")] == [media_id]


async def test_an_image_arrives_as_an_attachment_named_after_its_type(
    callback_client: Client,
    signer: CallbackSigner,
    clock: Clock,
    fake_wecom: FakeWecom,
    inbox: MemoryInbox,
    channel: WecomChannel,
) -> None:
    media_id = fake_wecom.add_user_media(b"\x89PNG\r\n\x1a\n" + b"0" * 64, "", "image/png")

    await post(callback_client, signer, image_xml(USER, media_id, "8002", int(clock())), clock)
    await channel.receiver.idle()

    [recorded] = inbox.recorded
    assert recorded.attachment is not None
    assert (recorded.attachment.name, recorded.attachment.mime_type) == ("图片.png", "image/png")


async def test_a_file_delivered_four_times_is_fetched_and_recorded_once(
    callback_client: Client,
    signer: CallbackSigner,
    clock: Clock,
    fake_wecom: FakeWecom,
    inbox: MemoryInbox,
    channel: WecomChannel,
) -> None:
    media_id = fake_wecom.add_user_media(DOCX, "目标.docx", DOCX_MIME)
    xml = file_xml(USER, media_id, "目标.docx", "8003", int(clock()))

    statuses = [await post(callback_client, signer, xml, clock) for _ in range(4)]
    await channel.receiver.idle()

    assert statuses == [200] * 4
    assert [m.message_id for m in inbox.recorded] == ["8003"]
    assert len(fake_wecom.calls_to("media/get")) == 1


async def test_a_message_sent_after_a_file_still_waiting_is_recorded_after_it(
    callback_client: Client,
    signer: CallbackSigner,
    clock: Clock,
    fake_wecom: FakeWecom,
    inbox: MemoryInbox,
    channel: WecomChannel,
) -> None:
    media_id = fake_wecom.add_user_media(DOCX, "目标.docx", DOCX_MIME)
    fake_wecom.fail_next("media/get", status=502)

    await post(callback_client, signer, file_xml(USER, media_id, "目标.docx", "8004", int(clock())), clock)
    await channel.receiver.idle()
    await post(callback_client, signer, text_xml(USER, "1", "8005", int(clock())), clock)
    await channel.receiver.idle()
    assert inbox.recorded == []  # the text waits behind the file

    clock.advance(60)
    await channel.receiver.resume()
    await channel.receiver.idle()

    assert [m.message_id for m in inbox.recorded] == ["8004", "8005"]
    assert inbox.recorded[0].attachment is not None


async def test_a_file_wecom_no_longer_has_is_dropped_with_a_notice(
    callback_client: Client,
    signer: CallbackSigner,
    clock: Clock,
    inbox: MemoryInbox,
    channel: WecomChannel,
) -> None:
    await post(
        callback_client, signer, file_xml(USER, "expired-media", "旧文件.xlsx", "8006", int(clock())), clock
    )
    await channel.receiver.idle()

    assert inbox.recorded == []
    assert inbox.notices == [(USER, "抱歉，文件「旧文件.xlsx」未能取回，请重新发送。")]


async def test_a_file_over_the_size_limit_is_refused_with_a_notice(
    callback_client: Client,
    signer: CallbackSigner,
    clock: Clock,
    fake_wecom: FakeWecom,
    inbox: MemoryInbox,
    channel: WecomChannel,
) -> None:
    channel.receiver._staging._max_media_bytes = 1024 * 1024
    media_id = fake_wecom.add_user_media(b"x" * (1024 * 1024 + 1), "大文件.zip", "application/zip")

    await post(callback_client, signer, file_xml(USER, media_id, "大文件.zip", "8007", int(clock())), clock)
    await channel.receiver.idle()

    assert inbox.recorded == []
    assert "超过 1 MB" in inbox.notices[0][1]


async def test_files_left_staged_by_a_process_that_died_are_fetched_on_the_next_start(
    callback_client: Client,
    signer: CallbackSigner,
    clock: Clock,
    fake_wecom: FakeWecom,
    inbox: MemoryInbox,
    channel: WecomChannel,
    make_channel: Callable[[Database], WecomChannel],
    sqlite_database: Database,
) -> None:
    media_id = fake_wecom.add_user_media(DOCX, "目标.docx", DOCX_MIME)
    fake_wecom.fail_next("media/get", status=503)
    await post(callback_client, signer, file_xml(USER, media_id, "目标.docx", "8008", int(clock())), clock)
    await channel.receiver.idle()
    assert inbox.recorded == []

    restarted = make_channel(sqlite_database)
    clock.advance(3600)
    await restarted.receiver.start()
    await restarted.receiver.idle()
    await restarted.receiver.stop()

    assert [m.message_id for m in inbox.recorded] == ["8008"]
