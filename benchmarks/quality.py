"""Quality on one development set: the matcher beside the baselines, in-sample and cross-validated.

In-sample the matcher runs with everything shipped; the baselines with their thresholds calibrated on all
items (they have nothing shipped). Cross-validated, every number that is tuned is re-chosen without the
held-out group: leave-one-department-out (the fold key is the label's ``as``), and for the first set also
leave-one-plan-out.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.baselines import Bm25, CharOverlap, Tfidf
from benchmarks.devset import DevSet
from benchmarks.display import display_fit
from benchmarks.evaluation import (
    CrossValidated,
    Figures,
    Grouping,
    Outcome,
    SettingRun,
    by_field,
    cross_validate,
    figures,
    tune,
)
from fm_domain.matching.index import DutyIndex
from fm_domain.matching.thresholds import MatchThresholds, ScoringParameters

K1_GRID = (0.6, 0.9, 1.2, 1.5)
B_GRID = (0.0, 0.25, 0.5, 0.75)
SETTING_GRID = (0.15, 0.3, 0.5, 1.0)  # 1.0: settings weigh like any other unit
WORK_TYPE_GRID = (0.0, 0.05, 0.1, 0.2)  # 0.0: no preference by kind of work
PASSAGE_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)  # 0.0: the whole duty only; 1.0: its best sentence only
UNKNOWN_WORD_GRID = (0.25, 0.5, 1.0)
LITERAL_GRID = (0.0, 0.2, 0.35, 0.5)  # 0.0: the concept layer only
ROOT_GRID = (1.0, 0.75, 0.5)  # 1.0: a concept met at a field's root counts as met anywhere else

# k1, b, setting_weight, work_type_weight, passage_weight, root_weight
Ranking = tuple[float, float, float, float, float, float]
Weighting = tuple[float, float]  # unknown_word_weight, literal_weight
Setting = tuple[Ranking, Weighting]


@dataclass(frozen=True)
class Target:
    """What a figure should reach; None where the issue sets none."""

    top1: float | None = None
    verdict: float | None = None
    oos_f1: float | None = None
    high_precision: float | None = None
    coverage: float | None = None


HIGH_TARGET = {"high_precision": 0.95, "coverage": 0.80}


class MatcherRuns:
    """The matcher's candidates per scoring setting, each computed once (an index build and a pass over the
    items) and reused by every fold and threshold grid."""

    def __init__(self, devset: DevSet) -> None:
        self.devset = devset
        self.shipped = ScoringParameters.default()
        self._runs: dict[Setting, SettingRun] = {}

    def scoring(self, setting: Setting) -> ScoringParameters:
        (k1, b, setting_weight, work_type, passage, root), (unknown, literal) = setting
        return self.shipped.with_overrides(
            {
                "k1": k1,
                "b": b,
                "setting_weight": setting_weight,
                "work_type_weight": work_type,
                "passage_weight": passage,
                "root_weight": root,
                "unknown_word_weight": unknown,
                "literal_weight": literal,
            }
        )

    def __call__(self, setting: tuple[object, object]) -> SettingRun:
        key: Setting = setting  # type: ignore[assignment]
        if key not in self._runs:
            index = DutyIndex.build(self.devset.catalog, scoring=self.scoring(key))
            self._runs[key] = SettingRun(outcomes(index, self.devset))
        return self._runs[key]

    @property
    def built(self) -> int:
        return len(self._runs)

    def rankings(self) -> list[Ranking]:
        """The shipped ranking first, then k1 × b, setting × work-type weights, b × passage weight and
        root × work-type weights, each grid with the other values as shipped (length normalisation and
        scoring sentences apart both bear on long duties; when the root says less, the kind of work may
        settle more)."""
        s = self.shipped
        shipped: Ranking = (s.k1, s.b, s.setting_weight, s.work_type_weight, s.passage_weight, s.root_weight)
        k1, b, setting, work_type, passage, root = shipped
        grid = [(kk, bb, setting, work_type, passage, root) for kk, bb in itertools.product(K1_GRID, B_GRID)]
        grid += [(k1, b, ss, ww, passage, root) for ss, ww in itertools.product(SETTING_GRID, WORK_TYPE_GRID)]
        grid += [(k1, bb, setting, work_type, pp, root) for bb, pp in itertools.product(B_GRID, PASSAGE_GRID)]
        grid += [(k1, b, setting, ww, passage, rr) for rr, ww in itertools.product(ROOT_GRID, WORK_TYPE_GRID)]
        return [shipped, *(r for r in dict.fromkeys(grid) if r != shipped)]

    def weightings(self) -> list[Weighting]:
        shipped = (self.shipped.unknown_word_weight, self.shipped.literal_weight)
        grid = itertools.product(UNKNOWN_WORD_GRID, LITERAL_GRID)
        return [shipped, *(w for w in grid if w != shipped)]

    def shipped_setting(self) -> Setting:
        return self.rankings()[0], self.weightings()[0]


def outcomes(index: object, devset: DevSet) -> list[Outcome]:
    """Every labelled item's candidates, from the index or a baseline (same ``candidates`` call)."""
    find = index.candidates  # type: ignore[attr-defined]
    return [Outcome(label, find(label.item, label.department)) for label in devset.labels]


