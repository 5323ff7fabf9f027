"""How a raw value becomes points (计分方式), with a compact text form shared by the YAML and xlsx schemes.

    ratio                                a share from 0 to 1: points = share × the item's points
    linear 0-100                         a score from 0 to 100 (any range): scaled onto the item's points
    per_unit 2                           a count: 2 points each, at most the item's points
    grades 好=1 较好=0.85 一般=0.7 差=0.5   a grade word: its weight × the item's points
    direct                               the points themselves, from 0 to the item's points

Chinese spellings are accepted too (比例, 线性 0-100, 每项 2, 等次 好=1 …, 直接). Whether the points are added
or deducted is the item's direction, not the rule's. Every result is rounded to the cent (0.01) half up, so
a score computed by hand agrees with fmbot's to the point.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

CENT = Decimal("0.01")
RULE_HELP = (
    "计分方式可写：比例（ratio）、线性 0-100（linear）、每项 2（per_unit）、"
    "等次 好=1 较好=0.85 一般=0.7 差=0.5（grades）、直接（direct）"
)
# The grades a leader gives (好 / 较好 / 一般 / 差), in order; a grades rule weighs each.
GRADE_WORDS = ("好", "较好", "一般", "差")

Raw = Fraction | str  # a number (exactly, as a fraction) or a grade word


class RuleError(ValueError):
    """A rule text or a value a rule cannot take; the message is Chinese."""


def to_points(value: Fraction) -> Decimal:
    """Exact points rounded to the cent, half up (what a person scoring by hand does)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_number(text: object) -> Fraction:
    """A number as an evaluating office writes it: 85, 85.5, "85", "11/12"; RuleError otherwise."""
    if isinstance(text, bool):
        raise RuleError(f"“{text}”不是数字")
    if isinstance(text, int):
        return Fraction(text)
    if isinstance(text, float):
        return Fraction(Decimal(repr(text)))  # as written (0.85), not the binary double behind it
    word = unicodedata.normalize("NFKC", str(text)).strip()
    try:
        if "/" in word:
            return Fraction(word)
        return Fraction(Decimal(word))
    except (InvalidOperation, ValueError, ZeroDivisionError):
        raise RuleError(f"“{word}”不是数字") from None


def number_text(value: Fraction) -> str:
    """A value for people and files: 85, 0.5, 11/12 (a share is kept exact)."""
    if value.denominator == 1:
        return str(value.numerator)
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if decimal == decimal.quantize(Decimal("0.0001")):
        return format(decimal.normalize(), "f")
    return f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class Ratio:
    """A share from 0 to 1 (按时报送率): full points at 1. A sheet may write it as 0.92 or 92%."""

    kind = "ratio"

    def read(self, cell: object, points: Decimal) -> Raw:
        text = unicodedata.normalize("NFKC", str(cell)).strip() if isinstance(cell, str) else cell
        if isinstance(text, str) and text.endswith("%"):
            value = parse_number(text[:-1]) / 100
        else:
            value = parse_number(text)
        _within(value, Fraction(0), Fraction(1))
        return value

    def fraction(self, value: Raw, points: Decimal) -> Fraction:
        return _number(value)

    def range_text(self, points: Decimal) -> str:
        return "0–1 或 0%–100%"

    @property
    def text(self) -> str:
        return "ratio"


@dataclass(frozen=True)
class Linear:
    """A score on the evaluating office's scale (0–100): ``low`` gives nothing, ``high`` full points."""

    low: Fraction
    high: Fraction
    kind = "linear"

    def __post_init__(self) -> None:
        if self.high <= self.low:
            raise RuleError(f"线性计分的上限应大于下限（{number_text(self.low)}-{number_text(self.high)}）")

    def read(self, cell: object, points: Decimal) -> Raw:
        value = parse_number(cell)
        _within(value, self.low, self.high)
        return value

    def fraction(self, value: Raw, points: Decimal) -> Fraction:
        return (_number(value) - self.low) / (self.high - self.low)

    def range_text(self, points: Decimal) -> str:
        return f"{number_text(self.low)}–{number_text(self.high)}"

    @property
    def text(self) -> str:
        return f"linear {number_text(self.low)}-{number_text(self.high)}"


@dataclass(frozen=True)
class PerUnit:
    """A count of cases (件数): ``each`` points per case, at most the item's points."""

    each: Fraction
    kind = "per_unit"

    def __post_init__(self) -> None:
        if self.each <= 0:
            raise RuleError("每项计分的分值应大于 0")

    def read(self, cell: object, points: Decimal) -> Raw:
        count = parse_number(cell)
        if count < 0 or count.denominator != 1:
            raise RuleError(f"件数应为不小于 0 的整数，实际为 {number_text(count)}")
        return count

    def fraction(self, value: Raw, points: Decimal) -> Fraction:
        return min(_number(value) * self.each / Fraction(points), Fraction(1))

    def range_text(self, points: Decimal) -> str:
        return "件数"

    @property
    def text(self) -> str:
        return f"per_unit {number_text(self.each)}"


