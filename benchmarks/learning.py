"""The learning curve: how much the office's judgements (precedents) help the plans that come after them.

The plans of a set are replayed in a fixed order (sorted plan codes). After each plan is checked, its
labels become judgements, as if staff had confirmed or corrected every item. At a few points along the way
the plans not yet judged are reviewed twice — without any judgement and with those made so far — so the
gain is measured on the same items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from benchmarks.devset import DevSet, Label
from fm_domain.matching.index import DutyIndex
from fm_domain.matching.precedents import Judgement, Precedents
from fm_domain.matching.thresholds import MatchThresholds
from fm_domain.review import ItemReview, review

CURVE_POINTS = (0.0, 0.2, 0.4, 0.6, 0.8)  # share of the plans judged before the rest are reviewed


@dataclass(frozen=True)
class CurvePoint:
    judged_plans: int
    judgements: int
    ahead_plans: int
    ahead_items: int
    verdict_without: float
    verdict_with: float
    top1_without: float
    top1_with: float
    precedents_used: int  # items whose answer follows a judgement (adopted or preferred)


def judgement_of(label: Label) -> Judgement:
    return Judgement(label.item, label.department, label.expect, label.duty, label.internal)


def learning_curve(devset: DevSet, index: DutyIndex) -> list[CurvePoint]:
    thresholds = MatchThresholds.default()
    by_plan: dict[str, list[Label]] = defaultdict(list)
    for label in devset.labels:
        by_plan[label.plan].append(label)
    plans = sorted(by_plan)
    without = {plan: _reviewed(index, by_plan[plan], thresholds, None) for plan in plans}
    points = []
    for share in CURVE_POINTS:
        judged = round(share * len(plans))
        ahead = plans[judged:]
        judgements = [judgement_of(label) for plan in plans[:judged] for label in by_plan[plan]]
        precedents = index.precedents(judgements)
        with_ = {plan: _reviewed(index, by_plan[plan], thresholds, precedents) for plan in ahead}
        pairs_without = [pair for plan in ahead for pair in zip(by_plan[plan], without[plan], strict=True)]
        pairs_with = [pair for plan in ahead for pair in zip(by_plan[plan], with_[plan], strict=True)]
        points.append(
            CurvePoint(
                judged_plans=judged,
                judgements=len(judgements),
                ahead_plans=len(ahead),
                ahead_items=len(pairs_with),
                verdict_without=_verdict_accuracy(pairs_without),
                verdict_with=_verdict_accuracy(pairs_with),
                top1_without=_top1(pairs_without),
                top1_with=_top1(pairs_with),
                precedents_used=sum(item.precedent is not None for _, item in pairs_with),
            )
        )
    return points


def _reviewed(
    index: DutyIndex, labels: list[Label], thresholds: MatchThresholds, precedents: Precedents | None
) -> tuple[ItemReview, ...]:
    """One plan checked as ``fmbot check`` would: its items in one review, as its own department."""
    return review(
        index, labels[0].department, [label.item for label in labels], thresholds, precedents=precedents
    ).items


def _shown_duty(item: ItemReview) -> str | None:
    """The duty the review puts first: the judged one where a precedent decided, else the top match."""
    if item.precedent is not None and item.duty is not None:
        return item.duty.duty_id
    return item.matches[0].duty_id if item.matches else None


def _verdict_accuracy(pairs: list[tuple[Label, ItemReview]]) -> float:
    return sum(item.verdict.value == label.expect for label, item in pairs) / len(pairs) if pairs else 0.0


def _top1(pairs: list[tuple[Label, ItemReview]]) -> float:
    in_scope = [(label, item) for label, item in pairs if label.expect == "in_scope"]
    hits = sum(_shown_duty(item) == label.duty for label, item in in_scope)
    return hits / len(in_scope) if in_scope else 0.0


def print_curve(devset: DevSet, points: list[CurvePoint], target_gain: float) -> float:
    """Print the curve; returns the verdict-accuracy gain at its last point (with − without)."""
    print(f"学习曲线 learning curve — {devset.name}: plans replayed in sorted order; after each, its labels")
    print("  become the office's judgements; the plans not yet judged are reviewed without and with them")
    print(
        f"  {'judged':>10} {'judgements':>10} {'plans/items ahead':>17} {'verdict without → with':>22}"
        f" {'top-1 without → with':>20} {'followed':>8}"
    )
    total = points[0].ahead_plans if points else 0
    for p in points:
        share = p.judged_plans / total if total else 0.0
        print(
            f"  {p.judged_plans:>3} ({share:>4.0%}) {p.judgements:>10} {p.ahead_plans:>7}/{p.ahead_items:<9}"
            f" {p.verdict_without:>12.3f} → {p.verdict_with:<7.3f}"
            f" {p.top1_without:>10.3f} → {p.top1_with:<7.3f} {p.precedents_used:>8}"
        )
    print("  (followed: items ahead whose answer follows a judgement, adopted or preferred)")
    if not points:
        return 0.0
    end = points[-1]
    gain = end.verdict_with - end.verdict_without
    met = "ok" if gain >= target_gain - 1e-9 else "MISSED"
    print(
        f"  gain at the end (after {end.judged_plans} plans, on the {end.ahead_items} items ahead):"
        f" verdict {gain:+.3f}, top-1 {end.top1_with - end.top1_without:+.3f}"
        f"   target verdict ≥ {target_gain:+.3f}  {met}"
    )
    start = points[0]
    print(
        f"  (the curve's start, no judgement, on all {start.ahead_items} items: verdict"
        f" {start.verdict_without:.3f}, top-1 {start.top1_without:.3f}; its end, with judgements:"
        f" verdict {end.verdict_with:.3f}, top-1 {end.top1_with:.3f})\n"
    )
    return gain
