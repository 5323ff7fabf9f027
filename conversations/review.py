"""The review of work items against the 三定 duties, as the flows see it: fm_domain.records' item checks.

The matching itself is fm_domain's (issue 3). This module adapts it: it builds the duty index once per
catalog and reuses it while the catalog stays the same, and turns a review into ``ReviewedItems``: an
``ItemCheck`` per item, with the readable description of its duty (``label``) and, for an overlap, who else
holds it (``note``), which a draft and a submission keep as JSON (``ItemCheck.to_json``). The engine's
catalog cache hands out one catalog object per catalog stamp, so "the same catalog" is checked by identity
each turn, and by content only when the stamp moved.

The office's judgements (编办认定) are passed in with every review; they are turned into precedents once
and kept while the index and the judgements stay the same.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from conversations import texts
from fm_domain.matching.index import DutyIndex
from fm_domain.matching.precedents import Judgement, Precedents
from fm_domain.matching.thresholds import MatchThresholds, ScoringParameters
from fm_domain.models import Catalog
from fm_domain.records import DutyCoverage, ItemCheck, ReviewedItems
from fm_domain.review import ItemReview, Verdict
from fm_domain.review import review as review_items


class DutyHit(NamedTuple):
    """A duty that fits a looked-up topic, and how well: ``close`` when it fits as surely as a review
    asserts a placement (at least confident_score, and the best hit does not lead it by confident_gap),
    else it is only partly related."""

    duty_id: str
    score: float
    close: bool


class Reviewer(Protocol):
    def review(
        self,
        catalog: Catalog,
        department: str,
        items: Sequence[str],
        *,
        division: str | None = None,
        judgements: Sequence[Judgement] = (),
    ) -> ReviewedItems:
        """Review the items; a division's goals against that division's duties first; items worded as
        (or like) a judged one follow the office's judgement."""
        ...

    def search(self, catalog: Catalog, topic: str, limit: int = 3) -> list[DutyHit]:
        """The duties (of every department) that fit a topic as a review would place an item on them,
        best first: none when nothing fits."""
        ...


def duty_label(catalog: Catalog, duty_id: str | None) -> str:
    duty = catalog.duty(duty_id) if duty_id else None
    if duty is None:
        return ""
    department = catalog.get(duty.department)
    name = department.display_name if department else duty.department
    return texts.duty_label(name, duty.n, duty.text, "" if duty.active else duty.status.label)


def _check(catalog: Catalog, department: str, item: ItemReview) -> ItemCheck:
    duty_id = item.duty.duty_id if item.duty else None
    note = ""
    if item.verdict is Verdict.OVERLAP and item.duty is not None:
        other = catalog.get(item.duty.department)
        lead = catalog.get(item.lead) if item.lead else None
        note = texts.overlap_note(
            other.display_name if other else item.duty.department,
            "" if item.lead is None else (lead.display_name if lead else item.lead),
            item.lead == department,
            own_duty=item.own is not None,
        )
    return ItemCheck(
        text=item.text,
        verdict=item.verdict,
        duty=duty_id,
        label=duty_label(catalog, duty_id),
        note=note,
        confidence=item.confidence,
        internal=item.internal,
        precedent=item.precedent or "",
    )


class MatchingReviewer:
    """fm_domain's matcher, with its index cached for the catalog it was built from.

    The key is the catalog object: the engine's cache (conversations.catalog_cache) hands out the same
    object while the database's catalog stamp stays the same, so a turn costs an identity check. A new
    object (the stamp moved: an import) is compared by content once: a new 三定 revision rebuilds the
    index, an equal catalog (the same content reloaded, or another database's, as in tests sharing one
    reviewer) keeps it. The stamp alone cannot be the key, as two databases may have equal stamps.
    """

    def __init__(
        self, thresholds: MatchThresholds | None = None, scoring: ScoringParameters | None = None
    ) -> None:
        self._thresholds = thresholds
        self._scoring = scoring  # None: the bundled scorer parameters
        self._lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._index: DutyIndex | None = None
        # The precedents made from the judgements last given, for the index they were made with.
        self._judged: tuple[Judgement, ...] = ()
        self._precedents: tuple[DutyIndex, Precedents] | None = None

    @property
    def thresholds(self) -> MatchThresholds:
        if self._thresholds is None:
            self._thresholds = MatchThresholds.default()  # read on first use: no file is opened at start-up
        return self._thresholds

    def _index_for(self, catalog: Catalog) -> DutyIndex:
        with self._lock:
            if self._index is None or (catalog is not self._catalog and catalog != self._catalog):
                self._index = DutyIndex.build(catalog, thresholds=self.thresholds, scoring=self._scoring)
            self._catalog = catalog  # an equal catalog too: the next turn's check is by identity again
            return self._index

    def _precedents_for(self, index: DutyIndex, judgements: Sequence[Judgement]) -> Precedents | None:
        """The judgements as precedents, made again only when the index or the judgements changed.

        Making them analyses every judged text (hundreds, in time); comparing the judgements given with
        those last given is a tuple comparison, so every turn may simply pass what storage holds.
        """
        if not judgements:
            return None
        judged = tuple(judgements)
        with self._lock:
            if self._precedents is None or self._precedents[0] is not index or judged != self._judged:
                self._precedents = (index, index.precedents(judged))
                self._judged = judged
            return self._precedents[1]

    def review(
        self,
        catalog: Catalog,
        department: str,
        items: Sequence[str],
        *,
        division: str | None = None,
        judgements: Sequence[Judgement] = (),
    ) -> ReviewedItems:
        index = self._index_for(catalog)
        result = review_items(
            index,
            department,
            items,
            self.thresholds,
            division=division or None,
            precedents=self._precedents_for(index, judgements),
        )
        return ReviewedItems(
            tuple(_check(catalog, department, item) for item in result.items),
            tuple(DutyCoverage(duty.duty.id, duty.status, duty.items) for duty in result.duties),
        )

    def search(self, catalog: Catalog, topic: str, limit: int = 3) -> list[DutyHit]:
        """Duties of any department that fit the topic (score at least the review's ``fit``), best first."""
        matches = self._index_for(catalog).rank(topic, top=limit)
        thresholds = self.thresholds
        fitting = [match for match in matches if match.score >= thresholds.fit]
        if not fitting:
            return []
        near_best = fitting[0].score * (1 - thresholds.confident_gap)
        return [
            DutyHit(match.duty_id, match.score, match.score >= max(thresholds.confident_score, near_best))
            for match in fitting
        ]
