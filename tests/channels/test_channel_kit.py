"""The channel kit: every platform channel is found by the runtime through its builder, and only the
channels whose settings are given are built."""

from __future__ import annotations

from bot.channels import telegram, wecom
from bot.config import load_settings
from bot.runtime import CHANNELS

WECOM_SETTINGS = {
    "FM_WECOM_CORP_ID": "ww0123456789abcdef",
    "FM_WECOM_AGENT_ID": "1000002",
    "FM_WECOM_SECRET": "secret",
    "FM_WECOM_TOKEN": "token",
    "FM_WECOM_AES_KEY": "a" * 43,
}


def test_the_runtime_knows_each_platform_channel_by_its_builder() -> None:
    assert [builder.name for builder in CHANNELS] == ["telegram", "wecom"]
    assert CHANNELS == (telegram.BUILDER, wecom.BUILDER)


def test_no_channel_is_configured_without_its_settings() -> None:
    settings = load_settings({})

    assert [builder.name for builder in CHANNELS if builder.configured(settings)] == []


def test_each_channel_is_configured_by_its_own_settings() -> None:
    both = load_settings({"FM_TELEGRAM_TOKEN": "123456:ABC", **WECOM_SETTINGS})
    wecom_only = load_settings(WECOM_SETTINGS)

    assert [builder.name for builder in CHANNELS if builder.configured(both)] == ["telegram", "wecom"]
    assert [builder.name for builder in CHANNELS if builder.configured(wecom_only)] == ["wecom"]
