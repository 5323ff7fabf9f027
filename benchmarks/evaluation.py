"""Figures from candidates: top-1 duty accuracy, verdict accuracy, out_of_scope precision/recall/F1.

Thresholds are calibrated by grid search; ``leave_one_plan_out`` tunes on every plan but one and scores the
held-out plan, so the figures say how the calibration carries to texts it was not tuned on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.devset import Label
from fm_domain.matching.index import Candidates
from fm_domain.matching.thresholds import MatchThresholds
from fm_domain.review import Verdict, judge

FIT_GRID = tuple(round(0.02 * step, 2) for step in range(1, 41))  # 0.02 … 0.80
CLEARLY_BETTER = 1  # items a tuned choice must gain over the shipped one before it replaces it
MARGIN_GRID = (-0.2, -0.15, -0.1, -0.05, 0.0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3)


@dataclass(frozen=True)
class Outcome:
    label: Label
    candidates: Candidates

    @property
    def top_duty(self) -> str | None:
        return self.candidates.matches[0].duty_id if self.candidates.matches else None


@dataclass(frozen=True)
class Figures:
    top1: float  # top-ranked duty = labelled duty, over in_scope items
    top1_n: int
    duty_accuracy: float  # the verdict's duty = labelled duty, over all items with a labelled duty
    verdict_accuracy: float
    n: int
    oos_precision: float
    oos_recall: float
    oos_f1: float


def verdict_of(outcome: Outcome, thresholds: MatchThresholds) -> tuple[Verdict, str | None]:
    verdict, duty, _, _ = judge(outcome.candidates, thresholds)
    return verdict, duty.duty_id if duty else None


def figures(outcomes: Sequence[Outcome], thresholds: MatchThresholds) -> Figures:
    return _pooled(list(outcomes), [thresholds] * len(outcomes))


def calibrate(outcomes: Sequence[Outcome], base: MatchThresholds) -> MatchThresholds:
    """The fit and overlap margin with the best verdict accuracy.

    The margin stays at the shipped reading of the issue — 0, "fits as well or better" — unless another
    margin gets more than CLEARLY_BETTER items more right: a one-item gain is noise on a set this small.
    Among the fit values that tie for the best, the middle one is taken, the choice least sensitive to
    where the grid happens to stop.
    """
    accuracy: dict[tuple[float, float], int] = {}
    for margin in MARGIN_GRID:
        for fit in FIT_GRID:
            thresholds = base.with_overrides({"fit": fit, "overlap_margin": margin})
            accuracy[(fit, margin)] = sum(
                verdict_of(o, thresholds)[0].value == o.label.expect for o in outcomes
            )
    best_by_margin = {m: max(a for (_, mm), a in accuracy.items() if mm == m) for m in MARGIN_GRID}
    margin = max(MARGIN_GRID, key=lambda m: (best_by_margin[m], -abs(m)))
    if best_by_margin[0.0] >= best_by_margin[margin] - CLEARLY_BETTER:
        margin = 0.0
    fits = sorted(fit for (fit, m), a in accuracy.items() if m == margin and a == best_by_margin[margin])
    return base.with_overrides({"fit": fits[len(fits) // 2], "overlap_margin": margin})


@dataclass(frozen=True)
class CrossValidated:
    figures: Figures
    chosen: dict[str, list[object]]  # parameter -> the value chosen in each fold


def leave_one_plan_out(
    outcomes_for: Callable[[object], Sequence[Outcome]],
    rankings: Sequence[object],
    weightings: Sequence[object],
    base: MatchThresholds,
    describe: Callable[[object], str] = str,
) -> CrossValidated:
    """Tune everything tuned without each plan, then score that plan with what was chosen.

    Per fold: the ranking setting (k1, b) by top-1 on the training plans — the shipped one (first) stands
    unless another gains more than CLEARLY_BETTER items, since the top-1 surface is flat and chasing one
    item adds only variance; then, under it, the weighting of unknown words and the thresholds (fit,
    overlap margin) by verdict accuracy. ``outcomes_for((ranking, weighting))`` gives every item's
    candidates under that setting, in one fixed order.
    """
    settings = [(ranking, weighting) for ranking in rankings for weighting in weightings]
    outcomes = {setting: list(outcomes_for(setting)) for setting in settings}
    labels = [o.label for o in outcomes[settings[0]]]
    plans = sorted({label.plan for label in labels})
    held_out: list[Outcome | None] = [None] * len(labels)
    held_thresholds: list[MatchThresholds | None] = [None] * len(labels)
    chosen: dict[str, list[object]] = {"ranking": [], "weighting": [], "fit": [], "overlap_margin": []}
    for plan in plans:
        train = [i for i, label in enumerate(labels) if label.plan != plan]
        test = [i for i, label in enumerate(labels) if label.plan == plan]

        def top1(ranking: object, train: list[int] = train) -> int:
            found = outcomes[(ranking, weightings[0])]
            return sum(
                found[i].top_duty == found[i].label.duty for i in train if found[i].label.expect == "in_scope"
            )

        ranking = max(rankings, key=top1)
        if top1(rankings[0]) >= top1(ranking) - CLEARLY_BETTER:
            ranking = rankings[0]
        best: tuple[int, object, MatchThresholds] | None = None
        for weighting in weightings:
            found = [outcomes[(ranking, weighting)][i] for i in train]
            thresholds = calibrate(found, base)
            correct = sum(verdict_of(o, thresholds)[0].value == o.label.expect for o in found)
            if best is None or correct > best[0]:
                best = (correct, weighting, thresholds)
        assert best is not None
        _, weighting, thresholds = best
        chosen["ranking"].append(describe(ranking))
        chosen["weighting"].append(describe(weighting))
        chosen["fit"].append(thresholds.fit)
        chosen["overlap_margin"].append(thresholds.overlap_margin)
        for i in test:
            held_out[i] = outcomes[(ranking, weighting)][i]
            held_thresholds[i] = thresholds
    return CrossValidated(_pooled(held_out, held_thresholds), chosen)


def _pooled(outcomes: Sequence[Outcome | None], thresholds: Sequence[MatchThresholds | None]) -> Figures:
    """Figures over all items, each judged with its own thresholds (those of its fold)."""
    in_scope = [o for o in outcomes if o and o.label.expect == "in_scope"]
    judged = [(o, *verdict_of(o, t)) for o, t in zip(outcomes, thresholds, strict=True) if o and t]
    top1 = sum(o.top_duty == o.label.duty for o in in_scope)
    correct = sum(verdict.value == o.label.expect for o, verdict, _ in judged)
    with_duty = [(o, duty) for o, _, duty in judged if o.label.duty]
    predicted = sum(verdict is Verdict.OUT_OF_SCOPE for _, verdict, _ in judged)
    actual = sum(o.label.expect == "out_of_scope" for o, _, _ in judged)
    hits = sum(
        verdict is Verdict.OUT_OF_SCOPE and o.label.expect == "out_of_scope" for o, verdict, _ in judged
    )
    precision = hits / predicted if predicted else 0.0
    recall = hits / actual if actual else 0.0
    return Figures(
        top1=top1 / len(in_scope) if in_scope else 0.0,
        top1_n=len(in_scope),
        duty_accuracy=sum(d == o.label.duty for o, d in with_duty) / len(with_duty) if with_duty else 0.0,
        verdict_accuracy=correct / len(judged) if judged else 0.0,
        n=len(judged),
        oos_precision=precision,
        oos_recall=recall,
        oos_f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    )
