"""Scores: every indicator of the scheme for one department and year, each point with its raw value and
the evidence it rests on, and the ranking of the departments.

Points are rounded to the cent per indicator (rules.to_points) and the totals add the rounded points, so
the sheet a person fills by hand adds up to the same total. A deduction is negative. An indicator without
data (an evaluation not imported, no leader's rating) scores nothing and is listed as missing, so staff see
what is outstanding before they close the year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from fm_domain.performance.evaluation import Evaluation
from fm_domain.performance.evidence import Evidence, EvidenceKind, Measure, raw_from_json, raw_to_json
from fm_domain.performance.ratings import Rating
from fm_domain.performance.rules import Grades, Raw, to_points
from fm_domain.performance.scheme import Direction, Indicator, Scheme, SourceKind

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Point:
    """One indicator's result for one department."""

    indicator: str  # the item's code
    name: str
    dimension: str
    direction: Direction
    max_points: Decimal
    value: Raw | None  # the raw value (for ratings, the grades given); None: no data
    points: Decimal  # signed: a deduction is negative
    evidence: tuple[Evidence, ...] = ()
    cases: int | None = None

    @property
    def missing(self) -> bool:
        return self.value is None

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "name": self.name,
            "dimension": self.dimension,
            "direction": self.direction.value,
            "max_points": str(self.max_points),
            "value": raw_to_json(self.value),
            "cases": self.cases,
            "points": str(self.points),
            "evidence": [item.to_json() for item in self.evidence],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Point:
        return cls(
            indicator=data["indicator"],
            name=data["name"],
            dimension=data["dimension"],
            direction=Direction(data["direction"]),
            max_points=Decimal(data["max_points"]),
            value=raw_from_json(data["value"]),
            points=Decimal(data["points"]),
            evidence=tuple(Evidence.from_json(item) for item in data["evidence"]),
            cases=data.get("cases"),
        )


@dataclass(frozen=True)
class DepartmentScore:
    department: str
    year: int
    points: tuple[Point, ...]
    rank: int = 0  # 1 is first; departments with the same total share a rank; 0 until ranked

    @property
    def total(self) -> Decimal:
        return sum((point.points for point in self.points), ZERO)

    def dimension_total(self, dimension: str) -> Decimal:
        return sum((p.points for p in self.points if p.dimension == dimension), ZERO)

    @property
    def missing(self) -> tuple[Point, ...]:
        return tuple(point for point in self.points if point.missing)

    def to_json(self) -> dict[str, Any]:
        return {
            "department": self.department,
            "year": self.year,
            "rank": self.rank,
            "total": str(self.total),
            "points": [point.to_json() for point in self.points],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DepartmentScore:
        return cls(
            data["department"],
            int(data["year"]),
            tuple(Point.from_json(p) for p in data["points"]),
            int(data.get("rank", 0)),
        )


@dataclass(frozen=True)
class YearScores:
    """The year's scores of every department, ranked, under one scheme; frozen once the year is closed."""

    year: int
    scheme: Scheme
    scores: tuple[DepartmentScore, ...]  # in rank order
    as_of: date  # the day fmbot's own record was read up to
    closed_at: datetime | None = None  # set when the year is closed: these scores no longer change

    def of(self, department: str) -> DepartmentScore | None:
        return next((score for score in self.scores if score.department == department), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "scheme": self.scheme.to_json(),
            "as_of": self.as_of.isoformat(),
            "scores": [score.to_json() for score in self.scores],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], closed_at: datetime | None = None) -> YearScores:
        return cls(
            int(data["year"]),
            Scheme.from_json(data["scheme"]),
            tuple(DepartmentScore.from_json(score) for score in data["scores"]),
            date.fromisoformat(data["as_of"]),
            closed_at,
        )


def score_department(
    scheme: Scheme,
    department: str,
    measures: Mapping[str, Measure],
    evaluations: Mapping[str, Evaluation],
    ratings: Sequence[Rating],
) -> DepartmentScore:
    """Every indicator of the scheme for one department: ``measures`` by record key (record_indicators),
    ``evaluations`` the latest import per source, ``ratings`` the leaders' ratings of this department."""
    points = []
    for indicator in scheme:
        if indicator.source is SourceKind.RECORD:
            measure = measures.get(indicator.origin, Measure(None))
            points.append(_point(indicator, measure, _fraction(indicator, measure.value)))
        elif indicator.source is SourceKind.EVALUATION:
            measure = _evaluated(indicator, department, evaluations.get(indicator.origin))
            points.append(_point(indicator, measure, _fraction(indicator, measure.value)))
        else:
            points.append(_rated(indicator, [r for r in ratings if r.department == department]))
    return DepartmentScore(department, scheme.year, tuple(points))


def rank(scores: Iterable[DepartmentScore]) -> tuple[DepartmentScore, ...]:
    """Highest total first (departments in code order within a tie), each with its rank: equal totals
    share one, and the next rank skips as many places (1, 2, 2, 4)."""
    ordered = sorted(scores, key=lambda score: (-score.total, score.department))
    ranked: list[DepartmentScore] = []
    for place, score in enumerate(ordered, start=1):
        tied = ranked and ranked[-1].total == score.total
        ranked.append(replace(score, rank=ranked[-1].rank if tied else place))
    return tuple(ranked)


def _fraction(indicator: Indicator, value: Raw | None) -> Fraction | None:
    if value is None:
        return None
    return min(max(indicator.rule.fraction(value, indicator.points), Fraction(0)), Fraction(1))


def _point(indicator: Indicator, measure: Measure, fraction: Fraction | None) -> Point:
    points = ZERO if fraction is None else to_points(fraction * Fraction(indicator.points))
    if indicator.direction is Direction.PENALTY:
        points = -points
    return Point(
        indicator.code,
        indicator.name,
        indicator.dimension,
        indicator.direction,
        indicator.points,
        measure.value,
        points + ZERO,  # -0.00 reads as 0.00
        measure.evidence,
        measure.cases,
    )


def _evaluated(indicator: Indicator, department: str, evaluation: Evaluation | None) -> Measure:
    if evaluation is None:
        return Measure(None)  # nothing imported from this source for the year
    found = evaluation.value(department, indicator.code)
    if found is None:  # imported, but this office did not evaluate the department
        return Measure(
            None,
            (Evidence(EvidenceKind.EVALUATION, evaluation.file_name, str(evaluation.id), counted=False),),
        )
    evidence = Evidence(
        EvidenceKind.EVALUATION,
        evaluation.file_name,
        str(evaluation.id),
        note=found.where,
        comment=evaluation.notes.get(department, ""),
    )
    return Measure(found.value, (evidence,))


def _rated(indicator: Indicator, ratings: Sequence[Rating]) -> Point:
    """The leaders' ratings averaged: each grade's weight under the item's rule, the mean of them."""
    rule = indicator.rule
    known = [r for r in ratings if isinstance(rule, Grades) and r.grade.value in rule.weights]
    evidence = tuple(
        Evidence(EvidenceKind.RATING, r.leader_name, note=r.grade.value, comment=r.comment) for r in known
    )
    if not known:
        return _point(indicator, Measure(None), None)
    fractions = [rule.fraction(r.grade.value, indicator.points) for r in known]
    value = "、".join(r.grade.value for r in known)
    return _point(
        indicator, Measure(value, evidence, len(known)), sum(fractions, Fraction(0)) / len(fractions)
    )
