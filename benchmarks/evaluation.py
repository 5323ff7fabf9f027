"""Figures from candidates, and the tuning that cross-validation repeats without each fold.

Figures: top-1 duty accuracy on in_scope items, verdict accuracy, out_of_scope precision/recall/F1, and the
precision and coverage of the verdicts asserted with high confidence.

Tuning picks, on the training items of a fold only, the scoring setting (ranking, then weighting), the
thresholds fit and overlap_margin, and the confidence thresholds. Every choice is made from counts per
fold key (a ``Tally``), so a fold's training count is the total minus the held-out group's: the candidates
and verdicts of a setting are computed once and serve every fold and every threshold grid.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, TypeVar

from benchmarks.devset import Label
from fm_domain.matching.index import Candidates
from fm_domain.matching.thresholds import MatchThresholds
from fm_domain.review import Confidence, Verdict, assess, judge

FIT_GRID = tuple(round(0.02 * step, 2) for step in range(1, 41))  # 0.02 … 0.80
MARGIN_GRID = (-0.2, -0.15, -0.1, -0.05, 0.0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3)
CLEARLY_BETTER = 1  # items a tuned choice must gain over the shipped one before it replaces it
# Confidence grids: wide enough for the baselines too, whose scores sit higher (character overlap).
CONFIDENT_SCORE_GRID = tuple(round(0.05 * step, 2) for step in range(2, 19))  # 0.10 … 0.90
CONFIDENT_GAP_GRID = tuple(round(0.05 * step, 2) for step in range(13))  # 0 … 0.60
CONFIDENT_ABSENT_GRID = tuple(round(0.02 * step, 2) for step in range(16))  # 0 … 0.30
HIGH_PRECISION = 0.95  # what "high" must mean: this share of high verdicts right, on the training items

P = TypeVar("P", bound=Hashable)  # a point of a threshold grid
Flags = tuple[list[bool], list[bool]]  # per item: high confidence; high and fully right


@dataclass(frozen=True)
class Outcome:
    label: Label
    candidates: Candidates

    @property
    def top_duty(self) -> str | None:
        return self.candidates.matches[0].duty_id if self.candidates.matches else None


class Judged(NamedTuple):
    verdict: str
    duty: str | None
    high: bool  # asserted with high confidence


def judged(outcome: Outcome, thresholds: MatchThresholds) -> Judged:
    """The review's verdict for one item, its duty and its confidence, as ``review`` would give them."""
    verdict, duty, _, _ = judge(outcome.candidates, thresholds)
    confidence, _ = assess(verdict, duty, outcome.candidates, thresholds)
    return Judged(verdict.value, duty.duty_id if duty else None, confidence is Confidence.HIGH)


def _verdict_and_duty(outcome: Outcome, thresholds: MatchThresholds) -> tuple[str, str | None]:
    verdict, duty, _, _ = judge(outcome.candidates, thresholds)
    return verdict.value, duty.duty_id if duty else None


def fully_right(label: Label, verdict: str, duty: str | None) -> bool:
    """The verdict is right and, where a duty is labelled, so is the duty it rests on."""
    return verdict == label.expect and (label.duty is None or duty == label.duty)


# ---- figures ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    top1: float  # top-ranked duty = labelled duty, over in_scope items
    top1_n: int
    verdict_accuracy: float
    n: int
    oos_precision: float
    oos_predicted: int
    oos_recall: float
    oos_actual: int
    oos_f1: float
    high_precision: float  # of the high-confidence verdicts, the share fully right (verdict and duty)
    high_n: int
    coverage: float  # share of items given a high-confidence verdict


Judging = Sequence[tuple[Outcome, MatchThresholds]]  # each item with the thresholds of its fold


def figures(outcomes: Sequence[Outcome], thresholds: MatchThresholds) -> Figures:
    return pooled([(outcome, thresholds) for outcome in outcomes])


