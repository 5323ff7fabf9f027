"""When the evidence is enough for a recommendation: thresholds beside the monitoring settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecommendationSettings:
    # 纠正 narrowing: this share of the duties a department should perform every year (not 阶段性, not the
    # catch-all) silent for their span is no longer a duty or two forgotten but the 三定 cut down.
    narrowing_share: float = 1 / 3
    # 改进: reports of difficulty (or complaints) about the manner of performance in a year.
    improve_reports: int = 2
    # 机构编制: items per administrative post this many times the other departments' median (or its
    # inverse) is a staffing question; fewer peers than min_peers make no median worth comparing with.
    workload_ratio: float = 1.5
    min_peers: int = 2


DEFAULT_RECOMMENDATION_SETTINGS = RecommendationSettings()
