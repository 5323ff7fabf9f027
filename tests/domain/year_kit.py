"""A year of records written by hand for the monitoring and recommendation specifications: a small catalog of
two departments, and builders for reports, item checks and findings that read like the records storage
returns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from fm_domain.models import Catalog, Department, Duty, DutyCategory, DutyStatus, Staffing
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
from fm_domain.verdicts import Confidence, Coverage, Verdict

MONTHLY = SubmissionKind.MONTHLY_ARRANGEMENT
ANNUAL = SubmissionKind.ANNUAL_GOALS
HALF_YEAR = SubmissionKind.HALF_YEAR_SUMMARY

C = DutyCategory
JIAOYU = Department(
    "jiaoyu",
    "南通市教育局",
    "教育局",
    duties=(
        Duty("jiaoyu", 1, "拟订全市教育事业发展规划和年度计划。", C.MACRO_DECISION, periodic=True),
        Duty("jiaoyu", 2, "负责全市学前教育和义务教育的统筹规划和管理。", C.IMPLEMENTATION),
        Duty(
            "jiaoyu", 3, "负责全市学校安全工作的监督管理，会同有关部门做好学校周边综合治理。", C.SUPERVISION
        ),
        Duty(
            "jiaoyu",
            4,
            "负责全市中小学教辅材料评议推荐和征订审核工作。",
            C.IMPLEMENTATION,
            status=DutyStatus.CANCELLED,
        ),
        Duty("jiaoyu", 5, "完成市委、市政府交办的其他任务。", C.OTHER),
        Duty("jiaoyu", 6, "主管全市语言文字工作，组织推广国家通用语言文字。", C.IMPLEMENTATION),
        Duty("jiaoyu", 7, "负责全市教师工作，指导教师队伍建设和师德师风建设。", C.IMPLEMENTATION),
        Duty("jiaoyu", 8, "负责全市学生资助工作，落实家庭经济困难学生资助政策。", C.IMPLEMENTATION),
    ),
    staffing=Staffing(administrative=40, leaders=5, bodies=10),
)
CHENGGUAN = Department(
    "chengguan",
    "南通市城市管理局",
    "城管局",
    duties=(
        Duty("chengguan", 1, "负责全市市容环境卫生管理工作。", C.IMPLEMENTATION),
        Duty(
            "chengguan",
            2,
            "负责规范城市道路占道经营和流动摊点管理，组织查处违法占道经营行为。",
            C.SUPERVISION,
        ),
        Duty("chengguan", 3, "完成市委、市政府交办的其他任务。", C.OTHER),
    ),
    staffing=Staffing(administrative=40, leaders=5, bodies=10),
)
SIFA = Department(
    "sifa",
    "南通市司法局",
    "司法局",
    duties=(
        Duty("sifa", 1, "负责全市法律援助工作，指导和监督法律援助机构依法开展法律援助服务。", C.SUPERVISION),
        Duty("sifa", 2, "完成市委、市政府交办的其他任务。", C.OTHER),
    ),
    staffing=Staffing(administrative=40, leaders=5, bodies=10),
)
CATALOG = Catalog((JIAOYU, CHENGGUAN, SIFA))
# What jiaoyu performs in an ordinary month: every duty it should perform each year but 6 (语言文字).
JIAOYU_MONTH = (
    ("推进义务教育优质均衡", "jiaoyu.2"),
    ("校园安全检查", "jiaoyu.3"),
    ("开展师德师风专题教育", "jiaoyu.7"),
    ("发放家庭经济困难学生助学金", "jiaoyu.8"),
)


def at(day: date) -> datetime:
    """Noon on that day, UTC: the moment a report or a decision is stored."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


NOW = at(date(2027, 1, 5))  # the monitoring year: 2026


def months(year: int, first: int = 1, last: int = 12) -> list[str]:
    return [f"{year:04d}-{month:02d}" for month in range(first, last + 1)]


