"""Recommendations from duties not performed: 督促履行 after a span, 取消 after two (with the status change),
转移 when another department is confirmed doing the work, and one 纠正 when many duties go untouched."""

from __future__ import annotations

from datetime import date

from fm_domain.calendar import WorkingCalendar
from fm_domain.models import DutyCategory, DutyStatus
from fm_domain.monitoring import Records, SignalKind, monitor
from fm_domain.recommendations import NewDuty, Shift, StatusChange, recommend_year
from fm_domain.records import FindingKind, FindingStatus
from fm_domain.verdicts import Verdict
from tests.domain.year_kit import CATALOG, NOW, at, check, finding, ids, months, ordinary_year, report

CALENDAR = WorkingCalendar.standard()


def recommendations(submissions: list, findings: list = (), now=NOW, year: int = 2026) -> list:  # type: ignore[assignment]
    records = Records(CATALOG, tuple(submissions), tuple(findings))
    return recommend_year(records, monitor(records, now, CALENDAR), year)


def test_a_duty_unperformed_for_a_year_is_to_be_urged_with_its_gap_as_evidence() -> None:
    [urge] = recommendations(ordinary_year())
    assert ids([urge]) == [("urge", "jiaoyu", ("jiaoyu.6",))]
    assert urge.category is DutyCategory.IMPLEMENTATION and not urge.adoptable
    assert [s.kind for s in urge.signals] == [SignalKind.GAP]
    assert "教育局第6项职责“主管全市语言文字工作" in urge.rationale and "督促" in urge.rationale


def test_a_duty_unperformed_for_two_spans_is_to_be_cancelled_and_its_posts_reviewed() -> None:
    two_years = ordinary_year(2025, start_id=1000) + ordinary_year(2026)
    cancel, staffing = recommendations(two_years)
    assert ids([cancel, staffing]) == [
        ("cancel", "jiaoyu", ("jiaoyu.6",)),
        ("staffing", "jiaoyu", ("jiaoyu.6",)),
    ]
    assert cancel.changes == (StatusChange("jiaoyu", 6, DutyStatus.CANCELLED),)
    assert cancel.shift is Shift.CANCEL
    assert "24个月" in cancel.rationale and "取消" in cancel.rationale
    # 40 posts over 7 active duties
    assert "按本部门每项职责平均5.7名编制测算" in staffing.rationale and not staffing.adoptable


def test_a_duty_another_department_is_confirmed_doing_is_to_be_transferred_not_streamlined() -> None:
    submissions, findings = ordinary_year(), []
    for n, period in enumerate(months(2026, 3, 6), start=1):
        item = "开展城市公共场所用字规范检查"
        done = report(500 + n, "chengguan", period, [check(item, "jiaoyu.6", Verdict.OVERLAP)], version=2)
        submissions.append(done)
        findings.append(finding(n, done, item, FindingKind.OVERLAP, FindingStatus.CONFIRMED))
    transfer, staffing = recommendations(submissions, findings)
    assert ids([transfer, staffing]) == [
        ("shift", "jiaoyu", ("jiaoyu.6",)),
        ("staffing", "jiaoyu", ("jiaoyu.6",)),
    ]
    assert (transfer.shift, transfer.others) == (Shift.TRANSFER, ("chengguan",))
    assert transfer.changes == (
        StatusChange("jiaoyu", 6, DutyStatus.TRANSFERRED),
        NewDuty("chengguan", CATALOG.duty("jiaoyu.6").text, DutyCategory.IMPLEMENTATION),
    )
    assert [s.kind for s in transfer.signals] == [SignalKind.GAP, SignalKind.OVERLAP]


def test_overlaps_staff_have_not_confirmed_do_not_move_a_duty() -> None:
    submissions = ordinary_year()
    for n, period in enumerate(months(2026, 3, 6), start=1):
        item = "开展城市公共场所用字规范检查"
        submissions.append(
            report(500 + n, "chengguan", period, [check(item, "jiaoyu.6", Verdict.OVERLAP)], version=2)
        )
    assert ids(recommendations(submissions)) == [("urge", "jiaoyu", ("jiaoyu.6",))]


def test_a_department_leaving_a_third_of_its_duties_untouched_is_corrected_once_for_narrowing() -> None:
    two_duties = (("推进义务教育优质均衡", "jiaoyu.2"), ("校园安全检查", "jiaoyu.3"))
    narrow = ordinary_year(jiaoyu=two_duties * 2)  # as much work as ever, on two duties of five
    [correct] = recommendations(narrow)
    assert ids([correct]) == [("correct", "jiaoyu", ("jiaoyu.6", "jiaoyu.7", "jiaoyu.8"))]
    assert correct.category is None and len(correct.signals) == 3
    assert "5项职责中，有3项" in correct.rationale and "缩小职责范围" in correct.rationale


def test_nothing_is_recommended_for_a_duty_before_its_span() -> None:
    assert recommendations(ordinary_year(), now=at(date(2026, 12, 20))) == []
