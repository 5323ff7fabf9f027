"""The records the signals read, as they read them: the latest version of each report, the finding raised
on each item, and each item as staff left it.

Staff decide a finding by confirming it (the review was right), dismissing it (it was not), or judging the
item (编办认定: what it really is — a duty of the department, another department's duty, 职责外 — which
decides the finding too). A judgement is the most precise of the three, so it wins: an item judged 职责外
is out-of-scope work staff confirmed, whatever the review had said of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from fm_domain.monitoring.periods import period_span
from fm_domain.records import Finding, FindingStatus, ItemCheck, Submission
from fm_domain.verdicts import Verdict

ItemKey = tuple[int, str]  # (submission id, item text): how a finding names its item


@dataclass(frozen=True)
class Judged:
    """The office's judgement of a finding's item (storage's JudgementEntry, keyed by its finding)."""

    verdict: Verdict
    duty: str | None  # the duty it performs (in_scope, retired) or overlaps (overlap); None for 职责外
    internal: bool = False  # 职责外 as the bureau's own internal work: no overreach


def latest_versions(submissions: Iterable[Submission]) -> list[Submission]:
    """The latest version of each series, in period order (a newer version replaces what the older said)."""
    latest: dict[object, Submission] = {}
    for submission in submissions:
        kept = latest.get(submission.series)
        if kept is None or submission.version > kept.version:
            latest[submission.series] = submission
    return sorted(latest.values(), key=lambda s: (period_span(s.period)[0], s.period, s.kind, s.division))


def in_window(submission: Submission, start: date, end: date) -> bool:
    """Whether the report's period lies at least partly in [start, end)."""
    first, after = period_span(submission.period)
    return first < end and after > start


def findings_by_item(findings: Iterable[Finding]) -> dict[ItemKey, Finding]:
    """The finding of each item, the latest raised when an item has several (it carries the decision)."""
    result: dict[ItemKey, Finding] = {}
    for finding in sorted(findings, key=lambda f: (f.created_at, f.id)):
        if finding.submission_id is not None:
            result[(finding.submission_id, finding.item)] = finding
    return result


def dismissed(finding: Finding | None) -> bool:
    return finding is not None and finding.status is FindingStatus.DISMISSED


def decided_by_staff(findings: Iterable[Finding], judged: Mapping[int, Judged]) -> frozenset[int]:
    """The findings staff bore out: confirmed, or judged (the judgement says what the item is)."""
    return frozenset(f.id for f in findings if f.status.bore_out or f.id in judged)


def performed_duties(
    submission: Submission,
    findings: Mapping[ItemKey, Finding],
    judged: Mapping[int, Judged],
) -> dict[str, list[str]]:
    """The department's duties each item of the report performs: duty id → item texts.

    What the review placed an item on (its own duty, also for an overlap: the coverage lists it), unless
    staff decided otherwise: a judgement's duty (in scope or retired), or for an item judged or dismissed
    as an overlap its own side (what staff settled is the other department's part); an item dismissed
    without a judgement performs nothing. Reviews stored without coverage fall back on the item's own
    in-scope duty.
    """
    own = f"{submission.department}."
    by_index: dict[int, list[str]] = {}
    for coverage in submission.review.duties:
        for index in coverage.items:
            by_index.setdefault(index, []).append(coverage.duty)
    result: dict[str, list[str]] = {}
    for index, check in enumerate(submission.review.items):
        finding = findings.get((submission.id, check.text))
        judgement = judged.get(finding.id) if finding is not None else None
        duties = by_index.get(index) or _own_duty(check)
        if judgement is not None:
            if judgement.verdict in (Verdict.IN_SCOPE, Verdict.RETIRED):
                duties = [judgement.duty] if judgement.duty else []
            elif judgement.verdict is not Verdict.OVERLAP:
                duties = []
        elif dismissed(finding) and check.verdict is not Verdict.OVERLAP:
            duties = []
        for duty in duties:
            if duty.startswith(own):
                result.setdefault(duty, []).append(check.text)
    return result


def _own_duty(check: ItemCheck) -> list[str]:
    return [check.duty] if check.duty and check.verdict in (Verdict.IN_SCOPE, Verdict.RETIRED) else []


def own_duties_of_item(submission: Submission, index: int) -> tuple[str, ...]:
    """The department's own duties the review placed item ``index`` on (for an overlap: its own side)."""
    return tuple(coverage.duty for coverage in submission.review.duties if index in coverage.items)
