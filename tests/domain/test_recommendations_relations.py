"""理顺职责关系 from a recurring overlap staff confirmed: the duty's holder leads, the department doing the
work on it assists, both duties say so; when both claim the work the one doing more leads, and a tie is left
to the office; a single overlap, or one not confirmed, recommends nothing."""

from __future__ import annotations

from fm_domain.calendar import WorkingCalendar
from fm_domain.models import DutyCategory
from fm_domain.monitoring import Records, SignalKind, monitor
from fm_domain.recommendations import DutyNote, recommend_year
from fm_domain.records import FindingKind, FindingStatus
from fm_domain.verdicts import Verdict
from tests.domain.year_kit import CATALOG, JIAOYU_MONTH, NOW, check, finding, ids, ordinary_year, report

CALENDAR = WorkingCalendar.standard()
STALLS = "整治校园周边流动摊点"
ALL_DUTIES = (*JIAOYU_MONTH[1:], ("推广普通话", "jiaoyu.6"))


def year_with_overlaps(overlaps: list[tuple[str, str, str, str, str]], status: FindingStatus) -> list:
    """An ordinary year where jiaoyu performs every duty, plus (department, period, item, duty, own duty)
    overlaps, each with its finding decided as ``status``; returns the recommendations."""
    submissions = ordinary_year(jiaoyu=(*ALL_DUTIES, ("推进义务教育优质均衡", "jiaoyu.2")))
    findings = []
    for n, (department, period, item, duty, own) in enumerate(overlaps, start=1):
        done = report(
            700 + n, department, period, [check(item, duty, Verdict.OVERLAP)], own={0: own}, version=2
        )
        submissions.append(done)
        findings.append(finding(n, done, item, FindingKind.OVERLAP, status))
    records = Records(CATALOG, tuple(submissions), tuple(findings))
    return [
        r
        for r in recommend_year(records, monitor(records, NOW, CALENDAR), 2026)
        if r.kind.value != "staffing"
    ]


def jiaoyu_on_stalls(*periods: str) -> list[tuple[str, str, str, str, str]]:
    return [("jiaoyu", period, STALLS, "chengguan.2", "jiaoyu.3") for period in periods]


def test_a_recurring_confirmed_overlap_names_the_duty_holder_to_lead_and_the_other_to_assist() -> None:
    [streamline] = year_with_overlaps(
        jiaoyu_on_stalls("2026-03", "2026-05", "2026-09"), FindingStatus.CONFIRMED
    )
    assert ids([streamline]) == [("streamline", "jiaoyu", ("chengguan.2", "jiaoyu.3"))]
    assert streamline.others == ("chengguan",) and streamline.category is DutyCategory.SUPERVISION
    assert streamline.changes == (
        DutyNote("chengguan", 2, "（整治校园周边流动摊点等工作由本部门牵头，教育局配合。）"),
        DutyNote("jiaoyu", 3, "（整治校园周边流动摊点等工作由城管局牵头，本部门配合。）"),
    )
    assert [s.kind for s in streamline.signals] == [SignalKind.OVERLAP]
    assert "由城管局牵头、教育局配合" in streamline.rationale and "共3个报送期" in streamline.rationale


def test_a_single_overlap_or_two_is_not_recurring_and_recommends_nothing() -> None:
    assert year_with_overlaps(jiaoyu_on_stalls("2026-03"), FindingStatus.CONFIRMED) == []
    assert year_with_overlaps(jiaoyu_on_stalls("2026-03", "2026-05"), FindingStatus.CONFIRMED) == []


def test_overlaps_staff_have_not_confirmed_recommend_nothing() -> None:
    assert year_with_overlaps(jiaoyu_on_stalls("2026-03", "2026-05", "2026-09"), FindingStatus.OPEN) == []


def test_when_both_claim_the_work_the_one_doing_more_leads() -> None:
    claims = [
        *jiaoyu_on_stalls("2026-03"),
        ("chengguan", "2026-04", "开展校园周边安全秩序整治", "jiaoyu.3", "chengguan.2"),
        ("chengguan", "2026-06", "校园周边安全秩序整治", "jiaoyu.3", "chengguan.2"),
    ]
    [streamline] = year_with_overlaps(claims, FindingStatus.CONFIRMED)
    assert ids([streamline]) == [("streamline", "chengguan", ("chengguan.2", "jiaoyu.3"))]
    assert (
        "均作为本部门职责开展" in streamline.rationale and "由城管局牵头、教育局配合" in streamline.rationale
    )


def test_when_both_claim_the_work_equally_the_lead_is_left_to_the_office() -> None:
    claims = [
        *jiaoyu_on_stalls("2026-03"),
        ("chengguan", "2026-04", "开展校园周边安全秩序整治", "jiaoyu.3", "chengguan.2"),
    ]
    [streamline] = year_with_overlaps(claims, FindingStatus.CONFIRMED)
    assert streamline.changes == () and not streamline.adoptable
    assert "建议编办研究明确牵头和配合部门" in streamline.rationale
