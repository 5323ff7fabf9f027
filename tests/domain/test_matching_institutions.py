"""Names of institutions (香港中文大学, 南通市中医院) are settings: their words do not drive a match.

The catalog is 广州市教育局's published 三定 (../shared/reference/sanding/gz_jiaoyu.txt): its duty 10 is the
education exchange with 香港、澳门, its duty 11 the party building of the bureau's system.
"""

from __future__ import annotations

import dataclasses

import pytest

from fm_domain.matching import DutyIndex
from fm_domain.matching.features import Analyser
from fm_domain.matching.segmenter import shared_segmenter
from fm_domain.matching.thesaurus import bundled_thesaurus
from fm_domain.matching.work_types import bundled_work_types
from fm_domain.models import Catalog
from tests.domain.test_matching import sanding_department

ITEM = "香港中文大学（深圳）成立临时党委"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog((sanding_department("gz_jiaoyu", "广州市教育局"),))


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(bundled_thesaurus(), shared_segmenter(), bundled_work_types())


def settings_of(analyser: Analyser, item: str) -> dict[str, bool]:
    return {unit.surface: unit.setting for unit in analyser.analyse(item).units}


def test_a_place_inside_a_universitys_name_does_not_make_the_item_exchange_work(catalog: Catalog) -> None:
    best = DutyIndex.build(catalog).rank(ITEM, top=1, department="gz_jiaoyu")[0]
    assert best.duty_id == "gz_jiaoyu.11"


def test_without_institution_suffixes_the_place_in_the_name_would_win(catalog: Catalog) -> None:
    plain = dataclasses.replace(bundled_thesaurus(), institution_suffixes=frozenset())
    best = DutyIndex.build(catalog, thesaurus=plain).rank(ITEM, top=1, department="gz_jiaoyu")[0]
    assert best.duty_id == "gz_jiaoyu.10"


def test_the_words_of_a_proper_name_of_an_institution_are_settings(analyser: Analyser) -> None:
    units = settings_of(analyser, "南通市中医院开展义诊")
    assert units["南通市"] and units["中医院"]
    assert not units["义诊"]


def test_an_institution_named_for_its_field_keeps_that_field(analyser: Analyser) -> None:
    assert not settings_of(analyser, "城市管理学院开展培训")["城市管理"]


def test_a_bare_suffix_is_no_name(analyser: Analyser) -> None:
    assert not settings_of(analyser, "新建学院一所")["学院"]


def test_duty_texts_read_institution_names_for_their_terms(analyser: Analyser) -> None:
    analysis = analyser.analyse("指导管理与香港中文大学的教育交流", document=True)
    assert not {unit.surface: unit.setting for unit in analysis.units}["香港"]


def test_the_bundled_suffixes_name_institutions_not_government_service_units() -> None:
    suffixes = bundled_thesaurus().institution_suffixes
    assert {"大学", "中学", "医院", "公司", "协会", "商会", "研究院"} <= suffixes
    assert "中心" not in suffixes
