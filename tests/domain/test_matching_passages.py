"""Passage scoring: a duty's score blended with that of its best-fitting sentence (``passage_weight``)."""

from __future__ import annotations

from fm_domain.matching import DutyIndex, ScoringParameters
from fm_domain.models import Catalog, Department, Duty, DutyCategory

# Shaped like 广州市教育局 (四) and (五): one duty lists several fields, one sentence each; the other names
# a single field.
SPREAD = "负责本市教育工作；管理本市学前教育、基础教育、职业教育工作；管理本市招生考试工作"
FOCUSED = "组织协调教育信息化工程的实施"
ITEM = "开展职业学校智慧校园和中考网上阅卷试点"


def _scores(passage_weight: float) -> dict[str, float]:
    duties = (
        Duty("jy", 1, SPREAD, DutyCategory.IMPLEMENTATION, category_guessed=True),
        Duty("jy", 2, FOCUSED, DutyCategory.COORDINATION, category_guessed=True),
    )
    catalog = Catalog((Department(code="jy", name="教育局", duties=duties),))
    # The concept layer alone: passages are sentences of it (the literal layer reads whole duties).
    scoring = ScoringParameters.default().with_overrides(
        {"passage_weight": passage_weight, "literal_weight": 0.0}
    )
    return {match.duty_id: match.score for match in DutyIndex.build(catalog, scoring=scoring).rank(ITEM)}


def test_a_duty_whose_matches_spread_over_its_sentences_loses_more_to_passage_scoring() -> None:
    whole, passages = _scores(0.0), _scores(1.0)
    assert passages["jy.1"] / whole["jy.1"] < 0.6  # no one sentence of it holds more than one unit
    assert passages["jy.2"] / whole["jy.2"] > 0.9  # its one sentence holds all it matches


def test_the_passage_weight_blends_the_whole_duty_with_its_best_sentence() -> None:
    whole, half, passages = _scores(0.0), _scores(0.5), _scores(1.0)
    for duty in ("jy.1", "jy.2"):
        assert abs(half[duty] - (whole[duty] + passages[duty]) / 2) < 1e-3
