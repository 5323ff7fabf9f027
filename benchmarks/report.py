"""The benchmark run: quality (with baselines and cross-validation), build time and speed, printed."""

from __future__ import annotations

import gc
import itertools
import logging
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import jieba

from benchmarks.baselines import CharOverlap, Tfidf
from benchmarks.devset import DevSet, load_devset
from benchmarks.evaluation import CrossValidated, Figures, Outcome, calibrate, figures, leave_one_plan_out
from fm_domain.items import parse_items
from fm_domain.matching.features import normalise
from fm_domain.matching.index import DutyIndex
from fm_domain.matching.segmenter import shared_segmenter
from fm_domain.matching.thresholds import MatchThresholds, ScoringParameters
from fm_domain.review import review

TARGETS = {"top1": 0.90, "verdict": 0.85, "oos_f1": 0.80, "speed_ratio": 1.5, "build_seconds": 1.0}
K1_GRID = (0.6, 0.9, 1.2, 1.5)
B_GRID = (0.0, 0.25, 0.5, 0.75)
UNKNOWN_WORD_GRID = (0.25, 0.5, 1.0)
SETTING_GRID = (0.15, 0.3, 0.5, 1.0)  # 1.0: settings weigh like any other unit
WORK_TYPE_GRID = (0.0, 0.05, 0.1, 0.2)  # 0.0: no preference by kind of work
PASSAGE_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)  # 0.0: the whole duty only; 1.0: its best sentence only
BUILD_REPEATS = 3  # fresh starts measured after the first (which may write the dictionary cache)
SPEED_SECONDS = 2.0  # time spent on each workload
MIN_ROUNDS = 20

