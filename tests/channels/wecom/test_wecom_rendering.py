"""A Reply as WeCom app messages: numbered choices, the 2,048-byte limit, and how files travel."""

from __future__ import annotations

import pytest

from bot.channels.wecom.rendering import MAX_CONTENT_BYTES, media_type, render
from conversations.messages import Attachment, Choice, Reply


def contents(reply: Reply, style: str = "markdown") -> list[str]:
    rendered = render(reply, style)  # type: ignore[arg-type]
    return [m[m["msgtype"]]["content"] for m in rendered.messages]


def test_a_reply_without_choices_is_plain_text_even_in_markdown_style() -> None:
    rendered = render(Reply("已取消。"))

    assert [m["msgtype"] for m in rendered.messages] == ["text"]


def test_one_line_longer_than_the_limit_is_cut_at_character_boundaries() -> None:
    line = "职" * 1000  # 3,000 bytes in UTF-8

    parts = contents(Reply(line))

    assert [len(p.encode()) for p in parts] == [2046, 954]
    assert "".join(parts) == line


def test_choices_that_do_not_fit_beside_the_text_get_a_message_of_their_own() -> None:
    text = "办" * (MAX_CONTENT_BYTES // 3 - 2)

    parts = contents(Reply(text, (Choice("确认提交", "confirm"),)))

    assert parts == [text, "回复 **1** 确认提交"]


def test_a_file_counts_as_one_more_message_for_the_member_limits() -> None:
    rendered = render(Reply("回执", file=Attachment("a.pdf", b"%PDF-1.7", "application/pdf")))

    assert rendered.count == 2


def test_a_reply_with_nothing_to_show_is_an_error_not_a_silent_drop() -> None:
    with pytest.raises(ValueError):
        render(Reply(""))


@pytest.mark.parametrize(
    ("attachment", "kind"),
    [
        (Attachment("图.png", b"\x89PNG" * 10, "image/png"), "image"),
        (Attachment("大图.jpg", b"0" * (2 * 1024 * 1024 + 1), "image/jpeg"), "file"),
        (
            Attachment("表.xlsx", b"PK", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "file",
        ),
    ],
)
def test_only_small_jpeg_and_png_images_travel_as_images(attachment: Attachment, kind: str) -> None:
    assert media_type(attachment) == kind
