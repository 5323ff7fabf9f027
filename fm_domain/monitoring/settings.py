"""What each signal waits for before it speaks: spans and repetitions, one place, all configurable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MonitoringSettings:
    # 缺位: months without any report touching an active duty. A 阶段性 duty (plans, standards, surveys)
    # is performed in some years only, so it waits three; the catch-all duty (交办的其他任务) never.
    gap_months: int = 12
    periodic_gap_months: int = 36
    # The other signals look at the months before "now": the monitoring year.
    window_months: int = 12
    # 越位: confirmed out-of-scope (or retired) work in this many distinct periods. One period is a
    # single event: the finding itself already told staff of it.
    overreach_periods: int = 2
    # 交叉: the same pair on the same duty in this many distinct periods ("again and again"); both sides
    # claiming the work as their own needs this many periods between them.
    overlap_periods: int = 3
    claim_periods: int = 2
    # 滞后: a monthly item reported 延期 in this many consecutive reports, or still not done (推进中 or
    # 延期) in this many: one 推进中 is multi-month work, as every 推进中 is by construction past its month.
    delayed_reports: int = 2
    ongoing_reports: int = 3
    # 不报: reports due in the window that came late or not at all.
    missed_reports: int = 3
    # Two texts are the same work (a delayed item carried into next month, a new function recurring)
    # when their similarity (fm_domain.monitoring.similarity) reaches this.
    same_work: float = 0.5


DEFAULT_SETTINGS = MonitoringSettings()
