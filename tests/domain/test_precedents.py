"""The office's judgements as precedents (issue 11): an item worded as a judged one takes the judged answer,
one worded similarly has the judged duty preferred, and a judgement of a duty the catalog lost is ignored."""

from __future__ import annotations

import pytest

from fm_domain.matching import DutyIndex
from fm_domain.matching.precedents import (
    Judgement,
    JudgementError,
    judgements_jsonl,
    parse_judgements,
    votes,
)
from fm_domain.models import Catalog, Department, Duty, DutyCategory
from fm_domain.review import Confidence, Verdict, review


def duty(n: int, text: str) -> Duty:
    return Duty("cg", n, text, DutyCategory.IMPLEMENTATION, category_guessed=True)


CATALOG = Catalog(
    (
        Department(
            code="cg",
            name="城市管理局",
            duties=(
                duty(1, "负责全市市容环境卫生管理工作，指导城市道路清扫保洁。"),
                duty(2, "负责规范城市道路占道经营和流动摊点管理。"),
                duty(3, "负责全市城市照明设施的维护管理。"),
            ),
        ),
    )
)
INDEX = DutyIndex.build(CATALOG)
ITEM = "开展城市道路夜间摊点整治"


def reviewed(item: str, *judgements: Judgement):
    return review(INDEX, "cg", [item], precedents=INDEX.precedents(judgements)).items[0]


def test_an_item_worded_as_a_judged_one_takes_the_judged_answer_with_the_judgement_as_evidence() -> None:
    judged = Judgement(ITEM, "cg", "in_scope", "cg.3")  # staff say: the lighting duty
    found = reviewed(ITEM, judged)
    assert (found.verdict, found.duty.duty_id, found.confidence) == (
        Verdict.IN_SCOPE,
        "cg.3",
        Confidence.HIGH,
    )
    assert found.precedent == ITEM


def test_a_judgement_that_the_work_is_outside_the_duties_is_followed_too() -> None:
    found = reviewed(ITEM, Judgement(ITEM, "cg", "out_of_scope", None, internal=True))
    assert (found.verdict, found.duty, found.internal) == (Verdict.OUT_OF_SCOPE, None, True)


def test_a_similarly_worded_item_has_the_judged_duty_preferred() -> None:
    similar = "城市道路夜间摊点整治行动"
    before = reviewed(similar)
    after = reviewed(similar, Judgement(ITEM, "cg", "in_scope", "cg.3"))
    assert before.duty.duty_id != "cg.3"
    assert after.duty.duty_id == "cg.3"


def test_similar_judgements_vote_and_one_that_disagrees_weakens_the_other() -> None:
    similar = "城市道路夜间摊点整治行动"
    lighting = Judgement(ITEM, "cg", "in_scope", "cg.3")
    found_outside = Judgement("城市道路夜间摊点整治专项", "cg", "out_of_scope", None)
    neighbours = INDEX.precedents([lighting, found_outside]).nearest(similar, "cg", limit=5)
    said = votes(neighbours)
    assert set(said) == {"cg.3", None}
    alone = votes(INDEX.precedents([lighting]).nearest(similar, "cg", limit=5))
    assert said["cg.3"] < alone["cg.3"]  # the disagreeing judgement takes its share


def test_the_nearest_judgements_come_closest_first_and_not_below_the_floor() -> None:
    judged = [
        Judgement(ITEM, "cg", "in_scope", "cg.3"),
        Judgement("城市道路占道经营", "cg", "in_scope", "cg.2"),
        Judgement("城市照明设施维护", "cg", "in_scope", "cg.3"),
    ]
    nearest = INDEX.precedents(judged).nearest(ITEM, "cg", limit=5, floor=0.1)
    assert [p.judgement.text for p in nearest] == [ITEM, "城市道路占道经营"]  # not the lighting one
    assert nearest[0].similarity > nearest[1].similarity >= 0.1


def test_a_judgement_of_another_department_or_unrelated_wording_changes_nothing() -> None:
    plain = reviewed("推进公共厕所提升改造")
    other = reviewed("推进公共厕所提升改造", Judgement("推进公共厕所提升改造", "jy", "out_of_scope", None))
    unrelated = reviewed("推进公共厕所提升改造", Judgement(ITEM, "cg", "in_scope", "cg.3"))
    assert plain == other == unrelated


def test_a_judgement_of_a_duty_the_catalog_no_longer_has_is_ignored() -> None:
    assert len(INDEX.precedents([Judgement(ITEM, "cg", "in_scope", "cg.9")])) == 0


def test_judgements_read_back_as_written() -> None:
    judgements = [
        Judgement("开展城市道路夜间摊点整治", "cg", "in_scope", "cg.2"),
        Judgement("机关党支部主题党日", "cg", "out_of_scope", None, internal=True),
    ]
    assert parse_judgements(judgements_jsonl(judgements)) == judgements


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "不是有效的 JSON"),
        ('{"department": "cg", "verdict": "in_scope", "duty": "cg.1"}', "缺少条目文字"),
        ('{"text": "x", "verdict": "in_scope", "duty": "cg.1"}', "缺少部门代码"),
        ('{"text": "x", "department": "cg", "verdict": "maybe"}', "verdict 应为"),
        ('{"text": "x", "department": "cg", "verdict": "overlap"}', "须给出职责"),
    ],
)
def test_a_bad_judgements_line_is_refused_with_its_line_number(line: str, message: str) -> None:
    with pytest.raises(JudgementError) as error:
        parse_judgements('{"text": "x", "department": "cg", "verdict": "out_of_scope"}\n' + line)
    assert "第 2 行" in str(error.value) and message in str(error.value)


def test_an_item_the_office_found_outside_the_duties_when_worded_similarly_is_left_outside() -> None:
    similar = "城市道路流动摊点整治"  # about the same thing, not the judged item reworded
    assert reviewed(similar).verdict is Verdict.IN_SCOPE  # the duties alone place it
    found = reviewed(similar, Judgement(ITEM, "cg", "out_of_scope", None, internal=True))
    assert (found.verdict, found.duty, found.internal) == (Verdict.OUT_OF_SCOPE, None, True)
    assert (found.confidence, found.precedent) == (Confidence.LOW, ITEM)  # for staff, with the evidence