def pooled(judging: Judging) -> Figures:
    """Figures over all items, each judged with its own thresholds (those of its fold)."""
    in_scope = [o for o, _ in judging if o.label.expect == "in_scope"]
    found = [(o.label, judged(o, t)) for o, t in judging]
    correct = sum(j.verdict == label.expect for label, j in found)
    predicted = sum(j.verdict == Verdict.OUT_OF_SCOPE for _, j in found)
    actual = sum(label.expect == Verdict.OUT_OF_SCOPE for label, _ in found)
    hits = sum(j.verdict == label.expect == Verdict.OUT_OF_SCOPE for label, j in found)
    high = [(label, j) for label, j in found if j.high]
    precision = _share(hits, predicted)
    recall = _share(hits, actual)
    return Figures(
        top1=_share(sum(o.top_duty == o.label.duty for o in in_scope), len(in_scope)),
        top1_n=len(in_scope),
        verdict_accuracy=_share(correct, len(found)),
        n=len(found),
        oos_precision=precision,
        oos_predicted=predicted,
        oos_recall=recall,
        oos_actual=actual,
        oos_f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        high_precision=_share(sum(fully_right(label, j.verdict, j.duty) for label, j in high), len(high)),
        high_n=len(high),
        coverage=_share(len(high), len(found)),
    )


def by_field(judging: Judging) -> dict[str, Figures]:
    """Figures per field (the label's department kind), fields in sorted order."""
    groups: dict[str, list[tuple[Outcome, MatchThresholds]]] = defaultdict(list)
    for outcome, thresholds in judging:
        groups[outcome.label.field].append((outcome, thresholds))
    return {field: pooled(groups[field]) for field in sorted(groups)}


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# ---- counts per fold key ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key that costs nothing to hash
class Grouping:
    """How items fall into folds: ``keys[i]`` is item i's fold key (its department, or its plan)."""

    name: str
    keys: tuple[str, ...]

    def groups(self) -> list[str]:
        return sorted(set(self.keys))


class Tally:
    """How many items have a property, per fold key: training counts are the total minus one group."""

    def __init__(self, flags: Iterable[bool], grouping: Grouping) -> None:
        self._by_group = Counter(key for key, flag in zip(grouping.keys, flags, strict=True) if flag)
        self._total = sum(self._by_group.values())

    def without(self, held: str | None) -> int:
        """The count over every group but ``held`` (None: over all items)."""
        return self._total - self._by_group.get(held, 0) if held is not None else self._total


@cache
def _threshold_grid(base: MatchThresholds) -> dict[tuple[float, float], MatchThresholds]:
    return {
        (fit, margin): base.with_overrides({"fit": fit, "overlap_margin": margin})
        for margin in MARGIN_GRID
        for fit in FIT_GRID
    }


@cache
def _confidence_grid(
    base: MatchThresholds,
) -> tuple[dict[tuple[float, float], MatchThresholds], dict[float, MatchThresholds]]:
    """Threshold sets for the placement grid (score, gap) and the out_of_scope grid (absent)."""
    placements = {
        (score, gap): base.with_overrides({"confident_score": score, "confident_gap": gap})
        for score in CONFIDENT_SCORE_GRID
        for gap in CONFIDENT_GAP_GRID
    }
    absences = {absent: base.with_overrides({"confident_absent": absent}) for absent in CONFIDENT_ABSENT_GRID}
    return placements, absences


class SettingRun:
    """The candidates of every item under one scoring setting, with what tuning needs, computed once.

    Per-item flags (top-1 right, verdict right under given thresholds, high confidence …) are kept apart
    from their tallies per fold key, so the leave-one-department-out and leave-one-plan-out folds share them.
    """

    def __init__(self, outcomes: Sequence[Outcome]) -> None:
        self.outcomes = list(outcomes)
        self._flags: dict[Hashable, list[bool]] = {}
        self._tallies: dict[tuple[Grouping, Hashable], Tally] = {}
        self._confidence: dict[tuple[float, float], ConfidenceFlags] = {}

    def _tally(self, key: Hashable, flags: Callable[[], list[bool]], grouping: Grouping) -> Tally:
        if (grouping, key) not in self._tallies:
            if key not in self._flags:
                self._flags[key] = flags()
            self._tallies[(grouping, key)] = Tally(self._flags[key], grouping)
        return self._tallies[(grouping, key)]

    def top1(self, grouping: Grouping) -> Tally:
        def hits() -> list[bool]:
            return [o.label.expect == "in_scope" and o.top_duty == o.label.duty for o in self.outcomes]

        return self._tally("top1", hits, grouping)

    def verdicts(self, grouping: Grouping, thresholds: MatchThresholds) -> Tally:
        """Items whose verdict is right under these thresholds (fit and overlap margin from the grid)."""

        def hits() -> list[bool]:
            return [judge(o.candidates, thresholds)[0].value == o.label.expect for o in self.outcomes]

        return self._tally(("verdict", thresholds), hits, grouping)

    def fully_right(self, grouping: Grouping, thresholds: MatchThresholds) -> Tally:
        """Items whose verdict is right and, where a duty is labelled, rests on that duty."""

        def hits() -> list[bool]:
            return [fully_right(o.label, *_verdict_and_duty(o, thresholds)) for o in self.outcomes]

        return self._tally(("fully right", thresholds), hits, grouping)

    def items(self, grouping: Grouping) -> Tally:
        return self._tally("items", lambda: [True] * len(self.outcomes), grouping)

    def confidence(
        self, grouping: Grouping, thresholds: MatchThresholds
    ) -> tuple[dict[tuple[float, float], tuple[Tally, Tally]], dict[float, tuple[Tally, Tally]]]:
        """Per point of the placement grid and of the out_of_scope grid: (high, high and fully right)."""
        key = (thresholds.fit, thresholds.overlap_margin)
        if key not in self._confidence:
            self._confidence[key] = ConfidenceFlags(self.outcomes, thresholds)
        flags = self._confidence[key]

        def tallied(kind: str, found: Mapping[P, Flags]) -> dict[P, tuple[Tally, Tally]]:
            return {
                point: (
                    self._tally((kind, "high", key, point), lambda high=high: high, grouping),
                    self._tally((kind, "right", key, point), lambda right=right: right, grouping),
                )
                for point, (high, right) in found.items()
            }

        return tallied("placement", flags.placements), tallied("absence", flags.absences)


