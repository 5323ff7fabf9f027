"""Configuration: environment, then the FM_CONFIG file, then defaults; a wrong value names its variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_URL, ConfigError, load_settings


def test_defaults_are_sqlite_under_var_and_shanghai_time() -> None:
    settings = load_settings({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.timezone == "Asia/Shanghai"


def test_environment_overrides_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "fmbot.toml"
    config.write_text('timezone = "Asia/Urumqi"\nlog_level = "debug"\n', encoding="utf-8")
    settings = load_settings({"FM_CONFIG": str(config), "FM_TIMEZONE": "Asia/Hong_Kong"})
    assert settings.timezone == "Asia/Hong_Kong"
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"FM_TIMEZONE": "Mars/Olympus"}, "FM_TIMEZONE"),
        ({"FM_DATABASE_URL": "mysql://root@localhost/fm"}, "FM_DATABASE_URL"),
        ({"FM_LOG_LEVEL": "loud"}, "FM_LOG_LEVEL"),
        ({"FM_DRAFT_IDLE_MINUTES": "-5"}, "FM_DRAFT_IDLE_MINUTES"),
        ({"FM_WECOM_AES_KEY": "short"}, "FM_WECOM_AES_KEY"),
        ({"FM_WECOM_CHOICE_STYLE": "buttons"}, "FM_WECOM_CHOICE_STYLE"),
        ({"FM_WECOM_CORP_ID": "ww0123"}, "FM_WECOM_SECRET"),
        ({"FM_TELEGRAM_WEBHOOK_URL": "ftp://bot.example"}, "FM_TELEGRAM_WEBHOOK_URL"),
        ({"FM_CONFIG": "/nonexistent/fmbot.toml"}, "FM_CONFIG"),
    ],
)
def test_a_wrong_value_stops_start_up_naming_the_variable(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(environ)


def test_an_unknown_key_in_the_config_file_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "fmbot.toml"
    config.write_text('databse_url = "sqlite:///x.db"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="databse_url"):
        load_settings({"FM_CONFIG": str(config)})


def test_redacted_settings_hide_secrets() -> None:
    settings = load_settings({"FM_TELEGRAM_TOKEN": "123:secret-token"})
    assert "123:secret-token" not in str(settings.redacted())


def test_the_thresholds_file_overrides_both_thresholds_and_scorer_parameters(tmp_path: Path) -> None:
    from bot.app import load_matching_parameters

    calibration = tmp_path / "thresholds.toml"
    calibration.write_text("[thresholds]\nfit = 0.3\n\n[scoring]\nk1 = 1.2\n", encoding="utf-8")
    thresholds, scoring = load_matching_parameters(load_settings({"FM_MATCH_THRESHOLDS": str(calibration)}))
    assert (thresholds.fit, scoring.k1) == (0.3, 1.2)


def test_a_thresholds_file_with_an_unknown_table_stops_start_up(tmp_path: Path) -> None:
    from bot.app import load_matching_parameters

    calibration = tmp_path / "thresholds.toml"
    calibration.write_text("[threshold]\nfit = 0.3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="FM_MATCH_THRESHOLDS"):
        load_matching_parameters(load_settings({"FM_MATCH_THRESHOLDS": str(calibration)}))
