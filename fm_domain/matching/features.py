"""Text → the units matching works on: concepts found by the thesaurus, and the remaining content words.

A unit is one piece of what a text is about. "高标准建成第三批星级投放点" has one: the concept 垃圾分类
(signalled by 星级投放点); 高标准, 建成 are stop words and 第三批 carries a number. A unit is either a
concept mention (with every concept its term signals) or a content word that no thesaurus term covers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from fm_domain.matching.segmenter import Segmenter
from fm_domain.matching.thesaurus import Thesaurus
from fm_domain.matching.work_types import WorkTypes
from fm_domain.models import DutyCategory


class Unit(NamedTuple):
    """One thing a text is about: a concept mention or a plain content word (a tuple: made per item)."""

    key: str  # identity within one text: the term (concept units) or the word
    surface: str  # as written in the text (after normalisation)
    word: str | None = None  # canonical word, for plain-word units
    concepts: tuple[str, ...] = ()  # for concept units
    common: bool = False  # only the common work of every bureau (党建, 信访 …)
    setting: bool = False  # names where the work happens or whom it serves (学校, 社区), not what is done


@dataclass(frozen=True)
class Analysis:
    units: tuple[Unit, ...]  # distinct units, in text order
    words: dict[str, int]  # documents only: every canonical content word, also those inside concept terms
    mentions: tuple[tuple[str, str], ...]  # (concept, surface term) for each concept mention
    length: int  # number of content words: the document length for BM25
    work_type: DutyCategory | None = None  # items only: the kind of work its first work verb says


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits to half-width) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


class Analyser:
    """Finds the units of a text with the thesaurus and the segmenter."""

    def __init__(
        self, thesaurus: Thesaurus, segmenter: Segmenter, work_types: WorkTypes | None = None
    ) -> None:
        self.thesaurus = thesaurus
        self.segmenter = segmenter
        self.work_types = work_types or WorkTypes({})
        # A term (or word) that signals common work only is common work itself (党委, 纪检).
        self._common_terms = frozenset(
            term
            for term, names in thesaurus.term_concepts.items()
            if names and all(thesaurus.concepts[name].common for name in names)
        )

    def analyse(self, text: str, document: bool = False) -> Analysis:
        """The units of ``text``; for a ``document`` (a duty) also every word and the length."""
        thesaurus = self.thesaurus
        stopwords = thesaurus.stopwords
        canonical = thesaurus.synonyms
        common_terms = self._common_terms
        settings = thesaurus.settings
        norm = normalise(text)
        tokens = list(self.segmenter.words(norm))
        # Terms are in the segmenter's dictionary, so a real mention starts a word of the segmentation.
        # In an item an agency name says who takes part ("联合市城管局"), not what the work is; in a duty
        # it names the agencies the duty works over or with ("督促各区城管执法局开展工作"): their field is
        # the duty's.
        hits = thesaurus.scan(norm, starts={start for start, _ in tokens}, agencies=not document)

        found: list[tuple[int, Unit]] = []
        seen_terms: set[str] = set()
        mentions: list[tuple[str, str]] = []
        covered = bytearray(len(norm))
        for hit in hits:
            covered[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            concepts = hit.concepts
            if not concepts:
                continue  # an agency name: claims its span, says nothing
            if document:
                mentions.extend((name, hit.term) for name in concepts)
            # One unit per distinct term: an item that says 党组, 党委 and 党组织 is mostly about party
            # organisation, and says so three times over.
            term = hit.term
            if term not in seen_terms:
                seen_terms.add(term)
                found.append(
                    (
                        hit.start,
                        Unit("@" + term, term, None, concepts, term in common_terms, term in settings),
                    )
                )

        seen: set[str] = set()
        words: dict[str, int] = {}
        length = 0
        for start, token in tokens:
            if len(token) < 2 or token in stopwords or not token.isalpha():
                continue
            word = canonical.get(token, token)
            if document:
                words[word] = words.get(word, 0) + 1
                length += 1
            if word in seen or any(covered[start : start + len(token)]):
                continue  # a word inside a thesaurus term is part of that term's unit
            seen.add(word)
            found.append(
                (
                    start,
                    Unit(word, token, word, (), word in common_terms, token in settings or word in settings),
                )
            )
        found.sort(key=lambda pair: pair[0])
        return Analysis(
            units=tuple(unit for _, unit in found),
            words=words,
            mentions=tuple(mentions),
            length=length,
            work_type=None if document else self.work_types.of_words(token for _, token in tokens),
        )
