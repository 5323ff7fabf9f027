"""交叉 / 关系不顺: the same two departments overlapping on the same duty again and again, or each doing the
work under its own duty against the other's (both claiming it).

An overlap is an item the review placed on another department's active duty (ItemCheck.duty), from the
latest version of a report in the monitoring year, unless staff dismissed its finding, or one staff judged
to be on another department's duty. One overlap is the
review's business (its finding went to staff); the signal is the repetition: ``overlap_periods`` distinct
periods for the same pair and duty. Both claiming: department A's items overlap B's duty while placed on
A's own duty y, and B's items overlap A's duty y while placed on B's own — the two 三定 give the same work
to both, and both act on it; that needs ``claim_periods`` periods between them, not ``overlap_periods``
each, since two departments doing it at all is the problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from fm_domain.monitoring.periods import add_months
from fm_domain.monitoring.reports import (
    Judged,
    dismissed,
    findings_by_item,
    in_window,
    latest_versions,
    own_duties_of_item,
)
from fm_domain.monitoring.settings import DEFAULT_SETTINGS, MonitoringSettings
from fm_domain.monitoring.signal import Evidence, Mark, Pattern, Severity, Signal, SignalKind
from fm_domain.records import Finding, Submission
from fm_domain.verdicts import Verdict


@dataclass(frozen=True)
class Overlap:
    """One item of ``department`` placed on ``duty``, a duty of ``other``."""

    department: str
    other: str
    duty: str
    own: tuple[str, ...]  # the department's own duties the item is also placed on
    submission: Submission
    item: str
    finding_id: int | None

    @property
    def evidence(self) -> Evidence:
        return Evidence(
            Mark.OVERLAPPING,
            self.submission.period,
            self.submission.id,
            self.item,
            self.finding_id,
            department=self.department,
        )


def overlaps_of_year(
    submissions: Iterable[Submission],
    findings: Iterable[Finding],
    now: datetime,
    window_months: int,
    judged: Mapping[int, Judged] | None = None,
) -> list[Overlap]:
    """Every overlap of the monitoring year as staff left it, in period order: the review's, unless staff
    dismissed its finding, and any item staff judged to be on another department's duty."""
    today = now.date()
    start = add_months(today, -window_months)
    by_item = findings_by_item(findings)
    found: list[Overlap] = []
    for report in latest_versions(submissions):
        if not in_window(report, start, today):
            continue
        for index, check in enumerate(report.review.items):
            finding = by_item.get((report.id, check.text))
            judgement = (judged or {}).get(finding.id) if finding is not None else None
            if judgement is not None:
                verdict, duty = judgement.verdict, judgement.duty
            elif dismissed(finding):
                continue
            else:
                verdict, duty = check.verdict, check.duty
            other = duty.rpartition(".")[0] if duty else ""
            if verdict is not Verdict.OVERLAP or not duty or not other or other == report.department:
                continue
            own = own_duties_of_item(report, index)
            found.append(
                Overlap(
                    report.department, other, duty, own, report, check.text, finding.id if finding else None
                )
            )
    return found


def overlap_signals(
    submissions: Iterable[Submission],
    findings: Iterable[Finding],
    now: datetime,
    *,
    judged: Mapping[int, Judged] | None = None,
    settings: MonitoringSettings = DEFAULT_SETTINGS,
) -> list[Signal]:
    """Both-claim signals first (a pair at most one), then each recurring (department, other's duty); a
    recurring signal's duties are the other's duty, then the department's own duties its items are on."""
    today = now.date()
    start = add_months(today, -settings.window_months)
    found = overlaps_of_year(submissions, findings, now, settings.window_months, judged)
    signals: list[Signal] = []
    claimed: set[int] = set()  # positions in ``found`` a both-claim signal already holds
    for pair in sorted({tuple(sorted((o.department, o.other))) for o in found}):
        held = _claims(found, pair[0], pair[1])
        periods = {found[i].submission.period for i in held}
        if held and len(periods) >= settings.claim_periods:
            claimed.update(held)
            duties = sorted({found[i].duty for i in held} | {d for i in held for d in found[i].own})
            signals.append(
                _signal(
                    Pattern.BOTH_CLAIM,
                    pair[0],
                    pair[1],
                    tuple(duties),
                    [found[i] for i in held],
                    settings,
                    start,
                    today,
                )
            )
    groups: dict[tuple[str, str], list[Overlap]] = {}
    for i, overlap in enumerate(found):
        if i not in claimed:
            groups.setdefault((overlap.department, overlap.duty), []).append(overlap)
    for (department, duty), group in sorted(groups.items()):
        if len({o.submission.period for o in group}) >= settings.overlap_periods:
            own = sorted({d for o in group for d in o.own})
            signals.append(
                _signal(
                    Pattern.RECURRING, department, group[0].other, (duty, *own), group, settings, start, today
                )
            )
    return signals


def _claims(found: list[Overlap], first: str, second: str) -> list[int]:
    """Positions of the overlaps by which each of the two claims work the other's duty also names: A's items
    on B's duty x placed on A's own duty y, B's items on A's duty y placed on B's own x (or the reverse)."""
    a_on_b = [i for i, o in enumerate(found) if o.department == first and o.other == second and o.own]
    b_on_a = [i for i, o in enumerate(found) if o.department == second and o.other == first and o.own]
    targets_b = {found[i].duty for i in a_on_b}  # B's duties A works on
    targets_a = {found[i].duty for i in b_on_a}
    held_a = [i for i in a_on_b if set(found[i].own) & targets_a or found[i].duty in _owns(found, b_on_a)]
    held_b = [i for i in b_on_a if set(found[i].own) & targets_b or found[i].duty in _owns(found, a_on_b)]
    return sorted(held_a + held_b) if held_a and held_b else []


def _owns(found: list[Overlap], positions: list[int]) -> set[str]:
    return {duty for i in positions for duty in found[i].own}


def _signal(
    pattern: Pattern,
    department: str,
    other: str,
    duties: tuple[str, ...],
    group: list[Overlap],
    settings: MonitoringSettings,
    start: date,
    end: date,
) -> Signal:
    periods = len({o.submission.period for o in group})
    serious = periods >= 2 * settings.overlap_periods
    return Signal(
        SignalKind.OVERLAP,
        pattern,
        department,
        duties,
        start,
        end,
        Severity.SERIOUS if serious else Severity.WARNING,
        tuple(o.evidence for o in group),
        other_department=other,
    )
