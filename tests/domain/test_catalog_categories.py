"""Guessing a duty's category from its wording, with a fixed precedence when several rules could apply."""

from __future__ import annotations

import pytest

from fm_domain.catalog import guess_category
from fm_domain.models import DutyCategory


@pytest.mark.parametrize(
    "text",
    [
        "拟订全市民政事业发展规划和政策并组织实施。",
        "编制教育事业的发展规划和年度计划。",
        "研究制定全市城市管理行政执法的规章制度、考核标准。",
        "起草有关地方性法规、政府规章草案。",
    ],
)
def test_drafting_plans_policies_standards_or_regulations_is_macro_decision(text: str) -> None:
    assert guess_category(text) is DutyCategory.MACRO_DECISION


@pytest.mark.parametrize(
    "text",
    [
        "对下级人民政府的教育工作进行监督、检查、评估、指导。",
        "负责全市城市管理综合行政执法工作。",
        "组织查处违法占道经营行为。",
        "负责全市教育督导工作。",
    ],
)
def test_supervising_inspecting_or_enforcing_is_supervision(text: str) -> None:
    assert guess_category(text) is DutyCategory.SUPERVISION


@pytest.mark.parametrize(
    "text",
    [
        "协调配合有关部门开展违法建设治理工作。",
        "协助有关部门做好防汛抗旱工作。",
        "规划、指导和协调本市教育科研工作。",
    ],
)
def test_coordinating_or_assisting_is_coordination(text: str) -> None:
    assert guess_category(text) is DutyCategory.COORDINATION


@pytest.mark.parametrize(
    "text", ["承办市委、市政府和上级教育部门交办的其他事项。", "完成市委、市政府交办的其他任务。"]
)
def test_the_catch_all_last_duty_is_other(text: str) -> None:
    assert guess_category(text) is DutyCategory.OTHER


@pytest.mark.parametrize(
    "text",
    [
        "负责机关日常运转，承担文电、会务、机要、档案等工作。",
        "负责局机关和直属单位的党建、纪检工作。",
        "负责机关和直属单位的财务、资产管理和内部审计监督。",
    ],
)
def test_work_on_the_department_itself_is_auxiliary(text: str) -> None:
    assert guess_category(text) is DutyCategory.AUXILIARY


@pytest.mark.parametrize(
    "text", ["负责全市婚姻登记管理工作，推进婚俗改革。", "负责全市教师工作；实施教师资格制度。"]
)
def test_anything_else_is_implementation(text: str) -> None:
    assert guess_category(text) is DutyCategory.IMPLEMENTATION


def test_the_catch_all_duty_stays_other_even_when_it_quotes_inspection() -> None:
    assert guess_category("完成市政府交办的监督检查等其他任务。") is DutyCategory.OTHER


def test_a_supervisory_sounding_internal_duty_stays_auxiliary() -> None:
    assert guess_category("负责局机关财务管理和内部审计监督。") is DutyCategory.AUXILIARY


def test_auditing_other_bodies_finances_is_supervision_not_auxiliary() -> None:
    assert guess_category("对市级国家机关的财务收支进行审计监督。") is DutyCategory.SUPERVISION


def test_drafting_a_policy_outranks_the_supervision_that_follows_it() -> None:
    assert guess_category("拟订全市养老服务标准并监督实施。") is DutyCategory.MACRO_DECISION


def test_a_duty_that_opens_with_coordination_is_coordination_even_about_enforcement() -> None:
    text = "组织协调并负责处理跨区重大行政执法活动，协调相关部门配合做好综合执法工作。"
    assert guess_category(text) is DutyCategory.COORDINATION


def test_supervision_outranks_coordination_further_inside_the_duty() -> None:
    text = "检查、督促各区城管执法局开展工作，发挥综合协调作用。"
    assert guess_category(text) is DutyCategory.SUPERVISION


def test_staffing_establishment_is_not_mistaken_for_drafting_a_plan() -> None:
    assert guess_category("负责全市机构编制工作，落实机构改革规划。") is not DutyCategory.MACRO_DECISION


def test_words_in_separate_clauses_do_not_pair_up() -> None:
    assert guess_category("负责编制统计报表；执行国家产业政策。") is DutyCategory.IMPLEMENTATION
