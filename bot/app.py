"""The composition root: settings in, a wired application out. The only place that knows every package."""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import ConfigError, Settings
from bot.database import open_database
from conversations.engine import Engine
from conversations.review import MatchingReviewer
from conversations.services import Services
from fm_domain.calendar import WorkingCalendar, parse_holiday_file
from fm_domain.matching.thresholds import MatchThresholds, ParameterError
from storage import Database

log = logging.getLogger("fmbot.app")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Application:
    settings: Settings
    database: Database
    engine: Engine

    def close(self) -> None:
        self.database.dispose()


def build_application(settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> Application:
    """Open (and migrate) the database and wire the conversation engine over it."""
    services = Services(
        clock=clock,
        timezone=settings.tz,
        draft_idle=timedelta(minutes=settings.draft_idle_minutes),
        reviewer=MatchingReviewer(load_thresholds(settings)),
        calendar=load_calendar(settings),
    )
    database = open_database(settings)
    return Application(settings, database, Engine(database.unit_of_work, services))


def load_thresholds(settings: Settings) -> MatchThresholds | None:
    """The office's calibrated thresholds (FM_MATCH_THRESHOLDS, a TOML file with a [thresholds] table)
    over the bundled ones; None keeps the bundled values, read on first use."""
    if not settings.match_thresholds_file:
        return None
    path = Path(settings.match_thresholds_file)
    try:
        overrides = tomllib.loads(path.read_text(encoding="utf-8")).get("thresholds", {})
        return MatchThresholds.default().with_overrides(overrides)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ParameterError) as error:
        raise ConfigError(f"FM_MATCH_THRESHOLDS 文件 {path} 无法使用：{error}") from None


def load_calendar(settings: Settings) -> WorkingCalendar:
    """China's working days, with the office's holiday file (FM_HOLIDAYS_FILE) on top."""
    extra = ()
    if settings.holidays_file:
        path = Path(settings.holidays_file)
        try:
            extra = parse_holiday_file(path.read_text(encoding="utf-8"), str(path))
        except (ValueError, UnicodeDecodeError) as error:
            raise ConfigError(f"FM_HOLIDAYS_FILE 文件 {path} 无法使用：{error}") from None
    return WorkingCalendar.standard(extra, on_missing_year=_warn_missing_year)


def _warn_missing_year(year: int) -> None:
    log.warning("no holiday data for %s: counting weekends only until FM_HOLIDAYS_FILE lists it", year)