_BUILD_PROBE = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from bot.catalog_files import read_catalog_file
from fm_domain.matching import DutyIndex
imported = time.perf_counter()
catalog = read_catalog_file(Path(sys.argv[1]))
loaded = time.perf_counter()
DutyIndex.build(catalog)
built = time.perf_counter()
print(len(catalog), round(imported - started, 3), round(loaded - imported, 3), round(built - loaded, 3))
"""


def run(root: Path, started: float) -> int:
    jieba.setLogLevel(
        logging.WARNING
    )  # the baselines use jieba's global tokenizer; its load notices are noise
    devset = load_devset(root)
    print(f"开发集 development set: {root}")
    print(
        f"  {len(devset.labels)} items from {len(devset.plans())} plans; catalog: "
        f"{', '.join(f'{d.code} ({len(d.duties)} duties)' for d in devset.catalog)}\n"
    )
    _report_build(root)
    _report_speed(devset)
    _report_quality(devset)
    print(f"\n(benchmark ran {time.perf_counter() - started:.1f} s)")
    return 0


# ---- build time -------------------------------------------------------------------------------------------


def _report_build(root: Path) -> None:
    """Catalog load + index build in a fresh interpreter, so the dictionary load is counted.

    The first start after the word lists change also writes the segmenter's dictionary cache
    (fm_domain.matching.dictionary_cache); every later start reads it. Both are printed: the target is
    judged on the median of the later starts, the ones a running office sees.
    """
    from bot.catalog_files import sample_catalog_path

    print("索引构建 index build (fresh process each; includes the dictionary load)")
    for name, path in (("sample catalog", sample_catalog_path()), ("dev catalog", root / "catalog.yaml")):
        first, *later = [_probe_build(path) for _ in range(1 + BUILD_REPEATS)]
        departments = first[0]
        load, build = sorted(later, key=lambda run: run[1] + run[2])[len(later) // 2][1:]
        total = load + build
        verdict = "ok" if total < TARGETS["build_seconds"] else "MISSED"
        print(
            f"  {name:15} {departments} departments: load {load:.3f} s + build {build:.3f} s = {total:.3f} s"
            f"   target < {TARGETS['build_seconds']:.1f} s  {verdict}"
            f"   (median of {BUILD_REPEATS}; first start this run {first[1] + first[2]:.3f} s)"
        )
    print()


def _probe_build(path: Path) -> tuple[int, float, float]:
    """(departments, catalog load seconds, index build seconds) measured in a fresh interpreter."""
    output = subprocess.run(
        [sys.executable, "-c", _BUILD_PROBE, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(output[0]), float(output[2]), float(output[3])


# ---- quality ----------------------------------------------------------------------------------------------


def _outcomes(index: object, devset: DevSet) -> list[Outcome]:
    return [Outcome(label, index.candidates(label.item, label.department)) for label in devset.labels]  # type: ignore[attr-defined]


def _report_quality(devset: DevSet) -> None:
    shipped_scoring = ScoringParameters.default()
    shipped = MatchThresholds.default()
    # A ranking setting is (k1, b, setting_weight, work_type_weight, passage_weight): k1 and b over their
    # grid with the shipped weights, the setting and work-type weights over theirs with the shipped k1 and
    # b, and the passage weight over its grid crossed with b (length normalisation and scoring sentences
    # apart both bear on long duties).
    k1, b = shipped_scoring.k1, shipped_scoring.b
    setting, work_type = shipped_scoring.setting_weight, shipped_scoring.work_type_weight
    passage = shipped_scoring.passage_weight
    shipped_ranking = (k1, b, setting, work_type, passage)
    grid = [(k, bb, setting, work_type, passage) for k, bb in itertools.product(K1_GRID, B_GRID)]
    grid += [(k1, b, s, w, passage) for s, w in itertools.product(SETTING_GRID, WORK_TYPE_GRID)]
    grid += [(k1, bb, setting, work_type, p) for bb, p in itertools.product(B_GRID, PASSAGE_GRID)]
    rankings = [shipped_ranking, *(r for r in dict.fromkeys(grid) if r != shipped_ranking)]
    weightings = [shipped_scoring.unknown_word_weight] + [
        weight for weight in UNKNOWN_WORD_GRID if weight != shipped_scoring.unknown_word_weight
    ]
    indexes: dict[tuple[object, object], DutyIndex] = {}

    def outcomes_for(setting: tuple[object, object]) -> list[Outcome]:
        (k1, b, setting_weight, work_type_weight, passage_weight), weight = setting  # type: ignore[misc]
        scoring = shipped_scoring.with_overrides(
            {
                "k1": k1,
                "b": b,
                "setting_weight": setting_weight,
                "work_type_weight": work_type_weight,
                "passage_weight": passage_weight,
                "unknown_word_weight": weight,
            }
        )
        indexes[setting] = DutyIndex.build(devset.catalog, scoring=scoring)
        return _outcomes(indexes[setting], devset)

    matcher = _outcomes(DutyIndex.build(devset.catalog), devset)
    baselines = [(cls.name, _outcomes(cls(devset.catalog), devset)) for cls in (CharOverlap, Tfidf)]

    print("质量 quality on the development set")
    print(
        "  in-sample: the matcher with its shipped thresholds;"
        " baselines with thresholds calibrated on all items"
    )
    rows = [("fmbot matcher", figures(matcher, shipped))]
    rows += [(name, figures(outcomes, calibrate(outcomes, shipped))) for name, outcomes in baselines]
    _print_figures(rows)
    best = calibrate(matcher, shipped)
    print(
        f"  shipped: fit={shipped.fit} overlap_margin={shipped.overlap_margin} k1={shipped_scoring.k1}"
        f" b={shipped_scoring.b} unknown_word_weight={shipped_scoring.unknown_word_weight}"
        f" setting_weight={shipped_scoring.setting_weight}"
        f" work_type_weight={shipped_scoring.work_type_weight}"
        f" passage_weight={shipped_scoring.passage_weight};"
        f" best thresholds on all items with these: fit={best.fit} overlap_margin={best.overlap_margin}\n"
    )

    print("  leave-one-plan-out: each plan judged with settings tuned on the other plans only —")
    print("  k1, b, setting_weight, work_type_weight, passage_weight by top-1, then unknown_word_weight, fit")
    print(
        "  and overlap_margin by verdict accuracy (the ranking setting and the margin stay as shipped unless"
    )
    print("  another value gains 2+ items)")
    cross = leave_one_plan_out(outcomes_for, rankings, weightings, shipped, describe=_describe)
    crossed = [("fmbot matcher", cross)]
    for name, outcomes in baselines:
        crossed.append((name, leave_one_plan_out(lambda _, found=outcomes: found, [None], [None], shipped)))
    _print_figures([(name, result.figures) for name, result in crossed])
    _print_choices(cross)
    print()


def _describe(value: object) -> str:
    if isinstance(value, tuple):
        return f"k1={value[0]},b={value[1]},setting={value[2]},work_type={value[3]},passage={value[4]}"
    return str(value)


def _print_figures(rows: Sequence[tuple[str, Figures]]) -> None:
    header = f"  {'':22} {'top-1 (in_scope)':>18} {'verdict acc':>12} {'OOS P':>7} {'OOS R':>7} {'OOS F1':>7}"
    print(header)
    for name, f in rows:
        print(
            f"  {name:22} {f.top1:>10.3f} (n={f.top1_n:2}) {f.verdict_accuracy:>8.3f} (n={f.n})"
            f" {f.oos_precision:>7.3f} {f.oos_recall:>7.3f} {f.oos_f1:>7.3f}"
        )
    print(
        f"  {'target':22} {TARGETS['top1']:>10.2f}        {TARGETS['verdict']:>8.2f}      "
        f" {'':>7} {'':>7} {TARGETS['oos_f1']:>7.2f}"
    )
    main = rows[0][1]
    met = [
        main.top1 >= TARGETS["top1"],
        main.verdict_accuracy >= TARGETS["verdict"],
        main.oos_f1 >= TARGETS["oos_f1"],
    ]
    print(
        f"  {'matcher vs target':22} {'ok' if met[0] else 'MISSED':>10}"
        f"        {'ok' if met[1] else 'MISSED':>8}"
        f"       {'':>7} {'':>7} {'ok' if met[2] else 'MISSED':>7}"
    )


def _print_choices(result: CrossValidated) -> None:
    for name, values in result.chosen.items():
        counts: dict[object, int] = {}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        shown = ", ".join(f"{value} ×{n}" for value, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        print(f"  chosen {name} per fold: {shown}")


# ---- speed ------------------------------------------------------------------------------------------------


def _plans(devset: DevSet) -> list[tuple[str, list[str]]]:
    """Each plan's items as ``check`` reads them (items/<plan>.txt), with the department it stands for."""
    department = {label.plan: label.department for label in devset.labels}
    plans = []
    for path in sorted((devset.root / "items").glob("*.txt")):
        items = parse_items(path.read_text(encoding="utf-8"))
        plans.append((department.get(path.stem, path.stem), items))
    return plans


