"""Scoring: a scheme with bonus and penalty items, scored by hand in the comments and by fmbot, agrees to
the cent; ties share a rank; an indicator without data scores nothing and is listed as missing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from fm_domain.performance import (
    DepartmentScore,
    Evaluation,
    EvaluationValue,
    Evidence,
    EvidenceKind,
    Grade,
    Measure,
    Rating,
    YearScores,
    rank,
    score_department,
)
from fm_domain.performance.rules import RuleError, parse_rule
from tests.domain.performance_helpers import item, scheme

AT = datetime(2026, 12, 20, tzinfo=UTC)

SCHEME = scheme(
    (
        "done",
        [
            item("on_time", 10, "record", "reports_on_time", "ratio"),
            item("petitions", 8, "evaluation", "信访", "linear 60-100"),
            item("key_tasks", 5, "evaluation", "督查", "direct"),
        ],
    ),
    (
        "effect",
        [
            item("leaders", 6, "rating", "分管市领导", "grades 好=1 较好=0.85 一般=0.7 差=0.5"),
            item("repeated", 4, "evaluation", "信访", "per_unit 1.5", direction="penalty"),
            item("confirmed", 2, "record", "findings_confirmed", "per_unit 0.5", direction="penalty"),
        ],
    ),
)


def evaluation(source: str, values: dict[tuple[str, str], Fraction], number: int = 1) -> Evaluation:
    return Evaluation(
        2026,
        source,
        f"{source}.xlsx",
        tuple(
            EvaluationValue(d, i, v, f"{source}.xlsx 单元格 C{n + 6}")
            for n, ((d, i), v) in enumerate(values.items())
        ),
        id=number,
        imported_at=AT,
    )


def rating(department: str, leader: int, grade: Grade) -> Rating:
    return Rating(2026, department, leader, f"领导{leader}", grade, "", AT)


def score(department: str, on_time: Fraction, confirmed: int, petitions: int, repeated: int, key: str,
          grades: list[Grade]) -> DepartmentScore:  # fmt: skip
    measures = {
        "reports_on_time": Measure(on_time, cases=12),
        "findings_confirmed": Measure(Fraction(confirmed), cases=confirmed),
    }
    evaluations = {
        "信访": evaluation(
            "信访",
            {(department, "petitions"): Fraction(petitions), (department, "repeated"): Fraction(repeated)},
        ),
        "督查": evaluation("督查", {(department, "key_tasks"): Fraction(key)}, number=2),
    }
    ratings = [rating(department, n, grade) for n, grade in enumerate(grades, start=1)]
    return score_department(SCHEME, department, measures, evaluations, ratings)


def test_bonus_and_penalty_points_agree_with_the_hand_scored_sheet_to_the_cent() -> None:
    result = score("minzheng", Fraction(11, 12), 1, 85, 2, "3.5", [Grade.GOOD, Grade.AVERAGE])

    points = {point.indicator: point.points for point in result.points}
    assert points == {
        "on_time": Decimal("9.17"),  # 10 × 11/12 = 9.1666… → 9.17
        "petitions": Decimal("5.00"),  # (85 − 60) / (100 − 60) × 8
        "key_tasks": Decimal("3.50"),  # given directly
        "leaders": Decimal("5.10"),  # (1 + 0.7) / 2 × 6
        "repeated": Decimal("-3.00"),  # 2 × 1.5, within the 4 at most
        "confirmed": Decimal("-0.50"),  # 1 × 0.5
    }
    assert result.total == Decimal("19.27")  # 9.17 + 5.00 + 3.50 + 5.10 − 3.00 − 0.50
    assert result.dimension_total("done") == Decimal("17.67")
    assert result.dimension_total("effect") == Decimal("1.60")


def test_a_penalty_deducts_no_more_than_its_points_and_a_bonus_gives_no_more_than_its() -> None:
    result = score("minzheng", Fraction(1), 9, 100, 3, "5", [Grade.GOOD])

    points = {point.indicator: point.points for point in result.points}
    assert points["repeated"] == Decimal("-4.00")  # 3 × 1.5 = 4.5, capped at 4
    assert points["confirmed"] == Decimal("-2.00")  # 9 × 0.5 = 4.5, capped at 2
    assert points["on_time"] == Decimal("10.00") and points["petitions"] == Decimal("8.00")
    assert result.total == Decimal("23.00")  # 10 + 8 + 5 + 6 − 4 − 2


def test_a_half_cent_rounds_up_as_a_person_rounds() -> None:
    # 3 × 1/8 = 0.375: a float would give 0.37, the hand (and Decimal half up) gives 0.38.
    lone = scheme(("done", [item("share", 3, "record", "reports_on_time", "ratio")]))
    result = score_department(lone, "minzheng", {"reports_on_time": Measure(Fraction(1, 8), cases=8)}, {}, [])
    assert result.points[0].points == Decimal("0.38")


def test_every_point_keeps_the_evidence_it_rests_on() -> None:
    evidence = (Evidence(EvidenceKind.MISSING, "月度工作安排", "2026-05", counted=False),)
    measures = {
        "reports_on_time": Measure(Fraction(11, 12), evidence, 12),
        "findings_confirmed": Measure(Fraction(0)),
    }
    xinfang = evaluation(
        "信访", {("minzheng", "petitions"): Fraction(85), ("minzheng", "repeated"): Fraction(0)}
    )

    result = score_department(
        SCHEME, "minzheng", measures, {"信访": xinfang}, [rating("minzheng", 1, Grade.GOOD)]
    )

    by_code = {point.indicator: point for point in result.points}
    assert by_code["on_time"].evidence == evidence
    [cell] = by_code["petitions"].evidence
    assert (cell.kind, cell.ref, cell.period, cell.note) == (
        EvidenceKind.EVALUATION,
        "信访.xlsx",
        "1",
        "信访.xlsx 单元格 C6",
    )
    assert by_code["leaders"].evidence[0].ref == "领导1" and by_code["leaders"].value == "好"


def test_an_indicator_without_data_scores_nothing_and_is_listed_as_missing() -> None:
    xinfang = evaluation("信访", {("jiaoyu", "petitions"): Fraction(90), ("jiaoyu", "repeated"): Fraction(0)})

    result = score_department(SCHEME, "minzheng", {}, {"信访": xinfang}, [])

    missing = {point.indicator: point for point in result.missing}
    assert set(missing) == {"on_time", "petitions", "key_tasks", "leaders", "repeated", "confirmed"}
    assert all(point.points == 0 for point in result.points)
    # Imported, but not for this department: the evidence names the sheet that left it out.
    assert (
        missing["petitions"].evidence[0].ref == "信访.xlsx" and not missing["petitions"].evidence[0].counted
    )
    assert missing["key_tasks"].evidence == ()  # nothing imported from 督查 at all


def test_equal_totals_share_a_rank_and_the_next_rank_skips() -> None:
    scores = [
        score(code, Fraction(1), 0, petitions, 0, "5", [Grade.GOOD])
        for code, petitions in (("a", 100), ("b", 80), ("c", 80), ("d", 60))
    ]

    ranked = rank(reversed(scores))

    assert [(s.department, s.rank) for s in ranked] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_scores_read_back_from_their_json_exactly() -> None:
    result = score("minzheng", Fraction(11, 12), 1, 85, 2, "3.5", [Grade.GOOD, Grade.AVERAGE])
    scores = YearScores(2026, SCHEME, rank([result]), AT.date())

    again = YearScores.from_json(scores.to_json())

    assert again == scores


@pytest.mark.parametrize(
    "text",
    ["ratio 1", "linear 100-0", "linear", "per_unit 0", "grades 好", "grades 好=1.5", "percent", "direct 5"],
)
def test_a_rule_that_cannot_score_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(RuleError) as refused:
        parse_rule(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(refused.value))


@pytest.mark.parametrize(
    "text", ["ratio", "比例", "线性 0-100", "每项 2", "等次 好=1 差=0.5", "直接", "linear 0-5.5"]
)
def test_a_rule_reads_back_from_its_canonical_text(text: str) -> None:
    rule = parse_rule(text)
    assert parse_rule(rule.text) == rule
