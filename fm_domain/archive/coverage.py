"""How a year's work covers the 三定: active duties touched by the year's items, by the six classes, and a
duty × month grid of how many items touched each duty (the heat map).

An item touches a duty when its review named that duty (its best fit), or when the review's coverage
listed the item under the duty. Only the latest version of each submission counts: an earlier version was
replaced by it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fm_domain.models import Department, Duty, DutyCategory
from fm_domain.records import Submission, SubmissionKind
from fm_domain.verdicts import Verdict

ANNUAL_COLUMN = 0  # the heat map's first column: the year's goals; columns 1–12 are the months


def duties_touched(submission: Submission) -> dict[str, int]:
    """Duty id → how many of the submission's items touch it."""
    touched: dict[str, set[int]] = {}
    for index, check in enumerate(submission.review.items):
        if check.duty and check.verdict is not Verdict.OUT_OF_SCOPE:
            touched.setdefault(check.duty, set()).add(index)
    for coverage in submission.review.duties:
        touched.setdefault(coverage.duty, set()).update(coverage.items)
    return {duty: len(items) for duty, items in touched.items() if items}


@dataclass(frozen=True)
class ClassCoverage:
    """One of the six classes: its active duties, and how many the year's work touched."""

    category: DutyCategory
    duties: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.duties - self.covered


def coverage_by_class(department: Department, latest: Iterable[Submission]) -> tuple[ClassCoverage, ...]:
    """Every class in the fixed order of DutyCategory; a catch-all class may have no duties (0 / 0)."""
    touched: set[str] = set()
    for submission in latest:
        touched.update(duties_touched(submission))
    result = []
    for category in DutyCategory:
        active = [duty for duty in department.duties if duty.active and duty.category is category]
        result.append(ClassCoverage(category, len(active), sum(1 for duty in active if duty.id in touched)))
    return tuple(result)


@dataclass(frozen=True)
class CoverageHeat:
    """Items touching each duty: column 0 the year's goals, columns 1–12 the months' arrangements."""

    duties: tuple[Duty, ...]
    counts: tuple[tuple[int, ...], ...]  # one row per duty, 13 columns

    def row(self, duty_id: str) -> tuple[int, ...]:
        return next(row for duty, row in zip(self.duties, self.counts, strict=True) if duty.id == duty_id)

    @property
    def maximum(self) -> int:
        return max((value for row in self.counts for value in row), default=0)


def coverage_heat(department: Department, latest: Sequence[Submission]) -> CoverageHeat:
    """The department's duties (cancelled ones too: work still done under them shows) against the year's
    goals and each month's arrangement, department and division level together."""
    grid = {duty.id: [0] * 13 for duty in department.duties}
    for submission in latest:
        column = _column(submission)
        if column is None:
            continue
        for duty, count in duties_touched(submission).items():
            if duty in grid:
                grid[duty][column] += count
    return CoverageHeat(department.duties, tuple(tuple(grid[duty.id]) for duty in department.duties))


def _column(submission: Submission) -> int | None:
    if submission.kind is SubmissionKind.ANNUAL_GOALS:
        return ANNUAL_COLUMN
    if submission.kind is SubmissionKind.MONTHLY_ARRANGEMENT and len(submission.period) == 7:
        return int(submission.period[5:])
    return None  # the half-year summary reports on the goals, already counted