class ConfidenceFlags:
    """Per confidence grid point, which items are high and which are high and fully right.

    Placements (a verdict resting on a duty) are tried on the (score, gap) grid, out_of_scope items on the
    absent grid: ``assess`` reads only those thresholds for each, so the grids are searched apart and
    combined by counts.
    """

    def __init__(self, outcomes: Sequence[Outcome], thresholds: MatchThresholds) -> None:
        placement_grid, absence_grid = _confidence_grid(thresholds)
        verdicts = [judge(o.candidates, thresholds) for o in outcomes]
        right = [
            fully_right(o.label, v.value, d.duty_id if d else None)
            for o, (v, d, _, _) in zip(outcomes, verdicts, strict=True)
        ]
        placed = [v is not Verdict.OUT_OF_SCOPE and d is not None for v, d, _, _ in verdicts]

        def flags(
            grid: Mapping[P, MatchThresholds], among: list[bool]
        ) -> dict[P, tuple[list[bool], list[bool]]]:
            result = {}
            for point, trial in grid.items():
                high = [
                    keep and assess(v, d, o.candidates, trial)[0] is Confidence.HIGH
                    for o, (v, d, _, _), keep in zip(outcomes, verdicts, among, strict=True)
                ]
                result[point] = (high, [h and r for h, r in zip(high, right, strict=True)])
            return result

        self.placements = flags(placement_grid, placed)
        self.absences = flags(absence_grid, [not p for p in placed])


