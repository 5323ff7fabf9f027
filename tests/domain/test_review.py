"""The 目标管理 review on real 三定 text: verdicts, duty coverage and the summary.

The catalog is the published duty lists in ../shared/reference/sanding/; as in the development set,
广州市教育局's (五) (科普、勤工俭学、校办产业, 2008 wording) is marked cancelled.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from fm_domain.catalog import guess_category, parse_sanding_text
from fm_domain.matching import DutyIndex, MatchThresholds
from fm_domain.models import Catalog, Department, Duty, DutyCategory, DutyStatus
from fm_domain.review import Coverage, Verdict, review

SANDING = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "sanding"


def sanding_department(code: str, name: str, **changes: dict[int, object]) -> Department:
    """A department from its published text; ``status={5: CANCELLED}``-style changes per duty number."""
    department = parse_sanding_text(
        (SANDING / f"{code}.txt").read_text(encoding="utf-8"), code=code, name=name
    )
    duties = []
    for duty in department.duties:
        fields = {field: values[duty.n] for field, values in changes.items() if duty.n in values}
        duties.append(dataclasses.replace(duty, **fields))
    return dataclasses.replace(department, duties=tuple(duties))


@pytest.fixture(scope="module")
def index() -> DutyIndex:
    return DutyIndex.build(
        Catalog(
            (
                sanding_department("gz_jiaoyu", "广州市教育局", status={5: DutyStatus.CANCELLED}),
                sanding_department("sz_chengguan", "深圳市城市管理局", periodic={4: True}),
                sanding_department("sz_cgzf", "深圳市城市管理行政执法局"),
            )
        )
    )


def verdict_of(index: DutyIndex, department: str, item: str) -> tuple[Verdict, str | None]:
    reviewed = review(index, department, [item]).items[0]
    return reviewed.verdict, reviewed.duty.duty_id if reviewed.duty else None


def test_work_on_an_active_duty_of_the_department_is_in_scope(index: DutyIndex) -> None:
    assert verdict_of(index, "gz_jiaoyu", "开展2024年教师资格认定工作") == (Verdict.IN_SCOPE, "gz_jiaoyu.8")


def test_goal_matching_a_cancelled_duty_is_flagged_retired(index: DutyIndex) -> None:
    assert verdict_of(index, "gz_jiaoyu", "推进教育城域网和智慧校园建设") == (Verdict.RETIRED, "gz_jiaoyu.5")


def test_work_that_another_departments_duty_covers_is_an_overlap_led_by_that_department(
    index: DutyIndex,
) -> None:
    reviewed = review(index, "gz_jiaoyu", ["规范校内生活垃圾分类投放和收集"]).items[0]
    assert reviewed.verdict is Verdict.OVERLAP
    assert reviewed.duty is not None and reviewed.duty.department == "sz_chengguan"
    assert reviewed.own is None
    assert reviewed.lead == "sz_chengguan"


def test_work_no_duty_mentions_is_out_of_scope(index: DutyIndex) -> None:
    assert verdict_of(index, "sz_chengguan", "组织企业参加进出口商品交易会") == (Verdict.OUT_OF_SCOPE, None)


def test_internal_integrity_work_is_out_of_scope_not_an_overlap_with_the_bureau_that_lists_it(
    index: DutyIndex,
) -> None:
    # 广州市教育局 (九) guides discipline inspection in its own system; 城管's own 廉政 work is no overlap.
    assert verdict_of(index, "sz_chengguan", "开展岗位廉政风险点排查，制定防控措施") == (
        Verdict.OUT_OF_SCOPE,
        None,
    )
    assert verdict_of(index, "gz_jiaoyu", "开展党风廉政建设督导") == (Verdict.IN_SCOPE, "gz_jiaoyu.9")


def test_a_department_outside_the_catalog_has_nothing_in_scope(index: DutyIndex) -> None:
    result = review(index, "shangwu", ["推进城市道路清扫保洁和垃圾清运", "组织企业参加进出口商品交易会"])
    assert not result.known
    assert [item.verdict for item in result.items] == [Verdict.OVERLAP, Verdict.OUT_OF_SCOPE]
    assert result.duties == ()


def test_duties_are_covered_by_their_items_and_uncovered_otherwise(index: DutyIndex) -> None:
    result = review(index, "gz_jiaoyu", ["开展2024年教师资格认定工作", "做好中考招生录取工作"])
    status = {duty.duty.id: (duty.status, duty.items) for duty in result.duties}
    assert status["gz_jiaoyu.8"] == (Coverage.COVERED, (0,))
    assert status["gz_jiaoyu.4"] == (Coverage.COVERED, (1,))
    assert status["gz_jiaoyu.6"] == (Coverage.UNCOVERED, ())


def test_a_cancelled_duty_is_listed_only_when_items_still_perform_it(index: DutyIndex) -> None:
    quiet = review(index, "gz_jiaoyu", ["开展2024年教师资格认定工作"])
    assert "gz_jiaoyu.5" not in {duty.duty.id for duty in quiet.duties}
    busy = review(index, "gz_jiaoyu", ["推进教育城域网和智慧校园建设"])
    listed = {duty.duty.id: duty for duty in busy.duties}
    assert listed["gz_jiaoyu.5"].status is Coverage.COVERED and listed["gz_jiaoyu.5"].items == (0,)


def test_a_periodic_duty_without_items_is_flagged_for_judgement_not_as_a_gap(index: DutyIndex) -> None:
    result = review(index, "sz_chengguan", ["加强城市灯光环境的规划和管理"])
    status = {duty.duty.id: duty.status for duty in result.duties}
    assert status["sz_chengguan.4"] is Coverage.PERIODIC_UNCOVERED
    assert status["sz_chengguan.6"] is Coverage.UNCOVERED


def test_uncovered_duties_of_a_partial_department_are_unknown(index: DutyIndex) -> None:
    assert index.catalog.get("sz_cgzf").partial  # the published copy is cut inside its (四)
    result = review(index, "sz_cgzf", ["做好跨区重大违法建设案件的查处"])
    status = {duty.duty.id: duty.status for duty in result.duties}
    assert status["sz_cgzf.2"] is Coverage.COVERED
    assert {status["sz_cgzf.1"], status["sz_cgzf.3"]} == {Coverage.UNKNOWN}


def test_the_summary_counts_verdicts_and_duties_by_category(index: DutyIndex) -> None:
    items = ["开展2024年教师资格认定工作", "推进教育城域网和智慧校园建设", "组织企业参加进出口商品交易会"]
    result = review(index, "gz_jiaoyu", items)
    assert result.verdicts == {
        Verdict.IN_SCOPE: 1,
        Verdict.RETIRED: 1,
        Verdict.OVERLAP: 0,
        Verdict.OUT_OF_SCOPE: 1,
    }
    assert set(result.categories) == set(DutyCategory)
    assert sum(summary.duties for summary in result.categories.values()) == len(result.duties)
    assert sum(summary.items for summary in result.categories.values()) == 2


def _duty(code: str, n: int, text: str) -> Duty:
    return Duty(code, n, text, guess_category(text))


@pytest.fixture(scope="module")
def shared_work() -> DutyIndex:
    """Two departments that both mention street vendors around schools: one assists, one leads."""
    education = Department(
        "jiaoyu", "教育局", duties=(_duty("jiaoyu", 1, "配合有关部门做好校园周边流动摊贩和占道经营治理。"),)
    )
    city = Department(
        "chengguan", "城管局", duties=(_duty("chengguan", 1, "负责流动摊贩和占道经营的查处。"),)
    )
    return DutyIndex.build(Catalog((education, city)))


def test_an_overlap_is_led_by_the_department_whose_duty_leads_where_the_other_assists(
    shared_work: DutyIndex,
) -> None:
    lenient = MatchThresholds.default().with_overrides({"overlap_margin": -0.5})
    reviewed = review(shared_work, "jiaoyu", ["开展校园周边流动摊贩整治"], lenient).items[0]
    assert reviewed.verdict is Verdict.OVERLAP
    assert reviewed.own is not None and reviewed.own.duty_id == "jiaoyu.1"
    assert reviewed.lead == "chengguan"


def test_an_overlap_between_two_leading_duties_is_left_to_the_establishment_office() -> None:
    first = Department("a", "甲局", duties=(_duty("a", 1, "负责流动摊贩的查处。"),))
    second = Department("b", "乙局", duties=(_duty("b", 1, "负责流动摊贩的查处。"),))
    as_well = MatchThresholds.default().with_overrides({"overlap_margin": 0.0})  # "fits as well or better"
    reviewed = review(DutyIndex.build(Catalog((first, second))), "a", ["查处流动摊贩"], as_well).items[0]
    assert reviewed.verdict is Verdict.OVERLAP
    assert reviewed.lead is None


def test_with_the_shipped_margin_the_plans_own_duty_keeps_an_item_another_fits_only_as_well() -> None:
    first = Department("a", "甲局", duties=(_duty("a", 1, "负责流动摊贩的查处。"),))
    second = Department("b", "乙局", duties=(_duty("b", 1, "负责流动摊贩的查处。"),))
    reviewed = review(DutyIndex.build(Catalog((first, second))), "a", ["查处流动摊贩"]).items[0]
    assert (reviewed.verdict, reviewed.duty.duty_id) == (Verdict.IN_SCOPE, "a.1")


def test_the_closing_duty_for_tasks_assigned_by_the_city_is_never_a_gap() -> None:
    city = Department(
        "cg",
        "城管局",
        duties=(
            _duty("cg", 1, "负责流动摊贩和占道经营的查处。"),
            _duty("cg", 2, "完成市委、市政府交办的其他任务。"),
        ),
    )
    reviewed = review(DutyIndex.build(Catalog((city,))), "cg", ["查处流动摊贩"])
    assert [duty.duty.id for duty in reviewed.duties] == ["cg.1"]
