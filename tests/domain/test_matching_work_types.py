"""The kind of work a text does (drafting, carrying out, supervising, coordinating), read from its verbs."""

from __future__ import annotations

import pytest

from fm_domain.matching import DutyIndex, LexiconError, ScoringParameters
from fm_domain.matching.lexicon import parse_work_types
from fm_domain.matching.work_types import WorkTypes, bundled_work_types
from fm_domain.models import Catalog, Department, Duty, DutyCategory


def test_the_first_work_verb_of_a_text_gives_its_kind() -> None:
    kinds = bundled_work_types()
    assert kinds.of_words(["对", "占道经营", "摊点", "取缔"]) is DutyCategory.SUPERVISION
    assert kinds.of_words(["印发", "实施", "方案"]) is DutyCategory.MACRO_DECISION


def test_a_text_without_a_work_verb_has_no_kind() -> None:
    assert bundled_work_types().of_words(["环卫", "作业", "市场化率"]) is None


def test_a_stated_category_stands_over_the_duties_opening_verb() -> None:
    duty = Duty("dept", 1, "负责城市管理执法的规章制度", DutyCategory.MACRO_DECISION, category_guessed=False)
    kinds = bundled_work_types()
    assert kinds.of_duty(duty, kinds.of_words(["负责", "城市管理"])) is DutyCategory.MACRO_DECISION


def test_a_guessed_category_gives_way_to_the_duties_opening_verb() -> None:
    duty = Duty("dept", 1, "负责环境卫生的管理；协调…", DutyCategory.COORDINATION, category_guessed=True)
    kinds = bundled_work_types()
    assert kinds.of_duty(duty, kinds.of_words(["负责", "环境卫生"])) is DutyCategory.IMPLEMENTATION


def test_a_work_type_line_with_an_unknown_category_names_its_file_and_line() -> None:
    with pytest.raises(LexiconError) as raised:
        parse_work_types("# note\n制定\t决策类\n", "work_types.tsv")
    assert raised.value.source == "work_types.tsv" and raised.value.line == 2


def test_with_a_work_type_weight_the_duty_of_the_items_kind_wins_a_tie() -> None:
    duties = (
        Duty("cg", 1, "研究制定城管执法的规章制度", DutyCategory.MACRO_DECISION, category_guessed=True),
        Duty("cg", 2, "检查、督促各区开展城管执法", DutyCategory.SUPERVISION, category_guessed=True),
    )
    catalog = Catalog((Department(code="cg", name="城管局", duties=duties),))
    item = "取缔占道经营摊点"
    plain = DutyIndex.build(
        catalog, scoring=ScoringParameters.default().with_overrides({"work_type_weight": 0})
    )
    kind = DutyIndex.build(
        catalog, scoring=ScoringParameters.default().with_overrides({"work_type_weight": 0.2})
    )
    first, second = (match.score for match in plain.rank(item, top=2))
    assert first == pytest.approx(second, abs=0.05)  # without the preference the two are about even
    assert kind.rank(item, top=1)[0].duty_id == "cg.2"


def test_without_the_bundled_cues_nothing_has_a_kind() -> None:
    assert WorkTypes({}).of_words(["取缔"]) is None
