"""The numbers that decide verdicts and shape the scorer, read from ``data/thresholds.toml``.

No threshold lives in code: the defaults come from the data file (calibrated on the development set, see
``benchmarks/``), and configuration may override any of them by name.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import cache
from typing import Any, ClassVar, Self, TypeVar

from fm_domain.matching.lexicon import data_text

THRESHOLDS_FILE = "thresholds.toml"


class ParameterError(ValueError):
    """An override that names no parameter or gives a value out of range; the message is Chinese."""


@dataclass(frozen=True)
class _Parameters:
    """Shared loading and checking: every field is a float in [0, upper bound]."""

    _section: ClassVar[str] = ""
    _upper: ClassVar[Mapping[str, float]] = {}
    _lower: ClassVar[Mapping[str, float]] = {}

    @classmethod
    def default(cls) -> Self:
        return _defaults(cls)

    def with_overrides(self, values: Mapping[str, Any]) -> Self:
        """A copy with the named values replaced; unknown names and out-of-range values are refused."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(values) - known)
        if unknown:
            available = ", ".join(sorted(known))
            raise ParameterError(f"[{self._section}] 中没有参数 {', '.join(unknown)}（可用：{available}）")
        checked = {name: self._check(name, value) for name, value in values.items()}
        return replace(self, **checked)

    @classmethod
    def _check(cls, name: str, value: Any) -> float:
        lower, upper = cls._lower.get(name, 0.0), cls._upper.get(name, 1.0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(f"[{cls._section}] {name} 应为数字，实际为 {value!r}")
        if not lower <= float(value) <= upper:
            raise ParameterError(
                f"[{cls._section}] {name} 应在 {lower:g} 到 {upper:g} 之间，实际为 {value!r}"
            )
        return float(value)


@dataclass(frozen=True)
class MatchThresholds(_Parameters):
    """When a duty fits an item, and when another duty counts as fitting as well."""

    fit: float  # a duty fits when its score reaches this; below it for every duty: out_of_scope
    overlap_margin: float  # another department's duty is an overlap when it scores ≥ own best + margin
    retired_margin: float  # a non-active own duty is the best fit when it scores ≥ best active − margin
    link: float  # a division's duty sentence is attached to the main duty it fits at least this well
    # Confidence (see fm_domain.review.assess and thresholds.toml): a placement is "high" when its duty
    # scores at least confident_score, leads the runner-up that would change the answer by confident_gap
    # (a share of its score) and leaves at most confident_unexplained of the item unmet; an out_of_scope
    # is "high" when internal, or when nothing scores above confident_absent and confident_known of the
    # item is known concepts. Everything else is for staff.
    confident_score: float
    confident_gap: float
    confident_absent: float
    confident_known: float  # ... and at least this share of the item is concepts the thesaurus knows
    confident_unexplained: float  # a placement leaving more of the item's known concepts unmet: low
    internal_share: float  # an out_of_scope item this much common work (党建, 廉政 …) is internal work
    # Precedents (the office's judgements): an item worded this close to a judged one (cosine of the
    # literal layers) takes the judged answer; the nearest from precedent_consider on vote, and each duty
    # they name gains precedent_weight × its vote (fm_domain.matching.precedents.votes).
    precedent_adopt: float
    precedent_consider: float
    precedent_weight: float
    precedent_overrule: float  # nearest judgements voting 职责外 this firmly make a placed item out_of_scope

    _section: ClassVar[str] = "thresholds"
    _lower: ClassVar[Mapping[str, float]] = {"overlap_margin": -1.0, "retired_margin": -1.0}


@dataclass(frozen=True)
class ScoringParameters(_Parameters):
    """The scorer's shape: BM25's k1 and b, and how the concept hierarchy and unknown words count."""

    k1: float
    b: float
    max_steps: float  # steps through the hierarchy beyond which concepts count as unrelated
    unknown_word_weight: float  # weight of words neither the catalog nor the thesaurus knows
    division_weight: float  # weight of a division's sentences beside the duty's own text
    setting_weight: float  # weight of a setting (学校, 社区) in an item that also says what is done
    work_type_weight: float  # preference for duties doing the item's kind of work (drafting, enforcing …)
    passage_weight: float  # share of a duty's score that comes from its best-fitting sentence (0: none)
    literal_weight: float  # share of a duty's score that comes from the literal layer (the item's wording)
    root_weight: float  # weight of a concept met only at the root of its field (which field, not which duty)

    _section: ClassVar[str] = "scoring"
    _upper: ClassVar[Mapping[str, float]] = {"k1": 10.0, "max_steps": 6.0}


@cache
def _bundled() -> dict[str, Any]:
    return tomllib.loads(data_text(THRESHOLDS_FILE))


P = TypeVar("P", bound=_Parameters)


def _defaults(cls: type[P]) -> P:
    section = _bundled().get(cls._section, {})
    names = [f.name for f in fields(cls)]
    missing = [name for name in names if name not in section]
    if missing:
        raise ParameterError(f"{THRESHOLDS_FILE} 的 [{cls._section}] 缺少 {', '.join(missing)}")
    return cls(**{name: cls._check(name, section[name]) for name in names})
