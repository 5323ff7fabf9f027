"""A channel's own notices (a file too large, one that could not be fetched) go out through the outbox."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.channels.outbox_notice import outbox_notice
from bot.channels.wecom.assembly import notice_to_member
from conversations.messages import ConversationKey
from fm_domain.message_codec import decode_reply
from storage import Database
from storage.repositories.outbox import PENDING, MessageFate

MOMENT = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def queued(database: Database, channel: str) -> list[MessageFate]:
    with database.unit_of_work() as uow:
        return [fate for fate in uow.outbox.fates(channel) if fate.status == PENDING]


def test_a_notice_is_queued_as_a_plain_reply_to_that_account_at_the_clocks_moment(
    database: Database,
) -> None:
    notify = outbox_notice(database.unit_of_work, clock=lambda: MOMENT)

    notify(ConversationKey("telegram", "1001"), "请发送文字")

    [entry] = queued(database, "telegram")
    assert (entry.external_user_id, decode_reply(entry.payload).text) == ("1001", "请发送文字")
    assert entry.created_at == MOMENT


def test_a_wecom_notice_goes_to_that_member_on_wecom_at_the_seconds_clocks_moment(
    database: Database,
) -> None:
    notify = notice_to_member(database.unit_of_work, clock=MOMENT.timestamp)

    notify(ConversationKey("wecom", "zhangsan"), "文件未能取回")

    [entry] = queued(database, "wecom")
    assert (entry.external_user_id, decode_reply(entry.payload).text) == ("zhangsan", "文件未能取回")
    assert entry.created_at == MOMENT
