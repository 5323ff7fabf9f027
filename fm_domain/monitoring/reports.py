"""The records the signals read, as they read them: the latest version of each report, the finding raised
on each item, and the duties each item performs once staff's decisions are taken into account."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from fm_domain.monitoring.periods import period_span
from fm_domain.records import Finding, FindingStatus, ItemCheck, Submission
from fm_domain.verdicts import Verdict

ItemKey = tuple[int, str]  # (submission id, item text): how a finding names its item


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


def performed_duties(
    submission: Submission,
    findings: Mapping[ItemKey, Finding],
    judged: Mapping[int, str],
) -> dict[str, list[str]]:
    """The department's duties each item of the report performs: duty id → item texts.

    What the review placed an item on (its own duty, also for an overlap: the coverage lists it), unless
    staff dismissed the item's finding: then the duty the office judged it to be (``judged``: finding id →
    duty id), if any; without a judgement, a dismissed overlap keeps its own side (what staff denied is
    the other department's part) and any other dismissed placement counts for nothing. Reviews stored
    without coverage fall back on the item's own in-scope duty.
    """
    own = f"{submission.department}."
    by_index: dict[int, list[str]] = {}
    for coverage in submission.review.duties:
        for index in coverage.items:
            by_index.setdefault(index, []).append(coverage.duty)
    result: dict[str, list[str]] = {}
    for index, check in enumerate(submission.review.items):
        finding = findings.get((submission.id, check.text))
        duties = by_index.get(index) or _own_duty(check)
        if finding is not None and dismissed(finding):
            if finding.id in judged:
                duties = [judged[finding.id]]
            elif check.verdict is not Verdict.OVERLAP:
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
