"""越位: work outside the department's duties that staff confirmed, recorded in several periods.

Only what staff bore out counts: a confirmed finding, or an item they judged 职责外 or retired (编办认定);
the review's out_of_scope is a question for staff (it may be a gap in the vocabulary), not a fact.
Confirmed work on a duty the department no longer holds (retired: cancelled, transferred, delegated) is
grouped by that duty; other out-of-scope work by its wording, as liaisons reword the same work from month
to month (monitoring.similarity: worded alike, or sharing a term the department's 三定 never uses). A
group recorded in one period is a single event, which its finding already reported; in
``overreach_periods`` periods it is a pattern.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from fm_domain.models import Catalog
from fm_domain.monitoring.periods import add_months
from fm_domain.monitoring.reports import Judged, in_window
from fm_domain.monitoring.settings import DEFAULT_SETTINGS, MonitoringSettings
from fm_domain.monitoring.signal import Evidence, Mark, Pattern, Severity, Signal, SignalKind
from fm_domain.monitoring.similarity import same_work_groups
from fm_domain.records import Finding, FindingKind, Submission
from fm_domain.verdicts import Verdict

_PATTERNS = {FindingKind.OUT_OF_SCOPE: Pattern.OUT_OF_SCOPE, FindingKind.RETIRED: Pattern.RETIRED}

Confirmed = tuple[Finding, Submission]


def overreach(
    catalog: Catalog,
    submissions: Iterable[Submission],
    findings: Iterable[Finding],
    now: datetime,
    *,
    judged: Mapping[int, Judged] | None = None,
    settings: MonitoringSettings = DEFAULT_SETTINGS,
) -> list[Signal]:
    """One signal per recurring group of confirmed out-of-scope (or retired) work, by department. An item
    staff judged 职责外 (not the bureau's internal work) or retired counts as confirmed, whatever the
    review said of it; a judgement of anything else takes a confirmed finding out."""
    today = now.date()
    start = add_months(today, -settings.window_months)
    by_id = {
        submission.id: submission for submission in submissions
    }  # every version: a finding names its own
    confirmed: dict[tuple[str, FindingKind], list[Confirmed]] = {}
    for finding in sorted(findings, key=lambda f: (f.created_at, f.id)):
        submission = by_id.get(finding.submission_id) if finding.submission_id is not None else None
        kind = _confirmed_kind(finding, (judged or {}).get(finding.id))
        if kind is not None and submission is not None and in_window(submission, start, today):
            confirmed.setdefault((finding.department, kind), []).append((finding, submission))
    signals: list[Signal] = []
    for (department, kind), entries in sorted(confirmed.items(), key=lambda pair: pair[0]):
        department_duties = catalog.get(department)
        background = [d.text for d in department_duties.duties] if department_duties else []
        for group, duty in _groups(kind, entries, (judged or {}), settings.same_work, background):
            periods = {submission.period for _, submission in group}
            if len(periods) < settings.overreach_periods:
                continue
            serious = len(periods) >= 2 * settings.overreach_periods
            evidence = tuple(
                Evidence(Mark.CONFIRMED, submission.period, submission.id, finding.item, finding.id)
                for finding, submission in group
            )
            signals.append(
                Signal(
                    SignalKind.OVERREACH,
                    _PATTERNS[kind],
                    department,
                    (duty,) if duty else (),
                    start,
                    today,
                    Severity.SERIOUS if serious else Severity.WARNING,
                    evidence,
                )
            )
    return signals


def _confirmed_kind(finding: Finding, judgement: Judged | None) -> FindingKind | None:
    if judgement is not None:
        if judgement.verdict is Verdict.OUT_OF_SCOPE and not judgement.internal:
            return FindingKind.OUT_OF_SCOPE
        return FindingKind.RETIRED if judgement.verdict is Verdict.RETIRED else None
    if finding.status.bore_out and finding.kind in _PATTERNS:
        return finding.kind
    return None


def _groups(
    kind: FindingKind,
    entries: list[Confirmed],
    judged: Mapping[int, Judged],
    threshold: float,
    background: list[str],
) -> list[tuple[list[Confirmed], str | None]]:
    """The same work: for retired work the duty it performs, otherwise items worded alike."""
    if kind is FindingKind.RETIRED:
        by_duty: dict[str | None, list[Confirmed]] = {}
        for entry in entries:
            judgement = judged.get(entry[0].id)
            by_duty.setdefault(judgement.duty if judgement else _duty_of(*entry), []).append(entry)
        return [(group, duty) for duty, group in by_duty.items()]
    texts = [finding.item for finding, _ in entries]
    return [([entries[i] for i in group], None) for group in same_work_groups(texts, threshold, background)]


def _duty_of(finding: Finding, submission: Submission) -> str | None:
    check = next((c for c in submission.review.items if c.text == finding.item), None)
    return check.duty if check is not None else None