def check(
    text: str, duty: str | None, verdict: Verdict = Verdict.IN_SCOPE, *, low: bool = False
) -> ItemCheck:
    return ItemCheck(text, verdict, duty, confidence=Confidence.LOW if low else Confidence.HIGH)


def report(
    id: int,
    department: str,
    period: str,
    checks: Sequence[ItemCheck],
    *,
    kind: SubmissionKind = MONTHLY,
    own: Mapping[int, str] | None = None,
    details: Mapping[str, Any] | None = None,
    version: int = 1,
    submitted: date | None = None,
    division: str = "",
) -> Submission:
    """A stored report; the coverage is what the review would give: each in-scope item on its duty, and an
    overlap on the department's own duty named in ``own`` (item index → duty id)."""
    placed: dict[str, list[int]] = {}
    for index, item in enumerate(checks):
        duty = item.duty if item.verdict is not Verdict.OVERLAP else (own or {}).get(index)
        if duty and duty.startswith(f"{department}."):
            placed.setdefault(duty, []).append(index)
    coverage = tuple(DutyCoverage(duty, Coverage.COVERED, tuple(items)) for duty, items in placed.items())
    if submitted is None:
        submitted = (
            date(int(period[:4]), int(period[5:7]), 3) if kind is MONTHLY else date(int(period[:4]), 1, 20)
        )
    return Submission(
        id=id,
        kind=kind,
        department=department,
        division=division,
        period=period,
        version=version,
        review=ReviewedItems(tuple(checks), coverage),
        receipt=f"R{id}",
        submitted_by=None,
        submitted_at=at(submitted),
        details=details or {},
    )


def finding(
    id: int,
    submission: Submission,
    item: str,
    kind: FindingKind,
    status: FindingStatus = FindingStatus.OPEN,
) -> Finding:
    decided = status is not FindingStatus.OPEN
    return Finding(
        id=id,
        department=submission.department,
        submission_id=submission.id,
        item=item,
        kind=kind,
        detail="",
        status=status,
        reason="核实" if decided else "",
        decided_by=1 if decided else None,
        decided_at=submission.submitted_at if decided else None,
        created_at=submission.submitted_at,
    )


def progress(*entries: tuple[str, str, str]) -> list[dict[str, str]]:
    """Progress entries (text, status, reason) as the monthly flow stores them."""
    return [{"text": text, "status": status, "reason": reason} for text, status, reason in entries]


def ids(signals: Iterable[Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(kind, department, duties) of each signal or recommendation: what a reader checks first."""
    return [(s.kind.value, s.department, s.duties) for s in signals]


def ordinary_year(
    year: int = 2026, *, jiaoyu: Sequence[tuple[str, str]] = JIAOYU_MONTH, start_id: int = 1
) -> list:
    """A year of monthly arrangements, four items a month each (the three have the same posts): jiaoyu
    performs ``jiaoyu``, chengguan its duties 1 and 2, sifa its duty 1; ids from ``start_id`` (jiaoyu),
    +100 (chengguan), +200 (sifa)."""
    reports = []
    for n, period in enumerate(months(year), start=start_id):
        reports.append(report(n, "jiaoyu", period, [check(text, duty) for text, duty in jiaoyu]))
        reports.append(
            report(100 + n, "chengguan", period, [check(text, duty) for text, duty in CHENGGUAN_MONTH])
        )
        reports.append(report(200 + n, "sifa", period, [check(text, "sifa.1") for text in SIFA_MONTH]))
    return reports


CHENGGUAN_MONTH = (
    ("市容环境卫生整治", "chengguan.1"),
    ("公厕保洁检查", "chengguan.1"),
    ("占道经营整治", "chengguan.2"),
    ("流动摊点疏导", "chengguan.2"),
)
SIFA_MONTH = ("法律援助案件办理", "法律援助进社区", "法律援助质量评查", "法律援助值班律师管理")
