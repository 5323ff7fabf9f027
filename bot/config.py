"""Configuration from environment variables, optionally from a TOML file named by ``FM_CONFIG``.

Environment variables win over the file. In the file, keys are the variable names without the ``FM_``
prefix, in lower case (``database_url = "..."``). A wrong value stops start-up with a message that names
the variable and what was expected.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fm_domain.nudges import NudgeSettings

DEFAULT_DATABASE_URL = "sqlite:///var/fmbot.sqlite3"
DEFAULT_LOG_FILE = "var/fmbot.log"


class ConfigError(Exception):
    """A setting that cannot be used; the message names the variable."""


def _database_url(name: str, raw: str) -> str:
    url = raw.strip()
    if not url.startswith(("sqlite://", "postgresql://", "postgresql+psycopg://")):
        raise ConfigError(
            f"{name} 应为 sqlite:///路径 或 postgresql+psycopg://用户@主机:端口/库名，实际为 {url!r}"
        )
    return url


def _timezone(name: str, raw: str) -> str:
    try:
        ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name} 应为 IANA 时区名（例如 Asia/Shanghai），实际为 {raw!r}") from None
    return raw.strip()


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = 0
    if value <= 0:
        raise ConfigError(f"{name} 应为正整数，实际为 {raw!r}")
    return value


def _log_level(name: str, raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(f"{name} 应为 DEBUG、INFO、WARNING 或 ERROR 之一，实际为 {raw!r}")
    return level


def _optional_path(name: str, raw: str) -> str:
    path = raw.strip()
    if path and not Path(path).is_file():
        raise ConfigError(f"{name} 应为存在的文件路径，实际为 {raw!r}")
    return path


def _optional_text(name: str, raw: str) -> str:
    return raw.strip()


def _optional_url(name: str, raw: str) -> str:
    url = raw.strip().rstrip("/")
    if url and not url.startswith(("http://", "https://")):
        raise ConfigError(f"{name} 应为 http:// 或 https:// 开头的地址，实际为 {raw!r}")
    return url


def _wecom_aes_key(name: str, raw: str) -> str:
    key = raw.strip()
    if key and len(key) != 43:
        raise ConfigError(f"{name} 应为企业微信后台生成的 43 位 EncodingAESKey，实际长度为 {len(key)}")
    return key


def _wecom_choice_style(name: str, raw: str) -> str:
    style = raw.strip().lower()
    if style not in ("markdown", "text"):
        raise ConfigError(f"{name} 应为 markdown 或 text，实际为 {raw!r}")
    return style


def _optional_int(name: str, raw: str) -> int | None:
    text = str(raw).strip()
    if not text:
        return None
    if not text.isdigit():
        raise ConfigError(f"{name} 应为数字，实际为 {raw!r}")
    return int(text)


def _parse_clock(name: str, raw: str) -> time:
    hours, colon, rest = str(raw).strip().replace("：", ":").partition(":")
    minutes = rest[:2]
    try:
        if not (colon and hours.isdigit() and minutes.isdigit() and rest[2:] in ("", ":00")):
            raise ValueError(raw)
        return time(int(hours), int(minutes))
    except ValueError:
        raise ConfigError(f"{name} 应为 24 小时制时刻，例如 09:00，实际为 {raw!r}") from None


def _clock_time(name: str, raw: str) -> str:
    return f"{_parse_clock(name, raw):%H:%M}"


def _optional_clock_time(name: str, raw: str) -> str:
    return _clock_time(name, raw) if str(raw).strip() else ""


def _time_window(name: str, raw: str) -> str:
    start, separator, end = str(raw).replace("–", "-").replace("~", "-").partition("-")
    if not separator:
        raise ConfigError(f"{name} 应写成 开始-结束，例如 08:30-18:00，实际为 {raw!r}")
    return f"{_parse_clock(name, start):%H:%M}-{_parse_clock(name, end):%H:%M}"


def _working_days_before(name: str, raw: str) -> tuple[int, ...]:
    parts = [part for part in str(raw).replace("，", ",").replace(" ", ",").split(",") if part]
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        raise ConfigError(f"{name} 应为逗号分隔的正整数（提前几个工作日提醒），例如 3,1，实际为 {raw!r}")
    return tuple(int(part) for part in parts)


def _flag(name: str, raw: str) -> bool:
    word = str(raw).strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} 应为 true 或 false，实际为 {raw!r}")


def _setting(env: str, parse: Callable[[str, str], Any], default: Any, secret: bool = False) -> Any:
    return field(default=default, metadata={"env": env, "parse": parse, "secret": secret})


@dataclass(frozen=True)
class Settings:
    database_url: str = _setting("FM_DATABASE_URL", _database_url, DEFAULT_DATABASE_URL)
    timezone: str = _setting("FM_TIMEZONE", _timezone, "Asia/Shanghai")
    log_level: str = _setting("FM_LOG_LEVEL", _log_level, "INFO")
    # Where the commands people run (all but serve and run, which log to stderr) write their log.
    log_file: str = _setting("FM_LOG_FILE", _optional_text, DEFAULT_LOG_FILE)
    draft_idle_minutes: int = _setting("FM_DRAFT_IDLE_MINUTES", _positive_int, 24 * 60)
    match_thresholds_file: str = _setting("FM_MATCH_THRESHOLDS", _optional_path, "")
    holidays_file: str = _setting("FM_HOLIDAYS_FILE", _optional_path, "")
    # Reporting tasks (报送任务) kept in a file, applied over the stored ones at start-up (the file wins).
    reporting_tasks_file: str = _setting("FM_REPORTING_TASKS", _optional_path, "")
    # WeCom (企业微信 / 政务微信): all five of corp id, agent id, secret, token and AES key, or none.
    wecom_corp_id: str = _setting("FM_WECOM_CORP_ID", _optional_text, "")
    wecom_agent_id: int | None = _setting("FM_WECOM_AGENT_ID", _optional_int, None)
    wecom_secret: str = _setting("FM_WECOM_SECRET", _optional_text, "", secret=True)
    wecom_token: str = _setting("FM_WECOM_TOKEN", _optional_text, "", secret=True)
    wecom_aes_key: str = _setting("FM_WECOM_AES_KEY", _wecom_aes_key, "", secret=True)
    wecom_api_base: str = _setting("FM_WECOM_API_BASE", _optional_url, "https://qyapi.weixin.qq.com")
    # markdown shows choices best in the WeCom client; members who use the app inside personal 微信 see no
    # markdown at all, so such deployments choose text.
    wecom_choice_style: str = _setting("FM_WECOM_CHOICE_STYLE", _wecom_choice_style, "markdown")
    # Telegram: the token alone means long polling; webhook URL and secret switch `fmbot serve` to webhook.
    telegram_token: str = _setting("FM_TELEGRAM_TOKEN", _optional_text, "", secret=True)
    telegram_webhook_url: str = _setting("FM_TELEGRAM_WEBHOOK_URL", _optional_url, "")
    telegram_webhook_secret: str = _setting("FM_TELEGRAM_WEBHOOK_SECRET", _optional_text, "", secret=True)
    telegram_api_base: str = _setting("FM_TELEGRAM_API_BASE", _optional_url, "https://api.telegram.org")
    # Nudges (催办): local times in FM_TIMEZONE; nothing goes out outside the window or on a non-working day.
    nudge_send_time: str = _setting("FM_NUDGE_SEND_TIME", _clock_time, "09:00")
    nudge_window: str = _setting("FM_NUDGE_WINDOW", _time_window, "08:30-18:00")
    nudge_before: tuple[int, ...] = _setting("FM_NUDGE_BEFORE", _working_days_before, (3, 1))
    nudge_overdue_limit: int | None = _setting("FM_NUDGE_OVERDUE_LIMIT", _optional_int, None)
    nudge_digest: bool = _setting("FM_NUDGE_DIGEST", _flag, True)
    nudge_digest_time: str = _setting("FM_NUDGE_DIGEST_TIME", _optional_clock_time, "")  # "": at send time
    # Outbox delivery: the lease on claimed messages, renewed while they are sent; one not renewed this
    # long is taken over (its process died). Attempts before giving up.
    delivery_claim_timeout_s: int = _setting("FM_DELIVERY_CLAIM_TIMEOUT", _positive_int, 20)
    delivery_max_attempts: int = _setting("FM_DELIVERY_MAX_ATTEMPTS", _positive_int, 12)
    # The web console: the address /登录 links point at (unset: no links), and the key that signs them
    # (unset: one is made once and kept in the database, shared by every process on it).
    web_base_url: str = _setting("FM_WEB_BASE_URL", _optional_url, "")
    web_secret: str = _setting("FM_WEB_SECRET", _optional_text, "", secret=True)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def nudge_settings(self) -> NudgeSettings:
        """The FM_NUDGE_* settings for the planner; ConfigError when they contradict each other."""
        start, _, end = self.nudge_window.partition("-")
        try:
            return NudgeSettings(
                send_time=time.fromisoformat(self.nudge_send_time),
                window_start=time.fromisoformat(start),
                window_end=time.fromisoformat(end),
                before=self.nudge_before,
                overdue_limit=self.nudge_overdue_limit,
                digest=self.nudge_digest,
                digest_time=time.fromisoformat(self.nudge_digest_time) if self.nudge_digest_time else None,
            )
        except ValueError as error:
            raise ConfigError(f"催办设置（FM_NUDGE_*）有误：{error}") from None

    @property
    def wecom_enabled(self) -> bool:
        return bool(self.wecom_corp_id)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token)

    def redacted(self) -> dict[str, Any]:
        """The settings as a dict that is safe to log: secrets are masked."""
        return {
            f.name: ("***" if f.metadata["secret"] and getattr(self, f.name) else getattr(self, f.name))
            for f in fields(self)
        }


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings; raise ConfigError naming the first wrong variable."""
    env = os.environ if environ is None else environ
    file_values = _read_config_file(env.get("FM_CONFIG", ""))
    values: dict[str, Any] = {}
    for f in fields(Settings):
        variable = f.metadata["env"]
        file_key = variable.removeprefix("FM_").lower()
        if variable in env:
            raw = env[variable]
        elif file_key in file_values:
            raw = str(file_values[file_key])
        else:
            continue
        values[f.name] = f.metadata["parse"](variable, raw)
    settings = Settings(**values)
    _check_channel_settings(settings)
    return settings


