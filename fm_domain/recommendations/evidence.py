"""What counts as confirmed evidence for a recommendation, and the records recommendations read beyond
the signals (issue reports, read by attribute as storage returns them)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from fm_domain.monitoring.signal import Signal


class IssueReportRecord(Protocol):
    """A 问题报告 as storage keeps it (conversations.ports.IssueReportEntry fits)."""

    @property
    def id(self) -> int: ...
    @property
    def department(self) -> str: ...
    @property
    def kind(self) -> str: ...  # overlap | unclear | new_function | difficulty | policy | event
    @property
    def description(self) -> str: ...
    @property
    def reported_at(self) -> datetime: ...


def confirmed_periods(signal: Signal, confirmed: frozenset[int]) -> tuple[str, ...]:
    """The periods of the signal's evidence that staff bore out (monitoring.reports.decided_by_staff)."""
    return tuple(
        dict.fromkeys(
            e.period for e in signal.evidence if e.finding_id is not None and e.finding_id in confirmed
        )
    )