def calibrate(
    run: SettingRun, grouping: Grouping, held: str | None, base: MatchThresholds
) -> MatchThresholds:
    """The fit and overlap margin with the best verdict accuracy on the items outside ``held``.

    The margin stays at the shipped reading of the issue — 0, "fits as well or better" — unless another
    margin gets more than CLEARLY_BETTER items more right: a one-item gain is noise on sets this small.
    Among the fit values that tie for the best, the middle one is taken, the choice least sensitive to
    where the grid happens to stop.
    """
    grid = _threshold_grid(base)
    accuracy = {point: run.verdicts(grouping, trial).without(held) for point, trial in grid.items()}
    best_by_margin = {m: max(a for (_, mm), a in accuracy.items() if mm == m) for m in MARGIN_GRID}
    margin = max(MARGIN_GRID, key=lambda m: (best_by_margin[m], -abs(m)))
    if best_by_margin[0.0] >= best_by_margin[margin] - CLEARLY_BETTER:
        margin = 0.0
    fits = sorted(fit for (fit, m), a in accuracy.items() if m == margin and a == best_by_margin[margin])
    return grid[(fits[len(fits) // 2], margin)]


def calibrate_confidence(
    run: SettingRun, grouping: Grouping, held: str | None, thresholds: MatchThresholds
) -> MatchThresholds:
    """The confidence thresholds with the most coverage whose precision reaches HIGH_PRECISION.

    Judged on the items outside ``held`` under ``thresholds``' fit and margin. Where no grid point reaches
    the precision, the most precise one is taken (then the one with most coverage).
    """
    placements, absences_tallied = run.confidence(grouping, thresholds)
    items = run.items(grouping).without(held)
    absences = {
        absent: (high.without(held), right.without(held))
        for absent, (high, right) in absences_tallied.items()
    }
    best: tuple[bool, float, float] | None = None
    chosen: tuple[float, float, float] = (0.0, 0.0, 0.0)
    for (score, gap), (high_p, right_p) in placements.items():
        placed_high, placed_right = high_p.without(held), right_p.without(held)
        for absent, (absent_high, absent_right) in absences.items():
            high, right = placed_high + absent_high, placed_right + absent_right
            precision = right / high if high else 1.0
            coverage = high / items if items else 0.0
            # Reaching the precision comes first; then coverage (or, short of it, precision) decides.
            if precision >= HIGH_PRECISION:
                rank = (True, coverage, precision)
            else:
                rank = (False, precision, coverage)
            if best is None or rank > best:
                best, chosen = rank, (score, gap, absent)
    score, gap, absent = chosen
    return thresholds.with_overrides(
        {"confident_score": score, "confident_gap": gap, "confident_absent": absent}
    )


# ---- cross-validation -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    ranking: object
    weighting: object
    thresholds: MatchThresholds


def tune(
    run_for: Callable[[tuple[object, object]], SettingRun],
    rankings: Sequence[object],
    weightings: Sequence[object],
    grouping: Grouping,
    held: str | None,
    base: MatchThresholds,
) -> Choice:
    """Everything tuned, chosen on the items outside ``held`` (None: on all items).

    The ranking setting by top-1 — the shipped one (first) stands unless another gains more than
    CLEARLY_BETTER items, since the top-1 surface is flat and chasing one item adds only variance; then,
    under it, the weighting by the items fully right (verdict, and the duty it rests on: the literal
    weight moves which duty is taken as much as whether one fits; the first stands unless another is
    strictly better), each with the thresholds fit and overlap margin by verdict accuracy; last, the
    confidence thresholds under those.
    """

    def top1(ranking: object) -> int:
        return run_for((ranking, weightings[0])).top1(grouping).without(held)

    ranking = max(rankings, key=top1)
    if top1(rankings[0]) >= top1(ranking) - CLEARLY_BETTER:
        ranking = rankings[0]
    best: tuple[int, object, MatchThresholds] | None = None
    for weighting in weightings:
        run = run_for((ranking, weighting))
        thresholds = calibrate(run, grouping, held, base)
        correct = run.fully_right(grouping, thresholds).without(held)
        if best is None or correct > best[0]:
            best = (correct, weighting, thresholds)
    assert best is not None
    _, weighting, thresholds = best
    thresholds = calibrate_confidence(run_for((ranking, weighting)), grouping, held, thresholds)
    return Choice(ranking, weighting, thresholds)


@dataclass(frozen=True)
class CrossValidated:
    judging: list[tuple[Outcome, MatchThresholds]]  # every item, held out, with its fold's thresholds
    chosen: dict[str, list[object]]  # parameter -> the value chosen in each fold

    @property
    def figures(self) -> Figures:
        return pooled(self.judging)


def cross_validate(
    run_for: Callable[[tuple[object, object]], SettingRun],
    rankings: Sequence[object],
    weightings: Sequence[object],
    grouping: Grouping,
    base: MatchThresholds,
    describe: Callable[[object], str] = str,
) -> CrossValidated:
    """Tune everything tuned without each group, then judge that group with what was chosen."""
    held_out: list[tuple[Outcome, MatchThresholds] | None] = [None] * len(grouping.keys)
    chosen: dict[str, list[object]] = defaultdict(list)
    for group in grouping.groups():
        choice = tune(run_for, rankings, weightings, grouping, group, base)
        for name, value in describe_choice(choice, describe).items():
            chosen[name].append(value)
        outcomes = run_for((choice.ranking, choice.weighting)).outcomes
        for i, key in enumerate(grouping.keys):
            if key == group:
                held_out[i] = (outcomes[i], choice.thresholds)
    return CrossValidated([pair for pair in held_out if pair is not None], dict(chosen))


def describe_choice(choice: Choice, describe: Callable[[object], str] = str) -> dict[str, object]:
    t = choice.thresholds
    values: dict[str, object] = {}
    if choice.ranking is not None:
        values["ranking"] = describe(choice.ranking)
    if choice.weighting is not None:
        values["weighting"] = describe(choice.weighting)
    values |= {
        "fit": t.fit,
        "overlap_margin": t.overlap_margin,
        "confident_score": t.confident_score,
        "confident_gap": t.confident_gap,
        "confident_absent": t.confident_absent,
    }
    return values
