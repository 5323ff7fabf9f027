"""The matcher's data files: they load, and a bad edit is refused with its file and line named."""

from __future__ import annotations

import pytest

from fm_domain.matching import (
    LexiconError,
    MatchThresholds,
    ParameterError,
    ScoringParameters,
    bundled_thesaurus,
)
from fm_domain.matching.lexicon import parse_concepts, parse_dictionary, parse_roles, parse_synonyms
from fm_domain.matching.thesaurus import Thesaurus


def test_the_bundled_thesaurus_covers_the_five_pilot_fields_and_common_work() -> None:
    thesaurus = bundled_thesaurus()
    fields = {concept.field for concept in thesaurus.concepts.values()}
    assert {"教育", "民政", "司法", "城管", "商务", "通用", "职能"} <= fields
    assert len(thesaurus.term_concepts) > 1500


@pytest.mark.parametrize(
    ("term", "concept"),
    [
        ("星级投放点", "生活垃圾分类"),
        ("餐厨垃圾", "餐厨垃圾"),
        ("占道经营", "占道经营管理"),
        ("店名招牌", "户外广告与招牌"),
        ("普惠性幼儿园", "学前教育"),
        ("临时救助", "临时救助"),
        ("宪法日", "法治宣传教育"),
        ("学法考试", "法治宣传教育"),
        ("双减", "义务教育"),
        ("放管服", "政务公开与政务服务"),
        ("低保", "最低生活保障"),
    ],
)
def test_everyday_work_vocabulary_signals_its_field(term: str, concept: str) -> None:
    assert concept in bundled_thesaurus().term_concepts[term]


def test_every_broader_concept_exists_and_reaches_a_top_concept() -> None:
    thesaurus = bundled_thesaurus()
    for name, ancestors in thesaurus.ancestors.items():
        assert ancestors[0] == (name, 0)
        assert all(ancestor in thesaurus.concepts for ancestor, _ in ancestors)


def test_a_concept_whose_broader_concept_is_missing_is_refused() -> None:
    concepts = parse_concepts("垃圾分类\t环境卫生\t城管\t投放点\t说明\n")
    with pytest.raises(LexiconError, match="环境卫生"):
        Thesaurus.build(concepts)


def test_a_cycle_of_broader_concepts_is_refused() -> None:
    concepts = parse_concepts("甲概念\t乙概念\t城管\t甲词\n乙概念\t甲概念\t城管\t乙词\n")
    with pytest.raises(LexiconError, match="循环"):
        Thesaurus.build(concepts)


def test_a_malformed_thesaurus_line_names_its_file_and_line() -> None:
    with pytest.raises(LexiconError) as raised:
        parse_concepts("# note\n环境卫生\t-\n", "thesaurus_city.tsv")
    assert raised.value.source == "thesaurus_city.tsv" and raised.value.line == 2


def test_a_one_character_term_is_refused() -> None:
    with pytest.raises(LexiconError, match="两个字"):
        parse_concepts("环境卫生\t-\t城管\t垃\n")


def test_a_variant_given_to_two_canonical_words_is_refused() -> None:
    with pytest.raises(LexiconError, match="低保"):
        parse_synonyms("最低生活保障\t低保\n特困人员救助供养\t低保\n")


def test_dictionary_and_role_files_are_checked() -> None:
    assert parse_dictionary("社区矫正\n法律援助 2000 n\n") == [("社区矫正", None), ("法律援助", 2000)]
    with pytest.raises(LexiconError):
        parse_dictionary("社区矫正 很多\n")
    with pytest.raises(LexiconError):
        parse_roles("配合\thelp\n")


def test_default_thresholds_come_from_the_data_file_and_overrides_are_checked() -> None:
    thresholds = MatchThresholds.default()
    assert 0 < thresholds.fit < 1
    assert thresholds.with_overrides({"fit": 0.3}).fit == 0.3
    with pytest.raises(ParameterError, match="fitness"):
        thresholds.with_overrides({"fitness": 0.3})
    with pytest.raises(ParameterError, match="fit"):
        thresholds.with_overrides({"fit": 1.5})
    with pytest.raises(ParameterError, match="k1"):
        ScoringParameters.default().with_overrides({"k1": "high"})


def test_settings_name_places_and_institutions_not_fields_of_work() -> None:
    settings = bundled_thesaurus().settings
    assert {"学校", "幼儿园", "社区", "企业"} <= settings
    assert not settings & {"普惠性幼儿园", "校园安全", "社区矫正"}


def test_a_term_belongs_to_the_most_specific_concept_that_carries_it() -> None:
    # A broader concept listing a narrower one's term would make a duty naming only the broader concept count
    # as naming the narrower exactly (公路 on the root 交通运输 beside 公路建设养护).
    thesaurus = bundled_thesaurus()
    doubled = []
    for term, names in thesaurus.term_concepts.items():
        for name in names:
            broader = {ancestor for ancestor, steps in thesaurus.ancestors[name] if steps}
            doubled += [(term, name, other) for other in broader & set(names) if other != term]
    assert doubled == []


def test_every_field_of_a_city_government_has_vocabulary() -> None:
    fields = {concept.field for concept in bundled_thesaurus().concepts.values()}
    departments = {
        "发改",
        "科技",
        "工信",
        "公安",
        "民政",
        "司法",
        "财政",
        "人社",
        "自然资源",
        "生态环境",
        "住建",
        "交通",
        "水利",
        "农业农村",
        "商务",
        "文旅",
        "卫健",
        "退役军人",
        "应急",
        "统计审计",
        "国资",
        "市场监管",
        "体育",
        "医保",
        "城管",
        "数据",
        "信访",
        "金融",
        "机关事务",
        "行政审批",
        "林业",
        "人防",
        "民宗",
        "外事",
    }
    assert departments <= fields
