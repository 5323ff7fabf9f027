"""What staff read when a message cannot be delivered: the cause in Chinese, the platform's words beside."""

from __future__ import annotations

from conversations.nudge_texts import delivery_cause, delivery_failed_notice


def test_a_known_platform_refusal_is_explained_in_chinese() -> None:
    assert delivery_cause("Forbidden: bot was blocked by the user").startswith("对方已屏蔽机器人")


def test_an_unknown_reason_is_shown_as_the_platforms_own_words() -> None:
    assert delivery_cause("errcode 40003: invalid openid") == "平台返回：errcode 40003: invalid openid"


def test_the_notice_names_the_recipient_the_channel_and_the_cause() -> None:
    notice = delivery_failed_notice(
        "张伟", "wecom", "errcode 81013: user not found", "请于12月7日前报送", retries_exhausted=False
    )
    assert "张伟" in notice.text and "企业微信" in notice.text and "不在应用可见范围" in notice.text
