"""What a scheme and an evaluation sheet may say: every refusal names its place and says why in Chinese,
and nothing half-built comes back."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from fm_domain.errors import EvaluationError, SchemeError
from fm_domain.models import Catalog, Department, Duty, DutyCategory
from fm_domain.performance import Direction, SourceKind, build_evaluation, build_scheme
from tests.domain.performance_helpers import item, raw, scheme, sheet

XINFANG = [
    item("petitions", 4, "evaluation", "信访", "linear 0-100", name="来信来访"),
    item("repeated", 3, "evaluation", "信访", "per_unit 1", name="重复访", direction="penalty"),
]
SCHEME = scheme(("effect", XINFANG))
CATALOG = Catalog(
    tuple(
        Department(code, name, short, duties=(Duty(code, 1, "负责某项工作。", DutyCategory.OTHER),))
        for code, name, short in (
            ("minzheng", "南通市民政局", "民政局"),
            ("jiaoyu", "南通市教育局", "教育局"),
        )
    )
)


def build(columns: list[str], rows: list[list[Any]], **kwargs: Any):  # type: ignore[no-untyped-def]
    return build_evaluation(
        sheet(columns, rows, **kwargs), lambda year: SCHEME if year == 2026 else None, CATALOG
    )


def test_a_filled_sheet_gives_each_department_its_values_with_their_cells() -> None:
    evaluation = build(
        ["来信来访（0–100）", "重复访（件数）"],
        [
            ["minzheng", "南通市民政局", 92, 1, "办结及时"],
            [None, "教育局", "85.5", 0, None],
            ["", "", None, None, None],
        ],
    )

    assert (evaluation.year, evaluation.source) == (2026, "信访")
    assert evaluation.value("minzheng", "petitions").value == 92  # type: ignore[union-attr]
    assert evaluation.value("jiaoyu", "petitions").value == Fraction(171, 2)  # type: ignore[union-attr]
    assert evaluation.value("jiaoyu", "repeated").where == "信访.xlsx 单元格 D7"  # type: ignore[union-attr]
    assert evaluation.notes == {"minzheng": "办结及时"}


def test_a_department_left_blank_is_not_evaluated_rather_than_refused() -> None:
    evaluation = build(
        ["来信来访", "重复访"], [["minzheng", "", 92, 0, None], ["jiaoyu", "", None, None, None]]
    )
    assert evaluation.departments == ("minzheng",)


@pytest.mark.parametrize(
    ("rows", "where", "reason"),
    [
        ([["weiji", "卫健委", 90, 0, None]], "单元格 A6", "不认识的部门「weiji」"),
        ([[None, "卫健委", 90, 0, None]], "单元格 B6", "不认识的部门「卫健委」"),
        ([["minzheng", "", 120, 0, None]], "单元格 C6", "120 超出范围 0–100"),
        (
            [["minzheng", "教育局", 90, 0, None]],
            "单元格 B6",
            "部门代码「minzheng」是民政局，名称「教育局」却是教育局",
        ),
        ([["minzheng", "", "九十", 0, None]], "单元格 C6", "“九十”不是数字"),
        ([["minzheng", "", 90, 1.5, None]], "单元格 D6", "件数应为不小于 0 的整数"),
        ([["minzheng", "", 90, None, None]], "单元格 D6", "「重复访」未填写"),
        (
            [["minzheng", "", 90, 0, None], ["民政局", "", 80, 0, None]],
            "单元格 A7",
            "部门「民政局」重复（信访.xlsx 第 6 行已出现）",
        ),
    ],
)
def test_a_bad_row_is_refused_naming_the_cell_and_the_reason(
    rows: list[list[Any]], where: str, reason: str
) -> None:
    with pytest.raises(EvaluationError) as refused:
        build(["来信来访", "重复访"], rows)
    assert refused.value.where == f"信访.xlsx {where}"
    assert reason in refused.value.message


@pytest.mark.parametrize(
    ("columns", "kwargs", "where", "reason"),
    [
        (["来信来访", "满意度"], {}, "单元格 D5", "不认识的列「满意度」"),
        (["来信来访"], {}, "单元格 C5", "缺少指标列：重复访"),
        (["来信来访", "来信来访"], {}, "单元格 D5", "列「来信来访」重复"),
        (["来信来访", "重复访"], {"source": "督查"}, "单元格 B2", "没有来源为「督查」的指标"),
        (["来信来访", "重复访"], {"year": 2025}, "单元格 B1", "2025 年没有考评方案"),
        (["来信来访", "重复访"], {"year": "明年"}, "单元格 B1", "年度应为四位年份"),
    ],
)
def test_a_sheet_of_the_wrong_shape_is_refused_where_it_goes_wrong(
    columns: list[str], kwargs: dict[str, Any], where: str, reason: str
) -> None:
    with pytest.raises(EvaluationError) as refused:
        build(columns, [["minzheng", "", 90, 0, None]], **kwargs)
    assert refused.value.where == f"信访.xlsx {where}"
    assert reason in refused.value.message


def test_a_sheet_with_no_department_evaluated_is_refused() -> None:
    with pytest.raises(EvaluationError, match="没有填写任何部门"):
        build(["来信来访", "重复访"], [["minzheng", "", None, None, None]])


def test_a_scheme_reads_its_dimensions_items_directions_and_sources() -> None:
    built = scheme(("done", [item("on_time", 4, "本系统", "reports_on_time", "比例")]), ("effect", XINFANG))

    assert [d.code for d in built.dimensions] == ["done", "effect"]
    assert built.bonus_points == 8  # the penalty's 3 are not part of the full score
    repeated = built.indicator("repeated")
    assert repeated is not None and repeated.direction is Direction.PENALTY
    assert built.indicator("on_time").source is SourceKind.RECORD  # type: ignore[union-attr]
    assert built.fed_by("信访") == built.dimensions[1].indicators


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        ({"points": -1}, "points", "分值 points 应大于 0"),
        ({"points": "四"}, "points", "分值 points 应为数字"),
        ({"direction": "倒扣"}, "direction", "方向 direction「倒扣」不可用"),
        ({"source": "猜测"}, "source", "来源 source「猜测」不可用"),
        ({"from": "reports_early"}, "from", "不认识的本系统指标「reports_early」"),
        ({"scoring": "linear 0-100"}, "scoring", "应按比例（ratio）计分"),
        ({"scoring": "按感觉"}, "scoring", "无法识别的计分方式"),
        ({"code": "按时报送"}, "code", "只能由英文字母"),
        ({"weight": 3}, "weight", "不认识的键「weight」"),
    ],
)
def test_a_bad_item_is_refused_naming_its_place(change: dict[str, Any], where: str, reason: str) -> None:
    bad = {**item("on_time", 4, "record", "reports_on_time", "ratio"), **change}
    with pytest.raises(SchemeError) as refused:
        build_scheme(
            raw(
                {
                    "year": 2026,
                    "name": "方案",
                    "dimensions": [{"code": "done", "name": "做了没有", "items": [bad]}],
                }
            )
        )
    assert where in (refused.value.where or "")
    assert reason in refused.value.message


def test_an_item_code_given_twice_is_refused_with_the_first_place() -> None:
    twice = [item("on_time", 4, "record", "reports_on_time", "ratio")] * 2
    with pytest.raises(SchemeError, match="指标代码「on_time」重复"):
        scheme(("done", twice))


def test_leaders_ratings_need_a_weight_for_each_of_the_four_grades() -> None:
    with pytest.raises(SchemeError, match="好、较好、一般、差"):
        scheme(("effect", [item("leaders", 8, "rating", "分管市领导", "grades 好=1 差=0.5")]))


def test_a_scheme_without_a_bonus_item_is_refused() -> None:
    with pytest.raises(SchemeError, match="没有加分指标"):
        scheme(
            ("negative", [item("failure", 10, "evaluation", "纪检监察", "per_unit 5", direction="penalty")])
        )
