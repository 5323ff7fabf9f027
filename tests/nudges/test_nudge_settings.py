"""FM_NUDGE_* and FM_DELIVERY_* settings: read, checked, and turned into the planner's NudgeSettings."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.config import ConfigError, load_settings
from bot.delivery import DeliverySettings
from fm_domain.nudges import NudgeSettings


def test_without_settings_nudges_go_at_nine_within_half_past_eight_to_six() -> None:
    assert load_settings({}).nudge_settings == NudgeSettings()


def test_every_nudge_time_can_be_configured() -> None:
    settings = load_settings(
        {
            "FM_NUDGE_SEND_TIME": "9:30",
            "FM_NUDGE_WINDOW": "08:00-17:30",
            "FM_NUDGE_BEFORE": "5,3,1",
            "FM_NUDGE_OVERDUE_LIMIT": "10",
            "FM_NUDGE_DIGEST": "false",
            "FM_NUDGE_DIGEST_TIME": "16:00",
        }
    )

    assert settings.nudge_settings == NudgeSettings(
        send_time=time(9, 30),
        window_start=time(8, 0),
        window_end=time(17, 30),
        before=(5, 3, 1),
        overdue_limit=10,
        digest=False,
        digest_time=time(16, 0),
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("FM_NUDGE_SEND_TIME", "25:00", "FM_NUDGE_SEND_TIME 应为 24 小时制时刻"),
        ("FM_NUDGE_WINDOW", "9点到6点", "FM_NUDGE_WINDOW 应写成 开始-结束"),
        ("FM_NUDGE_BEFORE", "3,-1", "FM_NUDGE_BEFORE 应为逗号分隔的正整数"),
        ("FM_NUDGE_DIGEST", "maybe", "FM_NUDGE_DIGEST 应为 true 或 false"),
        ("FM_DELIVERY_CLAIM_TIMEOUT", "0", "FM_DELIVERY_CLAIM_TIMEOUT 应为正整数"),
    ],
)
def test_a_wrong_value_stops_start_up_naming_the_variable(variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({variable: value})


def test_a_send_time_outside_the_window_is_refused_when_the_planner_settings_are_built() -> None:
    settings = load_settings({"FM_NUDGE_SEND_TIME": "07:00"})

    with pytest.raises(ConfigError, match="发送时间 07:00 应在催办时段"):
        _ = settings.nudge_settings


def test_the_delivery_settings_follow_the_configuration() -> None:
    settings = load_settings({"FM_DELIVERY_CLAIM_TIMEOUT": "120", "FM_DELIVERY_MAX_ATTEMPTS": "3"})

    delivery = DeliverySettings.from_settings(settings)

    assert (delivery.claim_timeout, delivery.max_attempts) == (timedelta(seconds=120), 3)
    assert delivery.send_timeout_s == 60
