"""The WeCom app's settings in one value, so the channel never reaches for the global configuration."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.config import ConfigError, Settings

PUBLIC_API_BASE = "https://qyapi.weixin.qq.com"


@dataclass(frozen=True)
class WecomConfig:
    corp_id: str
    agent_id: int
    secret: str = field(repr=False)
    token: str = field(repr=False)
    aes_key: str = field(repr=False)
    api_base: str = PUBLIC_API_BASE

    @classmethod
    def from_settings(cls, settings: Settings) -> WecomConfig:
        """The app of ``settings``; ``bot.config`` has already checked the five values come together."""
        if not settings.wecom_enabled or settings.wecom_agent_id is None:
            raise ConfigError("未配置企业微信（FM_WECOM_CORP_ID 等）")
        return cls(
            corp_id=settings.wecom_corp_id,
            agent_id=settings.wecom_agent_id,
            secret=settings.wecom_secret,
            token=settings.wecom_token,
            aes_key=settings.wecom_aes_key,
            api_base=settings.wecom_api_base or PUBLIC_API_BASE,
        )

    @property
    def cgi_base(self) -> str:
        """The address every API path hangs under, for the public service and a 政务微信 deployment alike."""
        return f"{self.api_base.rstrip('/')}/cgi-bin/"