_WECOM_REQUIRED = {
    "FM_WECOM_CORP_ID": "wecom_corp_id",
    "FM_WECOM_AGENT_ID": "wecom_agent_id",
    "FM_WECOM_SECRET": "wecom_secret",
    "FM_WECOM_TOKEN": "wecom_token",
    "FM_WECOM_AES_KEY": "wecom_aes_key",
}


def _check_channel_settings(settings: Settings) -> None:
    """A channel is configured whole or not at all: half a WeCom app cannot answer a callback."""
    given = {env for env, attr in _WECOM_REQUIRED.items() if getattr(settings, attr) not in ("", None)}
    if given and given != set(_WECOM_REQUIRED):
        missing = "、".join(sorted(set(_WECOM_REQUIRED) - given))
        raise ConfigError(f"企业微信配置不完整，缺少 {missing}")
    if bool(settings.telegram_webhook_url) != bool(settings.telegram_webhook_secret):
        raise ConfigError("FM_TELEGRAM_WEBHOOK_URL 与 FM_TELEGRAM_WEBHOOK_SECRET 须同时设置（Webhook 模式）")
    if settings.telegram_webhook_url and not settings.telegram_token:
        raise ConfigError("设置了 FM_TELEGRAM_WEBHOOK_URL 但缺少 FM_TELEGRAM_TOKEN")


def _read_config_file(path: str) -> dict[str, Any]:
    if not path:
        return {}
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"FM_CONFIG 指向的文件不存在：{path}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"FM_CONFIG 文件 {path} 不是合法的 TOML：{error}") from None
    known = {f.metadata["env"].removeprefix("FM_").lower() for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"FM_CONFIG 文件 {path} 含有未知配置项：{', '.join(unknown)}")
    return data
