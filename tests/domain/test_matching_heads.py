"""Head words: the bare form of a thesaurus term (健身器材 of 户外健身器材) joins its concept."""

from __future__ import annotations

from fm_domain.matching.heads import bundled_heads_text, derive_heads
from fm_domain.matching.lexicon import Concept, data_text
from fm_domain.matching.thesaurus import bundled_thesaurus

# jieba's cuts for the terms below, as its own dictionary makes them
_CUTS = {
    "户外健身器材": ["户外", "健身", "器材"],
    "老旧健身器材": ["老旧", "健身", "器材"],
    "消防器材": ["消防", "器材"],
    "公共就业服务体系": ["公共", "就业", "服务体系"],
    "养老服务体系": ["养老", "服务体系"],
    "城乡社区服务体系": ["城乡", "社区", "服务体系"],
    "农村公路危桥改造": ["农村公路", "危桥", "改造"],
    "两客一危车辆": ["两", "客", "一", "危", "车辆"],
    "促进民族地区经济社会发展": ["促进", "民族地区", "经济社会", "发展"],
    "民族地区发展": ["民族地区", "发展"],
    "产业发展": ["产业", "发展"],
    "教育发展": ["教育", "发展"],
    # concepts' names: a name is one of the concept's terms
    "全民健身设施": ["全民", "健身", "设施"],
    "全民健身": ["全民", "健身"],
    "公共就业服务": ["公共", "就业", "服务"],
    "养老服务": ["养老", "服务"],
    "社区建设": ["社区", "建设"],
    "道路运输安全": ["道路运输", "安全"],
    "食品安全": ["食品安全"],
    "餐饮监督检查": ["餐饮", "监督检查"],
    "危桥排查": ["危桥", "排查"],
    "食品安全监督检查": ["食品安全", "监督检查"],
    "监督检查计划": ["监督检查", "计划"],
    "监督检查要点": ["监督检查", "要点"],
}


def _segment(term: str) -> list[str]:
    return _CUTS.get(term, [term])


def _concept(name: str, field: str, *terms: str, broader: tuple[str, ...] = ()) -> Concept:
    return Concept(name=name, broader=broader, field=field, terms=(name, *terms))


def test_the_tail_of_a_term_that_names_a_field_s_thing_becomes_a_term_of_its_concept() -> None:
    heads = derive_heads([_concept("全民健身设施", "体育", "户外健身器材", "老旧健身器材")], _segment)

    assert heads["健身器材"] == ("全民健身设施",)


def test_a_tail_whose_only_field_word_is_incidental_to_the_concept_stays_out() -> None:
    concepts = [
        _concept("民族地区发展", "民宗", "促进民族地区经济社会发展"),
        _concept("产业发展", "发改"),
        _concept("教育发展", "教育"),
    ]

    heads = derive_heads(concepts, _segment)

    assert "经济社会发展" not in heads  # 经济社会 is in this one phrase, not in the concept's other terms
    assert "民族地区经济社会发展" in heads  # 民族地区 runs through the concept


def test_a_tail_of_two_fields_says_neither() -> None:
    concepts = [
        _concept("公共就业服务", "人社", "公共就业服务体系"),
        _concept("养老服务", "民政", "养老服务体系"),
        _concept("社区建设", "民政", "城乡社区服务体系"),
    ]

    heads = derive_heads(concepts, _segment)

    assert "就业服务体系" in heads  # 就业 is the 人社 field's own word
    assert "服务体系" not in heads  # 人社 and 民政 both end a term in it
    assert "社区服务体系" in heads


def test_a_tail_of_words_many_fields_use_stays_out() -> None:
    concepts = [
        _concept("食品安全", "市场监管", "食品安全监督检查", "餐饮监督检查"),
        _concept("药品安全", "药监", "监督检查计划"),
        _concept("特种设备安全", "特种设备", "监督检查要点"),
    ]

    heads = derive_heads(concepts, _segment)

    # Only 食品安全 ends a term in it, but three fields use the word: a function, not a subject.
    assert "监督检查" not in heads
    assert "监督检查" in derive_heads(concepts[:1], _segment)


def test_no_cut_beside_a_one_character_word_and_no_head_shorter_than_three_characters() -> None:
    concept = _concept("道路运输安全", "交通", "两客一危车辆", "农村公路危桥改造", "危桥排查")

    heads = derive_heads([concept], _segment)

    assert not {"客一危车辆", "一危车辆", "危车辆"} & set(heads)
    assert "危桥改造" in heads
    assert "改造" not in heads


def test_what_a_person_wrote_wins_over_a_derived_head() -> None:
    concepts = [
        _concept("全民健身设施", "体育", "户外健身器材"),
        _concept("体育用品", "体育", "健身器材"),
    ]

    assert "健身器材" not in derive_heads(concepts, _segment)
    assert "健身器材" not in derive_heads(concepts[:1], _segment, excluded={"健身器材"})


def test_a_head_of_a_concept_and_of_a_broader_one_belongs_to_the_narrower() -> None:
    concepts = [
        _concept("全民健身", "体育", "户外健身器材"),
        _concept("全民健身设施", "体育", "老旧健身器材", broader=("全民健身",)),
    ]

    assert derive_heads(concepts, _segment)["健身器材"] == ("全民健身设施",)


def test_a_kind_of_function_yields_no_heads() -> None:
    heads = derive_heads([_concept("监督检查", "职能", "户外健身器材")], _segment)

    assert heads == {}


def test_the_shipped_heads_file_is_what_the_thesaurus_derives() -> None:
    # Stale after a thesaurus edit: run `python -m fm_domain.matching.heads`.
    assert data_text("thesaurus_heads.tsv") == bundled_heads_text()


def test_the_bundled_thesaurus_reads_a_derived_head_as_its_concept() -> None:
    thesaurus = bundled_thesaurus()

    concepts = thesaurus.term_concepts["健身器材"]

    assert concepts and all(thesaurus.concepts[name].field == "体育" for name in concepts)
