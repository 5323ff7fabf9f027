"""The read model of one department's record for a year (部门职能履行情况电子档案): what the dossier shows,
assembled from the records storage keeps. Pure: the caller reads the records (conversations.archive) and
passes them in, with the punctuality cells already computed and the parts that other features add
(``extra``: recommendations, scores, visits; see fm_domain.archive.extension).

A record counts for the year by its period (submissions: ``2026``, ``2026-05``, ``2026H1``) or, for what has
no period, by the local date it began (findings raised, inquiries asked, issues reported).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Protocol

from fm_domain.archive.coverage import ClassCoverage, CoverageHeat, coverage_by_class, coverage_heat
from fm_domain.archive.extension import Part, in_order
from fm_domain.archive.punctuality import ReportCell
from fm_domain.archive.revisions import Revision, RevisionEntry, revision_history
from fm_domain.models import Department
from fm_domain.records import (
    Finding,
    FindingKind,
    FindingStatus,
    Inquiry,
    InquiryMessage,
    Series,
    Submission,
    SubmissionKind,
)


class IssueReportRecord(Protocol):
    """A 问题报告 as storage returns it (read by attribute)."""

    @property
    def id(self) -> int: ...
    @property
    def department(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def receipt(self) -> str: ...
    @property
    def reported_at(self) -> datetime: ...
    @property
    def status(self) -> str: ...  # open | replied (staff answered) | closed (with an outcome)
    @property
    def reply(self) -> str: ...  # staff's latest answer, "" before one
    @property
    def outcome(self) -> str: ...  # what the case was closed with, "" while open


@dataclass(frozen=True)
class InquiryThread:
    inquiry: Inquiry
    messages: tuple[InquiryMessage, ...]


@dataclass(frozen=True)
class SeriesRecord:
    """One submission (a kind, division and period) in the year: its latest version and those before."""

    latest: Submission
    earlier: tuple[Submission, ...]  # oldest first

    @property
    def versions(self) -> int:
        return len(self.earlier) + 1


@dataclass(frozen=True)
class DepartmentYear:
    """What the caller read for one department and year."""

    department: Department  # at its current revision
    year: int
    revisions: tuple[Revision, ...]
    submissions: tuple[Submission, ...]  # every version of the department's submissions (any year)
    findings: tuple[Finding, ...]
    inquiries: tuple[InquiryThread, ...]
    issue_reports: tuple[IssueReportRecord, ...]
    reports: tuple[ReportCell, ...]  # the department's punctuality cells of the year
    extra: tuple[Part, ...] = ()  # what the extensions add (recommendations, scores, visits)


@dataclass(frozen=True)
class Dossier:
    department: Department
    year: int
    revisions: tuple[RevisionEntry, ...]
    goals: SeriesRecord | None  # the department-level annual goals
    division_goals: tuple[SeriesRecord, ...]
    months: tuple[SeriesRecord, ...]  # monthly arrangements, by period (division ones after)
    half_year: SeriesRecord | None
    findings: tuple[Finding, ...]
    inquiries: tuple[InquiryThread, ...]
    issue_reports: tuple[IssueReportRecord, ...]
    reports: tuple[ReportCell, ...]
    coverage: tuple[ClassCoverage, ...]
    heat: CoverageHeat
    extra: tuple[Part, ...]  # in PART_ORDER

    @property
    def findings_tally(self) -> dict[FindingKind, Counter[FindingStatus]]:
        """Findings by kind, then by status; kinds in their enum order, only those present."""
        tally: dict[FindingKind, Counter[FindingStatus]] = {}
        for kind in FindingKind:
            statuses = Counter(f.status for f in self.findings if f.kind is kind)
            if statuses:
                tally[kind] = statuses
        return tally

    @property
    def latest_submissions(self) -> tuple[Submission, ...]:
        series = [self.goals, self.half_year, *self.division_goals, *self.months]
        return tuple(record.latest for record in series if record is not None)


def period_year(period: str) -> int | None:
    return int(period[:4]) if period[:4].isdigit() else None


def series_of_year(submissions: Iterable[Submission], year: int) -> list[SeriesRecord]:
    """The year's submissions grouped by series, each with its versions in order; series by period."""
    groups: dict[Series, list[Submission]] = {}
    for submission in submissions:
        if period_year(submission.period) == year:
            groups.setdefault(submission.series, []).append(submission)
    records = []
    for versions in groups.values():
        ordered = sorted(versions, key=lambda s: s.version)
        records.append(SeriesRecord(ordered[-1], tuple(ordered[:-1])))
    return sorted(records, key=lambda r: (r.latest.division != "", r.latest.period, r.latest.division))


def assemble_dossier(record: DepartmentYear, timezone: tzinfo) -> Dossier:
    def in_year(moment: datetime) -> bool:
        return moment.astimezone(timezone).year == record.year

    series = series_of_year(record.submissions, record.year)

    def of_kind(kind: SubmissionKind) -> list[SeriesRecord]:
        return [s for s in series if s.latest.kind is kind]

    goals = of_kind(SubmissionKind.ANNUAL_GOALS)
    summaries = [s for s in of_kind(SubmissionKind.HALF_YEAR_SUMMARY) if not s.latest.division]
    latest = [s.latest for s in series]
    return Dossier(
        department=record.department,
        year=record.year,
        revisions=revision_history(record.revisions),
        goals=next((s for s in goals if not s.latest.division), None),
        division_goals=tuple(s for s in goals if s.latest.division),
        months=tuple(of_kind(SubmissionKind.MONTHLY_ARRANGEMENT)),
        half_year=summaries[0] if summaries else None,
        findings=tuple(f for f in record.findings if in_year(f.created_at)),
        inquiries=tuple(t for t in record.inquiries if in_year(t.inquiry.asked_at)),
        issue_reports=tuple(r for r in record.issue_reports if in_year(r.reported_at)),
        reports=record.reports,
        coverage=coverage_by_class(record.department, latest),
        heat=coverage_heat(record.department, latest),
        extra=in_order(record.extra),
    )
