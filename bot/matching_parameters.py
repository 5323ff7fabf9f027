"""The matcher's thresholds and scorer parameters, with the office's calibration file on top.

Apart from ``bot.app`` so that ``fmbot check``, which needs no database, does not import one.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.config import ConfigError, Settings
from fm_domain.matching.thresholds import MatchThresholds, ParameterError, ScoringParameters


def load_matching_parameters(settings: Settings) -> tuple[MatchThresholds, ScoringParameters]:
    """The bundled thresholds and scorer parameters, with the office's calibration on top: the TOML file
    FM_MATCH_THRESHOLDS names may have a [thresholds] and a [scoring] table."""
    thresholds, scoring = MatchThresholds.default(), ScoringParameters.default()
    if not settings.match_thresholds_file:
        return thresholds, scoring
    path = Path(settings.match_thresholds_file)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        unknown = sorted(set(data) - {"thresholds", "scoring"})
        if unknown:
            raise ParameterError(f"未知的节 {', '.join(unknown)}（可用：thresholds、scoring）")
        return (
            thresholds.with_overrides(data.get("thresholds", {})),
            scoring.with_overrides(data.get("scoring", {})),
        )
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, ParameterError) as error:
        raise ConfigError(f"FM_MATCH_THRESHOLDS 文件 {path} 无法使用：{error}") from None
