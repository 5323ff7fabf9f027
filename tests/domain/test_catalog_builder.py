"""Validating raw department records (whatever file they came from) into catalog models."""

from __future__ import annotations

from typing import Any

import pytest

from fm_domain.catalog import Raw, build_catalog, build_department
from fm_domain.errors import CatalogError
from fm_domain.models import DutyCategory, DutyStatus, Staffing


def raw(value: Any, where: str = "?") -> Raw:
    """A Raw tree whose every node says where it is: its path from the root."""
    if isinstance(value, dict):
        return Raw(
            {k: raw(v, f"{where}.{k}") for k, v in value.items()}, where, {k: f"{where}.{k}" for k in value}
        )
    if isinstance(value, list):
        return Raw([raw(v, f"{where}[{i}]") for i, v in enumerate(value)], where)
    return Raw(value, where)


def department(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "code": "minzheng",
        "name": "南通市民政局",
        "duties": [
            {"n": 1, "text": "拟订全市民政事业发展规划。"},
            {"n": 2, "text": "负责婚姻登记管理工作。"},
        ],
    }
    record.update(overrides)
    return record


def error_of(record: dict[str, Any]) -> CatalogError:
    with pytest.raises(CatalogError) as raised:
        build_department(raw(record, "d"))
    return raised.value


def test_a_minimal_department_gets_defaults() -> None:
    built = build_department(raw(department()))
    assert (built.short, built.partial, built.divisions, built.staffing) == ("", False, (), Staffing())
    assert built.duty(2).status is DutyStatus.ACTIVE
    assert not built.duty(2).periodic


def test_a_stated_category_is_kept_and_not_marked_guessed() -> None:
    built = build_department(
        raw(department(duties=[{"n": 1, "text": "负责婚姻登记。", "category": "监督检查类"}]))
    )
    assert built.duty(1).category is DutyCategory.SUPERVISION
    assert not built.duty(1).category_guessed


def test_a_missing_category_is_guessed_and_marked() -> None:
    built = build_department(raw(department()))
    assert built.duty(1).category is DutyCategory.MACRO_DECISION
    assert built.duty(1).category_guessed


def test_statuses_may_be_written_as_the_words_of_a_three_ding() -> None:
    duties = [
        {"n": 1, "text": "a", "status": "取消"},
        {"n": 2, "text": "b", "status": "划出"},
        {"n": 3, "text": "c", "status": "已下放"},
        {"n": 4, "text": "d", "status": "merged"},
    ]
    built = build_department(raw(department(duties=duties)))
    assert [d.status for d in built.duties] == [
        DutyStatus.CANCELLED,
        DutyStatus.TRANSFERRED,
        DutyStatus.DELEGATED,
        DutyStatus.MERGED,
    ]


def test_yes_and_no_in_chinese_are_read_as_flags() -> None:
    built = build_department(raw(department(partial="是", duties=[{"n": 1, "text": "a", "periodic": "否"}])))
    assert built.partial
    assert not built.duty(1).periodic


def test_duties_are_ordered_by_number() -> None:
    built = build_department(raw(department(duties=[{"n": 3, "text": "c"}, {"n": 1, "text": "a"}])))
    assert [d.n for d in built.duties] == [1, 3]


def test_division_lists_may_be_one_text_separated_by_enumeration_commas() -> None:
    built = build_department(
        raw(department(duties=[{"n": 1, "text": "a", "divisions": "办公室、社会救助处"}]))
    )
    assert built.duty(1).divisions == ("办公室", "社会救助处")


def test_staffing_and_divisions_are_built() -> None:
    built = build_department(
        raw(
            department(
                staffing={"administrative": 48, "leaders": 6},
                divisions=[{"name": "办公室", "duties": ["负责机关日常运转。"]}],
            )
        )
    )
    assert built.staffing == Staffing(48, 6, None)
    assert built.divisions[0].duties == ("负责机关日常运转。",)


def test_an_unknown_key_is_reported_where_the_key_is() -> None:
    error = error_of(department(leader="张三"))
    assert error.where == "d.leader"
    assert "leader" in error.message


def test_an_unknown_duty_key_is_reported_where_the_key_is() -> None:
    error = error_of(department(duties=[{"n": 1, "text": "a", "catgory": "宏观决策类"}]))
    assert error.where == "d.duties[0].catgory"


def test_a_duplicate_duty_number_is_reported_at_the_second_one_naming_the_first() -> None:
    error = error_of(department(duties=[{"n": 1, "text": "a"}, {"n": 1, "text": "b"}]))
    assert error.where == "d.duties[1]"
    assert "d.duties[0]" in error.message


def test_a_duplicate_division_is_rejected() -> None:
    error = error_of(department(divisions=[{"name": "办公室"}, {"name": "办公室"}]))
    assert error.where == "d.divisions[1]"


@pytest.mark.parametrize("text", ["", "   ", None])
def test_an_empty_duty_text_is_rejected(text: str | None) -> None:
    error = error_of(department(duties=[{"n": 1, "text": text}]))
    assert error.where in ("d.duties[0].text", "d.duties[0]")


@pytest.mark.parametrize(
    ("duty", "where"),
    [
        ({"n": 1, "text": "a", "category": "宏观类"}, "d.duties[0].category"),
        ({"n": 1, "text": "a", "status": "paused"}, "d.duties[0].status"),
        ({"n": 0, "text": "a"}, "d.duties[0].n"),
        ({"n": "一", "text": "a"}, "d.duties[0].n"),
        ({"n": 1, "text": "a", "periodic": "sometimes"}, "d.duties[0].periodic"),
    ],
)
def test_a_wrong_value_is_reported_where_it_is(duty: dict[str, Any], where: str) -> None:
    assert error_of(department(duties=[duty])).where == where


def test_a_wrong_category_lists_the_six_allowed_ones() -> None:
    error = error_of(department(duties=[{"n": 1, "text": "a", "category": "宏观类"}]))
    assert all(category.value in error.message for category in DutyCategory)


def test_a_code_that_cannot_be_part_of_a_duty_id_is_rejected() -> None:
    assert error_of(department(code="min.zheng")).where == "d.code"


def test_a_department_without_duties_is_rejected() -> None:
    assert "duties" in error_of(department(duties=[])).message


def test_a_department_without_a_name_is_rejected() -> None:
    record = department()
    del record["name"]
    assert "name" in error_of(record).message


def test_a_negative_staffing_figure_is_rejected() -> None:
    assert error_of(department(staffing={"administrative": -1})).where == "d.staffing.administrative"


def test_a_catalog_with_a_department_code_twice_is_rejected_at_the_second() -> None:
    with pytest.raises(CatalogError) as raised:
        build_catalog(raw({"departments": [department(), department(name="另一个")]}, "c"))
    assert raised.value.where == "c.departments[1]"


def test_a_catalog_needs_its_departments_key() -> None:
    with pytest.raises(CatalogError, match="departments"):
        build_catalog(raw({"department": [department()]}, "c"))
