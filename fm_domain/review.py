"""The 目标管理 review: a department's work items checked, item by item, against the 三定 duties.

Each item gets a verdict — ``in_scope`` (an active duty of the department fits best), ``retired`` (one of its
cancelled / transferred / delegated / merged duties fits best: 仍在承担已取消、转移、下放的职能), ``overlap``
(an active duty of another department fits as well or better: 职责交叉, with who leads) or ``out_of_scope``
(nothing fits: overreach or a new function, for staff to judge). Each duty of the department is then
``covered`` by its items, ``uncovered``, ``periodic_uncovered`` (阶段性 duties are flagged for judgement, not
as faults) or ``unknown`` (the department's duty list is marked partial, so a gap proves nothing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from fm_domain.matching.index import Candidates, DutyIndex, Match
from fm_domain.matching.lexicon import Role
from fm_domain.matching.precedents import Judgement, Precedent, Precedents, votes
from fm_domain.matching.thresholds import MatchThresholds
from fm_domain.models import Duty, DutyCategory, DutyStatus
from fm_domain.verdicts import Confidence, Coverage, Verdict  # defined apart, named here as ever

# How many of the office's nearest judgements vote on an item (see precedents.votes): enough that one
# stray judgement cannot decide alone, few enough that only judgements about the same thing take part.
PRECEDENT_NEIGHBOURS = 5
# A share of the item's known concepts a duty must meet: above the rounding of Match.unexplained (four
# places), which would otherwise let a duty that meets none of them pass for one that meets a sliver.
_MEETS_A_CONCEPT = 1e-3

# Item and duty results are immutable tuples (NamedTuple): a review makes many of them, cheaply.


class ItemReview(NamedTuple):
    index: int  # position in the submitted list, from 0
    text: str
    verdict: Verdict
    duty: Match | None  # what the verdict rests on: the department's duty, or for overlap the other's
    own: Match | None  # for overlap: the department's own duty that also fits, if any
    lead: str | None  # for overlap: the department that leads by the duties' wording; None = undetermined
    matches: tuple[Match, ...]  # top matches, best first
    confidence: Confidence = Confidence.LOW
    internal: bool = False  # the bureau's own internal work (机关自身建设): out_of_scope, but no overreach
    precedent: str | None = None  # the text of the office's earlier judgement this verdict follows


class DutyReview(NamedTuple):
    duty: Duty
    status: Coverage
    items: tuple[int, ...]  # indexes of the items that perform it


class CategorySummary(NamedTuple):
    duties: int = 0
    covered: int = 0
    uncovered: int = 0
    periodic_uncovered: int = 0
    unknown: int = 0
    items: int = 0  # items placed on duties of this category


@dataclass(frozen=True)
class Review:
    department: str
    known: bool  # the department is in the catalog (otherwise nothing can be in scope)
    items: tuple[ItemReview, ...]
    duties: tuple[DutyReview, ...]
    verdicts: Mapping[Verdict, int]
    categories: Mapping[DutyCategory, CategorySummary]


def judge(
    candidates: Candidates, thresholds: MatchThresholds
) -> tuple[Verdict, Match | None, Match | None, str | None]:
    """The verdict for one item from its candidates: (verdict, duty, own duty for overlap, who leads)."""
    fit = thresholds.fit
    active, inactive, other = candidates.own_active, candidates.own_inactive, candidates.other
    # A duty the item meets only on words that say where the duty works (城市道路 in 规范城市道路占道经营,
    # against 城市道路桥梁养护维修) does not fit it: the duty's work happens there, it is not about it.
    active_score = active.score if active and not active.qualifiers_only else 0.0
    inactive_score = inactive.score if inactive and not inactive.qualifiers_only else 0.0
    own_best = max(active_score, inactive_score)
    # 职责交叉 is a claim about another department's field: it rests on a concept of that field the item
    # names (救助对象 for 民政), never on plain words the two texts happen to share (信息, 合同).
    other_fits = (
        other is not None
        and not other.qualifiers_only
        and other.score >= fit
        and candidates.known_share - other.unexplained > _MEETS_A_CONCEPT
    )
    if own_best < fit and not other_fits:
        return Verdict.OUT_OF_SCOPE, None, None, None
    if (
        other is not None
        and other_fits
        and (own_best < fit or other.score >= own_best + thresholds.overlap_margin)
    ):
        own = active if active_score >= fit else None
        return Verdict.OVERLAP, other, own, _leader(own, other)
    if (
        inactive is not None
        and inactive.specific >= fit  # on the duty's own subject, not on a shared 党建 or 审批
        and inactive_score >= active_score - thresholds.retired_margin
    ):
        return Verdict.RETIRED, inactive, None, None
    return Verdict.IN_SCOPE, active, None, None


def assess(
    verdict: Verdict, duty: Match | None, candidates: Candidates, thresholds: MatchThresholds
) -> tuple[Confidence, bool]:
    """How sure the verdict is, and whether an out_of_scope item is the bureau's own internal work.

    A placement is clear when its duty scores well, leads every rival that would give another answer
    (another duty of the department, another department, a retired duty, or nothing fitting) by a clear
    share of its score, and leaves little of what the item is known to be about unexplained. An
    out_of_scope is clear when the item is plainly the bureau's internal work (机关党建, 党风廉政 …), or
    when nothing comes near fitting and the thesaurus knows what the item is about: words it does not
    know prove only a gap in the vocabulary, and a function it knows (监督检查, 考核) says how, not what.
    """
    found = [m for m in (*candidates.matches, candidates.own_active, candidates.own_inactive) if m]
    found += [candidates.other] if candidates.other else []
    if verdict is Verdict.OUT_OF_SCOPE or duty is None:
        internal = candidates.common_share >= thresholds.internal_share
        nearest = max((m.score for m in found), default=0.0)
        known = candidates.subject_share >= thresholds.confident_known
        clear = internal or (nearest <= thresholds.confident_absent and known)
        return (Confidence.HIGH if clear else Confidence.LOW), internal
    # A duty met only where its work happens does not fit (see judge): it gives no other answer.
    rival = max((m.score for m in found if m.duty_id != duty.duty_id and not m.qualifiers_only), default=0.0)
    score = duty.score
    gap = (score - max(rival, thresholds.fit)) / score if score > 0 else 0.0
    clear = (
        score >= thresholds.confident_score
        and gap >= thresholds.confident_gap
        and duty.unexplained <= thresholds.confident_unexplained
    )
    return (Confidence.HIGH if clear else Confidence.LOW), False


def _leader(own: Match | None, other: Match) -> str | None:
    """Who leads an overlap (一件事情原则上由一个部门负责): the side whose duty leads where the other assists.

    When the department has no duty that fits, the work is the other department's. When both lead (or
    both assist) the wording cannot settle it: the establishment office decides.
    """
    if own is None:
        return other.department
    if own.role is Role.ASSIST and other.role is Role.LEAD:
        return other.department
    if own.role is Role.LEAD and other.role is Role.ASSIST:
        return own.department
    return None


def review(
    index: DutyIndex,
    department: str,
    items: Sequence[str],
    thresholds: MatchThresholds | None = None,
    top: int = 3,
    *,
    division: str | None = None,
    precedents: Precedents | None = None,
) -> Review:
    """Review one department's items (one period's goals or arrangements) against the catalog.

    With ``division`` (a 处室's goals) the duties of that division are tried first. With ``precedents``
    (the office's earlier judgements) an item worded as a judged one takes the judged answer, and one
    worded similarly has the judged duty preferred.
    """
    thresholds = thresholds or MatchThresholds.default()
    prefer = None
    if division:
        served = index.division_duties(department, division)
        prefer = (served, thresholds.fit) if served else None
    reviewed = []
    for position, text in enumerate(items):
        reviewed.append(_review_item(index, department, position, text, thresholds, top, prefer, precedents))
    found = index.catalog.get(department)
    duties = _duty_reviews(found.duties if found else (), bool(found and found.partial), reviewed)
    return Review(
        department=department,
        known=found is not None,
        items=tuple(reviewed),
        duties=duties,
        verdicts=_count_verdicts(reviewed),
        categories=_categories(duties),
    )


def _review_item(
    index: DutyIndex,
    department: str,
    position: int,
    text: str,
    thresholds: MatchThresholds,
    top: int,
    prefer: tuple[frozenset[str], float] | None,
    precedents: Precedents | None,
) -> ItemReview:
    neighbours = (
        precedents.nearest(text, department, PRECEDENT_NEIGHBOURS, thresholds.precedent_consider)
        if precedents
        else []
    )
    if neighbours and neighbours[0].similarity >= thresholds.precedent_adopt:
        return _following(index, department, position, text, neighbours[0].judgement, top)
    said = votes(neighbours)
    boost = {duty_id: thresholds.precedent_weight * weight for duty_id, weight in said.items() if duty_id}
    candidates = index.candidates(text, department, top=top, boost=boost or None, prefer=prefer)
    verdict, duty, own, lead = judge(candidates, thresholds)
    confidence, internal = assess(verdict, duty, candidates, thresholds)
    if verdict is not Verdict.OUT_OF_SCOPE and _judged_outside(said, thresholds):
        return _outside_as_judged(position, text, candidates.matches, neighbours)
    followed = None
    if duty is not None and duty.duty_id in boost:
        followed = next(p.judgement.text for p in neighbours if p.judgement.duty == duty.duty_id)
    return ItemReview(
        position, text, verdict, duty, own, lead, candidates.matches, confidence, internal, followed
    )


def _judged_outside(said: Mapping[str | None, float], thresholds: MatchThresholds) -> bool:
    """The office's nearest judgements found work worded like this outside the duties (职责外), closely
    enough and more firmly than they placed it on any duty."""
    outside = said.get(None, 0.0)
    placed = max((weight for duty_id, weight in said.items() if duty_id), default=0.0)
    return outside >= thresholds.precedent_overrule and outside > placed


def _outside_as_judged(
    position: int, text: str, matches: tuple[Match, ...], neighbours: Sequence[Precedent]
) -> ItemReview:
    """An item the office's judgements of similar wording found 职责外: out_of_scope as they said, internal
    work when most of them said so, and left to staff (low), the closest such judgement as evidence."""
    outside = [p.judgement for p in neighbours if p.judgement.verdict == Verdict.OUT_OF_SCOPE.value]
    internal = 2 * sum(judgement.internal for judgement in outside) > len(outside)
    return ItemReview(
        position,
        text,
        Verdict.OUT_OF_SCOPE,
        None,
        None,
        None,
        matches,
        Confidence.LOW,
        internal,
        outside[0].text,
    )


def _following(
    index: DutyIndex, department: str, position: int, text: str, judgement: Judgement, top: int
) -> ItemReview:
    """The review of an item worded as one the office has judged: the judged answer, asserted."""
    matches = index.rank(text, top=None, department=department)
    verdict = Verdict(judgement.verdict)
    duty = None
    if judgement.duty is not None:
        duty = next((match for match in matches if match.duty_id == judgement.duty), None)
        if duty is None:
            known = index.catalog.duty(judgement.duty)
            duty = Match(
                judgement.duty,
                known.department if known else department,
                0.0,
                (),
                known.status if known else DutyStatus.ACTIVE,
            )
    lead = duty.department if verdict is Verdict.OVERLAP and duty is not None else None
    return ItemReview(
        position,
        text,
        verdict,
        duty,
        None,
        lead,
        tuple(matches[:top]),
        Confidence.HIGH,
        judgement.internal,
        judgement.text,
    )


_VERDICTS = tuple(Verdict)
_CATEGORIES = tuple(DutyCategory)


def _count_verdicts(items: Sequence[ItemReview]) -> dict[Verdict, int]:
    counts = dict.fromkeys(_VERDICTS, 0)
    for item in items:
        counts[item.verdict] += 1
    return counts


def _duty_reviews(
    duties: Sequence[Duty], partial: bool, items: Sequence[ItemReview]
) -> tuple[DutyReview, ...]:
    performing: dict[str, list[int]] = {}
    for item in items:
        own = item.own if item.verdict is Verdict.OVERLAP else item.duty
        if own is not None:
            performing.setdefault(own.duty_id, []).append(item.index)
    result = []
    for duty in duties:
        indexes = tuple(performing.get(duty.id, ()))
        if not duty.active and not indexes:
            continue  # a cancelled duty nobody performs is as it should be: not a gap
        if is_catch_all(duty) and not indexes:
            continue  # 完成…交办的其他任务 is never a gap: no goal is expected to name it
        result.append(DutyReview(duty, _coverage(duty, indexes, partial), indexes))
    return tuple(result)


def is_catch_all(duty: Duty) -> bool:
    """The closing duty of nearly every 三定 (完成市委、市政府交办的其他任务): it covers what is assigned."""
    return duty.catch_all


def _coverage(duty: Duty, items: tuple[int, ...], partial: bool) -> Coverage:
    if items:
        return Coverage.COVERED
    if duty.periodic:
        return Coverage.PERIODIC_UNCOVERED
    return Coverage.UNKNOWN if partial else Coverage.UNCOVERED


# Where each coverage is counted in a category's tally, laid out as CategorySummary's fields:
# [duties, covered, uncovered, periodic_uncovered, unknown, items].
_TALLY_SLOT = {
    Coverage.COVERED: 1,
    Coverage.UNCOVERED: 2,
    Coverage.PERIODIC_UNCOVERED: 3,
    Coverage.UNKNOWN: 4,
}


def _categories(duties: Sequence[DutyReview]) -> dict[DutyCategory, CategorySummary]:
    # A list per category rather than a dict of named counters: every review (one per plan) makes six.
    tallies = {category: [0, 0, 0, 0, 0, 0] for category in _CATEGORIES}
    for duty in duties:
        tally = tallies[duty.duty.category]
        tally[0] += 1
        tally[_TALLY_SLOT[duty.status]] += 1
        tally[5] += len(duty.items)
    return {category: CategorySummary(*tally) for category, tally in tallies.items()}
