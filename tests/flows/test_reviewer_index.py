"""The reviewer's duty index: built once per catalog, checked by identity on every turn, and compared by
content only when a new catalog object arrives (the catalog stamp moved)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from conversations.review import MatchingReviewer
from fm_domain.matching.index import DutyIndex
from fm_domain.matching.precedents import Judgement
from fm_domain.models import Catalog, Department, Duty, DutyCategory
from fm_domain.verdicts import Confidence, Verdict


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


@pytest.fixture
def precedent_builds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Judgement, ...]]:
    """Every set of judgements made into precedents."""
    made: list[tuple[Judgement, ...]] = []
    build = DutyIndex.precedents

    def counted(index: DutyIndex, judgements: Any) -> Any:
        made.append(tuple(judgements))
        return build(index, judgements)

    monkeypatch.setattr(DutyIndex, "precedents", counted)
    return made


JUDGED = Judgement("整治校园周边占道经营摊点", "jiaoyu", "in_scope", "jiaoyu.3")


def test_an_item_worded_as_a_judged_one_takes_the_judgement_with_it_as_evidence(
    sample_catalog: Catalog,
) -> None:
    review = MatchingReviewer().review(sample_catalog, "jiaoyu", [JUDGED.text], judgements=[JUDGED])
    [check] = review.items
    assert (check.verdict, check.duty, check.confidence) == (Verdict.IN_SCOPE, "jiaoyu.3", Confidence.HIGH)
    assert check.precedent == JUDGED.text and check.internal is False


def test_the_precedents_are_made_once_while_the_judgements_stay_the_same(
    sample_catalog: Catalog, precedent_builds: list[tuple[Judgement, ...]]
) -> None:
    reviewer = MatchingReviewer()
    reviewer.review(sample_catalog, "jiaoyu", ["开展教师培训"], judgements=[JUDGED])
    reviewer.review(sample_catalog, "jiaoyu", ["开展教师培训"], judgements=(replace(JUDGED),))  # equal, new
    assert len(precedent_builds) == 1
    other = replace(JUDGED, duty="jiaoyu.6")
    reviewer.review(sample_catalog, "jiaoyu", ["开展教师培训"], judgements=[other])
    assert precedent_builds == [(JUDGED,), (other,)]


def test_a_review_without_judgements_makes_no_precedents(
    sample_catalog: Catalog, precedent_builds: list[tuple[Judgement, ...]]
) -> None:
    review = MatchingReviewer().review(sample_catalog, "jiaoyu", ["开展教师培训"])
    assert precedent_builds == [] and review.items[0].precedent == ""