def _always(run: SettingRun) -> Callable[[tuple[object, object]], SettingRun]:
    """A baseline's runs: it has one setting, so every (ranking, weighting) asked for is that one."""
    return lambda _: run


def describe(value: object) -> str:
    """A ranking (six numbers) or a weighting (two) as the per-fold choices print them."""
    if isinstance(value, tuple) and len(value) == 6:
        k1, b, setting, work_type, passage, root = value
        return f"k1={k1},b={b},setting={setting},work_type={work_type},passage={passage},root={root}"
    if isinstance(value, tuple) and len(value) == 2:
        return f"unknown_word={value[0]},literal={value[1]}"
    return str(value)


# ---- the report -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QualityResult:
    in_sample: Figures  # the matcher, shipped
    lodo: Figures  # the matcher, leave-one-department-out


def report_quality(
    devset: DevSet, in_sample_target: Target, lodo_target: Target, plan_folds: bool
) -> QualityResult:
    shipped = MatchThresholds.default()
    runs = MatcherRuns(devset)
    matcher = runs(runs.shipped_setting()).outcomes
    baselines = [
        (cls.name, SettingRun(outcomes(cls(devset.catalog), devset))) for cls in (CharOverlap, Tfidf, Bm25)
    ]
    all_items = Grouping("all", tuple("all" for _ in devset.labels))

    print(f"质量 quality — {devset.name}: {len(devset.labels)} items, {len(devset.plans())} plans")
    print("  in-sample: the matcher as shipped; each baseline with fit, overlap_margin and confidence")
    print("  thresholds calibrated on all items")
    rows = [("fmbot matcher", figures(matcher, shipped))]
    for name, run in baselines:
        choice = tune(_always(run), [None], [None], all_items, None, shipped)
        rows.append((name, figures(run.outcomes, choice.thresholds)))
    print_table(rows, in_sample_target)
    print("  per field, the matcher as shipped:")
    print_table(list(by_field([(o, shipped) for o in matcher]).items()), None)
    best = tune(runs, runs.rankings()[:1], runs.weightings()[:1], all_items, None, shipped).thresholds
    print(f"  shipped: {_shipped_text(runs.shipped, shipped)}")
    print(
        f"  tuned on all items with this scoring: fit={best.fit} overlap_margin={best.overlap_margin}"
        f" confident_score={best.confident_score} confident_gap={best.confident_gap}"
        f" confident_absent={best.confident_absent}\n"
    )

    departments = Grouping("as", tuple(label.department for label in devset.labels))
    lodo = _report_folds(runs, baselines, departments, "department", lodo_target)
    if plan_folds:
        plans = Grouping("plan", tuple(label.plan for label in devset.labels))
        _report_folds(runs, baselines, plans, "plan", Target(**HIGH_TARGET))
    print(f"  (indexes built for {runs.built} scoring settings)\n")
    return QualityResult(rows[0][1], lodo)


def report_held_out(devset: DevSet, index: DutyIndex) -> Figures:
    """A held-out set: the matcher exactly as shipped, nothing tuned on its items, beside the baselines.

    The baselines have nothing shipped, so their thresholds are calibrated on the set's own items: an
    in-sample advantage that makes the comparison harder for the matcher, not easier.
    """
    shipped = MatchThresholds.default()
    all_items = Grouping("all", tuple("all" for _ in devset.labels))
    found = outcomes(index, devset)
    matcher = figures(found, shipped)
    print(f"质量 quality — {devset.name} (held out): {len(devset.labels)} items, {len(devset.plans())} plans")
    print("  the matcher as shipped, nothing tuned on these items; each baseline with its thresholds")
    print("  calibrated on all of them")
    rows = [("fmbot matcher", matcher)]
    for cls in (CharOverlap, Tfidf, Bm25):
        run = SettingRun(outcomes(cls(devset.catalog), devset))
        calibrated = tune(_always(run), [None], [None], all_items, None, shipped).thresholds
        rows.append((cls.name, figures(run.outcomes, calibrated)))
    print_table(rows, None)
    print("  per field, the matcher as shipped:")
    print_table(list(by_field([(o, shipped) for o in found]).items()), None)
    print()
    return matcher