def _fastest(workloads: dict[str, Callable[[], None]]) -> dict[str, float]:
    """Seconds for one run of each workload: the fastest of many interleaved rounds.

    Rounds alternate between the workloads so that a busy machine slows them alike, and the minimum is
    the best estimate of each one's own cost (as ``timeit`` advises; like timeit, with the garbage
    collector paused during a round).
    """
    for work in workloads.values():
        work()  # warm-up
    best = dict.fromkeys(workloads, float("inf"))
    deadline = time.perf_counter() + SPEED_SECONDS * len(workloads)
    rounds = 0
    while rounds < MIN_ROUNDS or time.perf_counter() < deadline:
        for name, work in workloads.items():
            gc.collect()
            gc.disable()  # as timeit does: a collection landing in one workload's round is not its cost
            try:
                started = time.perf_counter()
                work()
                best[name] = min(best[name], time.perf_counter() - started)
            finally:
                gc.enable()
        rounds += 1
    return best


def _report_speed(devset: DevSet) -> None:
    index = DutyIndex.build(devset.catalog)
    thresholds = MatchThresholds.default()
    plans = _plans(devset)
    texts = [text for _, items in plans for text in items]
    segmenter = shared_segmenter()
    jieba.initialize()

    def check() -> None:
        for department, items in plans:
            review(index, department, items, thresholds)

    def jieba_default() -> None:
        for text in texts:
            jieba.lcut(text)

    def ours() -> None:
        for text in texts:
            segmenter.cut(normalise(text))

    seconds = _fastest({"check": check, "jieba": jieba_default, "ours": ours})
    count = len(texts)
    ratio = seconds["check"] / seconds["jieba"]
    print(
        f"速度 speed ({count} items of items/*.txt, {sum(map(len, texts))} characters, one core;"
        f" fastest of interleaved rounds)"
    )
    print(f"  fmbot check (segment + match + review):      {count / seconds['check']:>9.0f} items/s")
    print(f"  jieba.lcut, jieba's own defaults (HMM on):   {count / seconds['jieba']:>9.0f} items/s")
    print(f"  our segmenter alone (domain words, HMM off): {count / seconds['ours']:>9.0f} items/s")
    print(
        f"  check cost / jieba segmentation cost = {ratio:.2f}   target ≤ {TARGETS['speed_ratio']}"
        f"  {'ok' if ratio <= TARGETS['speed_ratio'] else 'MISSED'}"
    )
