"""The performance scheme (绩效考评方案) of one year: dimensions, each with its indicators.

An indicator says how many points it is worth, whether they are added (bonus) or deducted (penalty), where
its raw value comes from — fmbot's own record, an evaluation an office imports, or the leaders' ratings —
and how that value becomes points (fm_domain.performance.rules). Schemes are data: the office writes
them in YAML or xlsx (bot/performance_files), one per year, and storage keeps each as its JSON form here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from fm_domain.performance.rules import Rule, parse_rule


class Direction(StrEnum):
    BONUS = "bonus"  # 加分: points earned, up to the item's points
    PENALTY = "penalty"  # 扣分: points deducted, up to the item's points


class SourceKind(StrEnum):
    RECORD = "record"  # fmbot's own record, computed (fm_domain.performance.record_indicators)
    EVALUATION = "evaluation"  # an evaluating office's sheet, imported (督查, 信访, 万人评议 …)
    RATING = "rating"  # the leaders' ratings given in chat (/评价)


@dataclass(frozen=True)
class Indicator:
    code: str  # unique in the scheme, e.g. ``reports_on_time``
    name: str
    dimension: str  # the dimension's code
    points: Decimal  # what it is worth (bonus) or the most it deducts (penalty)
    direction: Direction
    source: SourceKind
    origin: str  # the record indicator's key, the evaluating office's source name, or the raters' label
    rule: Rule
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "points": str(self.points),
            "direction": self.direction.value,
            "source": self.source.value,
            "from": self.origin,
            "scoring": self.rule.text,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], dimension: str) -> Indicator:
        return cls(
            code=data["code"],
            name=data["name"],
            dimension=dimension,
            points=Decimal(data["points"]),
            direction=Direction(data["direction"]),
            source=SourceKind(data["source"]),
            origin=data["from"],
            rule=parse_rule(data["scoring"]),
            note=data.get("note", ""),
        )


@dataclass(frozen=True)
class Dimension:
    code: str  # done | how | effect | …
    name: str  # 做了没有 …
    indicators: tuple[Indicator, ...]

    @property
    def bonus_points(self) -> Decimal:
        return sum((i.points for i in self.indicators if i.direction is Direction.BONUS), Decimal(0))


@dataclass(frozen=True)
class Scheme:
    year: int
    name: str
    dimensions: tuple[Dimension, ...]
    note: str = ""

    def __iter__(self) -> Iterator[Indicator]:
        for dimension in self.dimensions:
            yield from dimension.indicators

    @property
    def bonus_points(self) -> Decimal:
        """The most a department can score: every bonus item in full, nothing deducted."""
        return sum((d.bonus_points for d in self.dimensions), Decimal(0))

    def indicator(self, code: str) -> Indicator | None:
        return next((indicator for indicator in self if indicator.code == code), None)

    def dimension(self, code: str) -> Dimension | None:
        return next((dimension for dimension in self.dimensions if dimension.code == code), None)

    def evaluation_sources(self) -> tuple[str, ...]:
        """The evaluating offices the scheme takes sheets from, in the order their items come."""
        sources: dict[str, None] = {}
        for indicator in self:
            if indicator.source is SourceKind.EVALUATION:
                sources.setdefault(indicator.origin)
        return tuple(sources)

    def fed_by(self, source: str) -> tuple[Indicator, ...]:
        """The items one evaluating office's sheet scores (法制: 依法行政 and 行政复议)."""
        return tuple(i for i in self if i.source is SourceKind.EVALUATION and i.origin == source)

    def for_year(self, year: int) -> Scheme:
        """The same scheme applied to another year (the bundled default, for a year without its own)."""
        return Scheme(year, self.name, self.dimensions, self.note)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "name": self.name,
            "note": self.note,
            "dimensions": [
                {"code": d.code, "name": d.name, "items": [i.to_json() for i in d.indicators]}
                for d in self.dimensions
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Scheme:
        return cls(
            year=int(data["year"]),
            name=data["name"],
            note=data.get("note", ""),
            dimensions=tuple(
                Dimension(
                    d["code"], d["name"], tuple(Indicator.from_json(item, d["code"]) for item in d["items"])
                )
                for d in data["dimensions"]
            ),
        )