def _report_folds(
    runs: MatcherRuns,
    baselines: Sequence[tuple[str, SettingRun]],
    grouping: Grouping,
    what: str,
    target: Target,
) -> Figures:
    shipped = MatchThresholds.default()
    folds = len(grouping.groups())
    print(f"  leave-one-{what}-out ({folds} folds, by the label's {grouping.name}): each fold judged with")
    print("  everything tuned without it —")
    print("  k1, b, setting/work-type/passage weights by top-1 (shipped unless another gains 2+ items); then")
    print("  unknown_word_weight × literal_weight by items fully right (verdict and duty), each with fit and")
    print("  overlap_margin by verdict accuracy; then the confidence thresholds with the most coverage at")
    print("  precision ≥ 0.95")
    cross = cross_validate(runs, runs.rankings(), runs.weightings(), grouping, shipped, describe)
    rows = [("fmbot matcher", cross.figures)]
    for name, run in baselines:
        rows.append((name, cross_validate(_always(run), [None], [None], grouping, shipped).figures))
    print_table(rows, target)
    print("  per field, the matcher:")
    print_table(list(by_field(cross.judging).items()), None)
    _print_choices(cross)
    print()
    return cross.figures


def _shipped_text(scoring: ScoringParameters, thresholds: MatchThresholds) -> str:
    return (
        f"fit={thresholds.fit} overlap_margin={thresholds.overlap_margin}"
        f" confident_score={thresholds.confident_score} confident_gap={thresholds.confident_gap}"
        f" confident_absent={thresholds.confident_absent} k1={scoring.k1} b={scoring.b}"
        f" unknown_word_weight={scoring.unknown_word_weight} literal_weight={scoring.literal_weight}"
        f" setting_weight={scoring.setting_weight} work_type_weight={scoring.work_type_weight}"
        f" passage_weight={scoring.passage_weight}"
    )


def print_table(rows: Sequence[tuple[str, Figures]], target: Target | None) -> None:
    print(
        f"  {'':22} {'top-1 (in_scope)':>16} {'verdict acc':>14} {'OOS P':>6} {'OOS R':>6} {'OOS F1':>6}"
        f" {'high P':>6} {'high cov':>8}"
    )
    for name, f in rows:
        print(
            f"  {display_fit(name, 22)} {_value(f.top1, f.top1_n, 8)} (n={f.top1_n:3})"
            f" {_value(f.verdict_accuracy, f.n, 6)} (n={f.n:3})"
            f" {_value(f.oos_precision, f.oos_predicted, 6)} {_value(f.oos_recall, f.oos_actual, 6)}"
            f" {_value(f.oos_f1, f.oos_predicted and f.oos_actual, 6)}"
            f" {_value(f.high_precision, f.high_n, 6)} {f.coverage:>8.3f}"
        )
    if target is None or not rows:
        return
    figures_, goals = rows[0][1], _goals(target)
    print("  " + display_fit("target", 22) + "".join(_cell(goal, width, "≥") for goal, width in goals(None)))
    print(
        "  "
        + display_fit("matcher vs target", 22)
        + "".join(_cell(met, width) for met, width in goals(figures_))
    )


def _goals(target: Target) -> Callable[[Figures | None], list[tuple[str, int]]]:
    """The target row (figures None) or the ok/MISSED row, cell by cell with each column's width."""
    columns = [
        (target.top1, "top1", 17),
        (target.verdict, "verdict_accuracy", 15),
        (None, "", 7),
        (None, "", 7),
        (target.oos_f1, "oos_f1", 7),
        (target.high_precision, "high_precision", 7),
        (target.coverage, "coverage", 9),
    ]

    def cells(found: Figures | None) -> list[tuple[str, int]]:
        result = []
        for goal, name, width in columns:
            if goal is None:
                result.append(("", width))
            elif found is None:
                result.append((f"{goal:.3f}", width))
            else:
                result.append(("ok" if getattr(found, name) >= goal - 1e-9 else "MISSED", width))
        return result

    return cells


def _value(value: float, count: int, width: int) -> str:
    """A share, or a dash where its denominator is empty (no in_scope item, no high-confidence verdict …)."""
    return f"{value:>{width}.3f}" if count else f"{'—':>{width}}"


def _cell(text: str, width: int, prefix: str = "") -> str:
    return f"{(prefix + text) if text else '':>{width}}"


def _print_choices(result: CrossValidated) -> None:
    for name, values in result.chosen.items():
        counts = Counter(values)
        shown = ", ".join(f"{value} ×{n}" for value, n in counts.most_common())
        print(f"  chosen {name} per fold: {shown}")
