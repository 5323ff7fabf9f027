"""The dossier's read model: the year's submissions as series with their versions, coverage of the 三定 by
the six classes, the duty × month heat map, the revision history, findings by kind and state."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fm_domain.archive import ChangeKind, DepartmentYear, Revision, assemble_dossier, revision_history
from fm_domain.models import Department, Duty, DutyCategory, DutyStatus
from fm_domain.records import (
    DutyCoverage,
    Finding,
    FindingKind,
    FindingStatus,
    ItemCheck,
    ReviewedItems,
    Submission,
    SubmissionKind,
)
from fm_domain.verdicts import Coverage, Verdict

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
DEPARTMENT = Department(
    "minzheng",
    "南通市民政局",
    "民政局",
    duties=(
        Duty("minzheng", 1, "拟订民政事业发展规划", DutyCategory.MACRO_DECISION),
        Duty("minzheng", 2, "负责最低生活保障", DutyCategory.IMPLEMENTATION),
        Duty("minzheng", 3, "监督检查养老机构", DutyCategory.SUPERVISION),
        Duty("minzheng", 4, "行政区划审核", DutyCategory.OTHER, status=DutyStatus.TRANSFERRED),
    ),
)


def _submission(n: int, kind: SubmissionKind, period: str, version: int, duties: list[str]) -> Submission:
    checks = tuple(ItemCheck(f"事项{d}", Verdict.IN_SCOPE, d) for d in duties)
    coverage = tuple(DutyCoverage(d, Coverage.COVERED, (i,)) for i, d in enumerate(duties))
    return Submission(
        n, kind, "minzheng", "", period, version, ReviewedItems(checks, coverage), f"R{n}", 7, AT
    )


def _finding(n: int, kind: FindingKind, status: FindingStatus, created: datetime = AT) -> Finding:
    return Finding(n, "minzheng", None, "事项", kind, "", status, "", None, None, created)


def _record(**changes: object) -> DepartmentYear:
    base = DepartmentYear(
        department=DEPARTMENT,
        year=2026,
        revisions=(Revision(1, "三定", AT, DEPARTMENT),),
        submissions=(
            _submission(1, SubmissionKind.ANNUAL_GOALS, "2026", 1, ["minzheng.1"]),
            _submission(2, SubmissionKind.ANNUAL_GOALS, "2026", 2, ["minzheng.1", "minzheng.2"]),
            _submission(3, SubmissionKind.MONTHLY_ARRANGEMENT, "2026-03", 1, ["minzheng.2", "minzheng.2"]),
            _submission(4, SubmissionKind.MONTHLY_ARRANGEMENT, "2025-12", 1, ["minzheng.3"]),  # last year
        ),
        findings=(
            _finding(1, FindingKind.OVERLAP, FindingStatus.OPEN),
            _finding(2, FindingKind.OVERLAP, FindingStatus.CONFIRMED),
            _finding(3, FindingKind.OUT_OF_SCOPE, FindingStatus.DISMISSED),
            _finding(4, FindingKind.OUT_OF_SCOPE, FindingStatus.OPEN, datetime(2025, 6, 1, tzinfo=UTC)),
        ),
        inquiries=(),
        issue_reports=(),
        reports=(),
    )
    return dataclasses.replace(base, **changes)


def test_the_latest_version_of_the_goals_is_shown_with_the_earlier_ones_behind_it() -> None:
    dossier = assemble_dossier(_record(), SHANGHAI)
    assert dossier.goals is not None
    assert (dossier.goals.latest.version, [s.version for s in dossier.goals.earlier]) == (2, [1])
    assert [m.latest.period for m in dossier.months] == ["2026-03"]  # 2025-12 belongs to another year


def test_coverage_counts_active_duties_the_year_touched_by_class() -> None:
    by_class = {c.category: c for c in assemble_dossier(_record(), SHANGHAI).coverage}
    assert (by_class[DutyCategory.MACRO_DECISION].duties, by_class[DutyCategory.MACRO_DECISION].covered) == (
        1,
        1,
    )
    assert (by_class[DutyCategory.SUPERVISION].duties, by_class[DutyCategory.SUPERVISION].covered) == (1, 0)
    assert by_class[DutyCategory.OTHER].duties == 0  # the transferred duty is no longer counted


def test_the_heat_map_counts_items_per_duty_for_the_goals_and_each_month() -> None:
    heat = assemble_dossier(_record(), SHANGHAI).heat
    assert heat.row("minzheng.2")[0] == 1  # the latest goals touch it once
    assert heat.row("minzheng.2")[3] == 2  # March: two items
    assert heat.row("minzheng.3") == (0,) * 13  # only last year's December
    assert heat.maximum == 2


def test_findings_of_the_year_are_tallied_by_kind_and_state() -> None:
    dossier = assemble_dossier(_record(), SHANGHAI)
    assert [f.id for f in dossier.findings] == [1, 2, 3]
    tally = dossier.findings_tally
    assert tally[FindingKind.OVERLAP][FindingStatus.OPEN] == 1
    assert tally[FindingKind.OUT_OF_SCOPE][FindingStatus.DISMISSED] == 1


def test_a_revision_lists_what_changed_against_the_one_before() -> None:
    cancelled = dataclasses.replace(
        DEPARTMENT,
        duties=(
            *DEPARTMENT.duties[:2],
            dataclasses.replace(DEPARTMENT.duties[2], status=DutyStatus.CANCELLED),
            Duty("minzheng", 5, "新增职责", DutyCategory.COORDINATION),
        ),
    )
    history = revision_history([Revision(2, "调整", AT, cancelled), Revision(1, "三定", AT, DEPARTMENT)])
    assert [entry.revision.number for entry in history] == [1, 2]
    kinds = [(change.kind, change.subject) for change in history[1].changes]
    assert (ChangeKind.DUTY_STATUS, "3") in kinds
    assert (ChangeKind.DUTY_ADDED, "5") in kinds
    assert (ChangeKind.DUTY_REMOVED, "4") in kinds
