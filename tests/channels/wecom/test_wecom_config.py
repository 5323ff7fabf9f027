"""The WeCom app's settings, read through bot.config."""

from __future__ import annotations

import pytest
from fake_wecom import AES_KEY, AGENT_ID, CORP_ID, SECRET, TOKEN

from bot.channels.wecom import WecomConfig
from bot.config import ConfigError, load_settings

ENVIRONMENT = {
    "FM_WECOM_CORP_ID": CORP_ID,
    "FM_WECOM_AGENT_ID": str(AGENT_ID),
    "FM_WECOM_SECRET": SECRET,
    "FM_WECOM_TOKEN": TOKEN,
    "FM_WECOM_AES_KEY": AES_KEY,
}


def test_a_private_deployment_sends_every_call_under_its_own_address() -> None:
    settings = load_settings({**ENVIRONMENT, "FM_WECOM_API_BASE": "https://zwwx.example.gov.cn/api/"})

    config = WecomConfig.from_settings(settings)

    assert config.cgi_base == "https://zwwx.example.gov.cn/api/cgi-bin/"
    assert (config.corp_id, config.agent_id) == (CORP_ID, AGENT_ID)


def test_the_public_service_is_the_default_address() -> None:
    assert (
        WecomConfig.from_settings(load_settings(ENVIRONMENT)).cgi_base
        == "https://qyapi.weixin.qq.com/cgi-bin/"
    )


def test_secrets_stay_out_of_the_config_repr() -> None:
    text = repr(WecomConfig.from_settings(load_settings(ENVIRONMENT)))

    assert SECRET not in text and TOKEN not in text and AES_KEY not in text


def test_asking_for_the_channel_without_its_settings_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="FM_WECOM_CORP_ID"):
        WecomConfig.from_settings(load_settings({}))
