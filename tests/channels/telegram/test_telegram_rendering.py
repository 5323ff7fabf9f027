"""How replies become Telegram messages and how Telegram's conventions become the engine's words."""

from __future__ import annotations

from bot.channels.telegram.inbound import command_text
from bot.channels.telegram.rendering import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    Part,
    plan_parts,
    split_text,
    utf16_length,
)
from conversations.messages import Attachment, Choice, Reply

GOALS_FILE = Attachment("回执.docx", b"PK\x03\x04 receipt", "application/octet-stream")


def test_start_is_a_request_for_help() -> None:
    assert command_text("/start") == "/help"


def test_start_with_a_deep_link_code_binds_with_that_code() -> None:
    assert command_text("/start K7QX2M9P") == "/bind K7QX2M9P"


def test_start_addressed_to_the_bot_by_name_is_still_start() -> None:
    assert command_text("/start@fmbot_test_bot") == "/help"


def test_other_text_is_passed_on_unchanged() -> None:
    assert command_text("/年度目标") == "/年度目标"
    assert command_text("低保归谁管") == "低保归谁管"


def test_a_short_reply_is_one_message_carrying_the_buttons() -> None:
    reply = Reply("确认提交吗？", (Choice("确认提交", "/确认"),))

    assert plan_parts(reply) == [Part("确认提交吗？", with_keyboard=True)]


def test_a_file_with_a_short_text_is_one_document_with_the_text_as_caption() -> None:
    assert plan_parts(Reply("您的回执", file=GOALS_FILE)) == [
        Part("您的回执", GOALS_FILE, with_keyboard=True)
    ]


def test_a_file_with_a_text_longer_than_a_caption_goes_after_the_text_and_carries_the_buttons() -> None:
    text = "条" * (CAPTION_LIMIT + 1)

    parts = plan_parts(Reply(text, (Choice("好", "ok"),), GOALS_FILE))

    assert parts == [Part(text), Part("", GOALS_FILE, with_keyboard=True)]


def test_buttons_without_text_get_a_prompt_to_choose() -> None:
    assert plan_parts(Reply("", (Choice("好", "ok"),))) == [Part("请选择：", with_keyboard=True)]


def test_a_long_text_is_split_at_line_breaks_within_telegrams_limit() -> None:
    lines = [f"{n}. 推进城乡居民最低生活保障标准动态调整，做好临时救助工作。" for n in range(300)]

    pieces = split_text("\n".join(lines))

    assert len(pieces) > 1
    assert all(utf16_length(piece) <= MESSAGE_LIMIT for piece in pieces)
    assert "\n".join(pieces).splitlines() == lines


def test_characters_outside_the_basic_plane_count_twice_towards_the_limit() -> None:
    pieces = split_text("😀" * MESSAGE_LIMIT)

    assert [utf16_length(piece) for piece in pieces] == [MESSAGE_LIMIT, MESSAGE_LIMIT]
