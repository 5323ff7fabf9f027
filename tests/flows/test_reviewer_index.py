"""The reviewer's duty index: built once per catalog, checked by identity on every turn, and compared by
content only when a new catalog object arrives (the catalog stamp moved)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from conversations.review import MatchingReviewer
from fm_domain.matching.index import DutyIndex
from fm_domain.models import Catalog, Department, Duty, DutyCategory


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Catalog]:
    """Every catalog a duty index was built for."""
    built: list[Catalog] = []
    build = DutyIndex.build

    def counted(catalog: Catalog, **options: Any) -> DutyIndex:
        built.append(catalog)
        return build(catalog, **options)

    monkeypatch.setattr(DutyIndex, "build", staticmethod(counted))
    return built


def reloaded(catalog: Catalog) -> Catalog:
    """The same content as a new object, as a second load from storage gives."""
    return Catalog(tuple(replace(department) for department in catalog))


def with_extra_duty(catalog: Catalog) -> Catalog:
    def extended(department: Department) -> Department:
        if department.code != "jiaoyu":
            return department
        duty = Duty("jiaoyu", len(department.duties) + 1, "负责校园足球联赛。", DutyCategory.IMPLEMENTATION)
        return replace(department, duties=(*department.duties, duty))

    return Catalog(tuple(extended(department) for department in catalog))


def test_the_same_catalog_object_reuses_the_index(sample_catalog: Catalog, builds: list[Catalog]) -> None:
    reviewer = MatchingReviewer()
    reviewer.search(sample_catalog, "义务教育")
    reviewer.review(sample_catalog, "jiaoyu", ["推进义务教育优质均衡发展"])
    assert builds == [sample_catalog]


def test_an_equal_catalog_loaded_again_keeps_the_index(
    sample_catalog: Catalog, builds: list[Catalog]
) -> None:
    reviewer = MatchingReviewer()
    reviewer.search(sample_catalog, "义务教育")
    reviewer.search(reloaded(sample_catalog), "义务教育")
    assert len(builds) == 1


def test_a_changed_catalog_rebuilds_the_index(sample_catalog: Catalog, builds: list[Catalog]) -> None:
    reviewer = MatchingReviewer()
    reviewer.search(sample_catalog, "义务教育")
    changed = with_extra_duty(sample_catalog)
    reviewer.search(changed, "义务教育")
    reviewer.search(changed, "义务教育")
    assert builds == [sample_catalog, changed]