@dataclass(frozen=True)
class Grades:
    """A grade word (好 / 较好 / 一般 / 差), each weighed; several grades (leaders) are averaged."""

    weights: Mapping[str, Fraction] = field(default_factory=dict)
    kind = "grades"

    def __post_init__(self) -> None:
        if not self.weights:
            raise RuleError("等次计分应列出各等次的权重，如 好=1 较好=0.85 一般=0.7 差=0.5")
        for grade, weight in self.weights.items():
            if not 0 <= weight <= 1:
                raise RuleError(f"等次「{grade}」的权重应在 0 到 1 之间，实际为 {number_text(weight)}")

    def read(self, cell: object, points: Decimal) -> Raw:
        word = unicodedata.normalize("NFKC", str(cell)).strip()
        if word not in self.weights:
            raise RuleError(f"等次应为 {'、'.join(self.weights)} 之一，实际为“{word}”")
        return word

    def fraction(self, value: Raw, points: Decimal) -> Fraction:
        return self.weights[str(value)]

    def range_text(self, points: Decimal) -> str:
        return "/".join(self.weights)

    @property
    def text(self) -> str:
        return "grades " + " ".join(f"{grade}={number_text(w)}" for grade, w in self.weights.items())


@dataclass(frozen=True)
class Direct:
    """The evaluating office gives the points themselves, from 0 to the item's points."""

    kind = "direct"

    def read(self, cell: object, points: Decimal) -> Raw:
        value = parse_number(cell)
        _within(value, Fraction(0), Fraction(points))
        return value

    def fraction(self, value: Raw, points: Decimal) -> Fraction:
        return _number(value) / Fraction(points)

    def range_text(self, points: Decimal) -> str:
        return f"0–{points}"

    @property
    def text(self) -> str:
        return "direct"


Rule = Ratio | Linear | PerUnit | Grades | Direct

_KEYWORDS = {
    "ratio": "ratio",
    "比例": "ratio",
    "linear": "linear",
    "线性": "linear",
    "per_unit": "per_unit",
    "每项": "per_unit",
    "每件": "per_unit",
    "grades": "grades",
    "等次": "grades",
    "direct": "direct",
    "直接": "direct",
}
_RANGE = re.compile(r"^(-?[\d.]+)\s*[-~～至]\s*(-?[\d.]+)$")
_GRADE = re.compile(r"^(\S+?)\s*[=:：]\s*([\d.]+)$")


def parse_rule(text: str) -> Rule:
    """Read ``linear 0-100``, ``每项 2`` …; RuleError in Chinese for anything else."""
    normalized = unicodedata.normalize("NFKC", text or "").strip()
    keyword, _, argument = normalized.partition(" ")
    kind = _KEYWORDS.get(keyword.lower())
    argument = argument.strip()
    if kind is None:
        raise RuleError(f"无法识别的计分方式“{normalized}”。{RULE_HELP}")
    if kind == "ratio" and not argument:
        return Ratio()
    if kind == "direct" and not argument:
        return Direct()
    if kind == "linear":
        match = _RANGE.match(argument)
        if match:
            return Linear(parse_number(match.group(1)), parse_number(match.group(2)))
        raise RuleError(f"线性计分应写明范围，如 线性 0-100，实际为“{normalized}”")
    if kind == "per_unit" and argument:
        return PerUnit(parse_number(argument))
    if kind == "grades" and argument:
        weights: dict[str, Fraction] = {}
        for part in re.split(r"[\s,，、;；]+", argument):
            match = _GRADE.match(part)
            if not match:
                raise RuleError(f"等次应写成 好=1 较好=0.85 这样，“{part}”无法识别")
            if match.group(1) in weights:
                raise RuleError(f"等次「{match.group(1)}」重复")
            weights[match.group(1)] = parse_number(match.group(2))
        return Grades(weights)
    raise RuleError(f"计分方式“{normalized}”缺少或多出参数。{RULE_HELP}")


def _number(value: Raw) -> Fraction:
    if isinstance(value, str):
        raise RuleError(f"应为数字，实际为“{value}”")
    return value


def _within(value: Fraction, low: Fraction, high: Fraction) -> None:
    if not low <= value <= high:
        raise RuleError(f"{number_text(value)} 超出范围 {number_text(low)}–{number_text(high)}")
