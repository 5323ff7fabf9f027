"""The duty index: every duty of every department, ready to be ranked against a work item.

Scoring is BM25's weighting read as coverage. Each unit of the item (a concept or a content word, see
``features``) weighs its information content: the inverse document frequency, over the catalog's duties, of
its word or concept (a concept occurs in every duty that names it or a narrower concept). A duty earns that
weight times its similarity to the unit, times BM25's term-frequency saturation and length normalisation
(divided by its bound k1 + 1). The score is what the duty earns over the item's total weight: it lies in 0–1
and reads as "how much of what the item is about this duty accounts for" (a duty that names every unit once,
at average length, scores 1/(1 + k1·…), about 0.6). Dividing by a per-item total leaves the order unchanged,
so ranking is BM25's.

Similarity is 1 for the same word or concept. When one concept is broader than the other in the thesaurus
it is Lin's measure, 2·IC(broader) / (IC(item's concept) + IC(duty's concept)): "星级投放点" (垃圾分类)
meets a duty that names 环境卫生 with much of its weight, because 环境卫生 is specific in this catalog; it
meets a duty that names only 城市管理 with little, because most city duties do. Siblings (环卫 and 城管执法,
both under 城市管理) do not count: a duty about one does not account for the other. Units nothing in the
catalog knows still weigh in the total, so an item about 菜场 or 燃气 is poorly covered by a 城管 catalog:
that is how "no duty fits" shows.

Work every bureau does for itself (党建, 廉政, 信访 …; field 通用 in the thesaurus) counts only for the
department whose plan it is: every bureau builds its own party organisation, and that is no overlap with the
one bureau whose 三定 mentions party building. A function (规划, 监督检查, 考核 …; field 职能) says how, not
what: it adds to a duty that already shares the item's subject and never makes a match by itself.
"""

from __future__ import annotations

import gc
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from fm_domain.matching.features import Analyser, Analysis, normalise
from fm_domain.matching.lexicon import Role
from fm_domain.matching.precedents import Judgement, Precedents
from fm_domain.matching.roles import Clause, bundled_role_cues, split_clauses
from fm_domain.matching.segmenter import Segmenter, shared_segmenter
from fm_domain.matching.thesaurus import Thesaurus, bundled_thesaurus
from fm_domain.matching.thresholds import MatchThresholds, ScoringParameters
from fm_domain.matching.work_types import bundled_work_types
from fm_domain.models import Catalog, Department, Duty, DutyCategory, DutyStatus

_SENTENCE_END = re.compile(r"[；;。\n]+")
_value = itemgetter(0)  # of a credit (value, item term, duty term)
# A word the duty repeats is named in the evidence when it carries at least this share of the item.
_LITERAL_EVIDENCE = 0.05
_LITERAL_CACHE_LIMIT = 50_000  # words whose postings are remembered between items
# A duty the concept layer does not meet is found by the literal layer alone only through a word at least
# this long: a two-character word inside a longer one is often another word (试验 in 试验区).
_ANCHOR_LENGTH = 3


class _Scored(NamedTuple):
    scores: dict[int, float]  # position -> blended score
    credits: dict[int, list[tuple[float, str, str]]]  # position -> (weighted value, item term, duty term)
    concept: dict[int, float]  # position -> the concept layer's score
    common: dict[int, float]  # position -> what common work of every bureau earned in it
    literal_specific: dict[int, float]  # position -> the literal layer's score without common work's words
    common_share: float  # share of the item's weight that is common work of every bureau
    known_share: float  # share of the item's weight that the thesaurus reads as a field's concepts
    known: dict[str, float]  # each such unit's surface -> its share of the item's weight
    # the literal layer's words: (word, duty position -> saturation, share of the item's weight)
    literal: tuple[tuple[str, dict[int, float], float], ...] = ()
    subject_share: float = 0.0  # share of the item's weight read as a field's subjects (see Candidates)


class Match(NamedTuple):
    """One duty's fit for an item: score 0–1 and the shared terms as evidence (item term→duty term).

    An immutable tuple rather than a dataclass: matches are made by the thousand, and tuples are cheap.
    """

    duty_id: str
    department: str
    score: float
    evidence: tuple[str, ...]
    status: DutyStatus = DutyStatus.ACTIVE
    role: Role = Role.LEAD  # the role stated by the clause of the duty that holds the matched terms
    # The score without what common work of every bureau (党建, 信访 …) earned: what the item shares with
    # the duty's own subject. A retired verdict needs this much, not a shared 党建 or 审批.
    specific: float = 0.0
    # Share of the item's weight that the thesaurus knows as a field's concepts and that this duty does not
    # meet at all: 桥梁新建 (住建) in 城市道路桥梁新建 against a duty about 城市道路占道经营. A placement that
    # leaves much of what the item is known to be about unexplained is not asserted.
    unexplained: float = 0.0
    # Every term the duty shares with the item only qualifies another of the duty's (城市道路 in
    # 规范城市道路占道经营, against 城市道路桥梁养护): the duty works there, maybe not on it.
    qualifiers_only: bool = False

    @property
    def active(self) -> bool:
        return self.status is DutyStatus.ACTIVE


class Candidates(NamedTuple):
    """What the review needs for one item, from the point of view of the plan's department."""

    matches: tuple[Match, ...]  # best first
    own_active: Match | None  # best active duty of the department
    own_inactive: Match | None  # best cancelled / transferred / delegated / merged duty of the department
    other: Match | None  # best active duty of any other department
    # Share of the item's weight that is common work of every bureau (党建, 廉政, 本系统安全生产 …): an
    # item that is mostly that and fits no duty is the bureau's internal work (机关自身建设), not overreach.
    common_share: float = 0.0
    # Share of the item's weight the thesaurus reads as the concepts of some field: an item nothing fits is
    # clearly outside the duties only when we know what it is about (燃气安全), not when its words are
    # simply unknown (a vocabulary gap proves nothing).
    known_share: float = 0.0
    # The part of known_share that names a subject, not only a function (规划, 监督检查, 考核 say how work is
    # done, not what it is about): an item known only by its functions is not known to be outside every
    # duty, whatever the thesaurus reads in it.
    subject_share: float = 0.0


@dataclass(frozen=True)
class _Document:
    duty: Duty
    clauses: tuple[Clause, ...]
    words: dict[str, float]  # word -> weighted term frequency
    mentions: dict[str, tuple[float, str]]  # concept named in the text -> (weighted frequency, term used)
    length: float
    work_type: DutyCategory | None  # the kind of work the duty does (drafting, carrying out, supervising …)
    literal: tuple[tuple[str, float], ...]  # the literal layer: ("|"-joined words of one text, its weight)
    literal_length: float  # the number of its words, weighted
    qualifiers: frozenset[str]  # terms that only qualify another in its texts (see Analysis.qualifiers)


@dataclass(frozen=True)
class _Passage:
    """One sentence of a duty (its text cut at ；。, or a division's sentence), scored on its own."""

    owner: int  # position of the duty it belongs to
    words: dict[str, float]
    mentions: dict[str, tuple[float, str]]
    length: float


@dataclass(frozen=True)
class _Posting:
    """A duty reaching a concept: itself naming it or a narrower concept."""

    position: int
    steps: int  # from the duty's own concept up to this one
    saturation: float  # of every mention reaching this concept (itself and narrower ones)
    own_saturation: float  # of the mentions of the duty's own concept only
    term: str  # the duty's term, for the evidence
    information: float  # IC of the duty's own concept (the broadest one that reaches here)


@dataclass(frozen=True)
class _ConceptCredits:
    """Per duty position, (similarity × saturation, the duty's term) for one concept of an item."""

    topical: dict[int, tuple[float, str]]  # met in a field: counts for every department
    refining: dict[int, tuple[float, str]]  # met in a function: refines a topical match only
    common: dict[str, dict[int, tuple[float, str]]]  # met in common work: per department, its own only


class _View(NamedTuple):
    """One concept's credits as one department sees them (a tuple: each concept unit of an item reads one)."""

    topical: dict[int, tuple[float, str]]
    refining: dict[int, tuple[float, str]]


class DutyIndex:
    """Built once per catalog revision (``DutyIndex.build``) and reused for every item."""

    def __init__(
        self,
        catalog: Catalog,
        documents: list[_Document],
        analyser: Analyser,
        scoring: ScoringParameters,
        passages: list[_Passage] | None = None,
    ):
        self.catalog = catalog
        self.thesaurus = analyser.thesaurus
        self.scoring = scoring
        self._analyser = analyser
        self._documents = documents
        # Positions 0…len(documents)−1 are the duties; after them come their passages (when scored).
        self._passages = passages or []
        self._owner = [*range(len(documents)), *(passage.owner for passage in self._passages)]
        self._departments = [documents[owner].duty.department for owner in self._owner]
        self._max_steps = int(scoring.max_steps)
        self._work_types = analyser.work_types
        self._functions = frozenset(name for name, c in analyser.thesaurus.concepts.items() if c.function)
        self._served: dict[tuple[str, str], frozenset[str]] = {}  # (department, division) -> duty ids
        self._index()

    # ---- building -------------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        catalog: Catalog,
        thesaurus: Thesaurus | None = None,
        *,
        thresholds: MatchThresholds | None = None,
        scoring: ScoringParameters | None = None,
        segmenter: Segmenter | None = None,
    ) -> DutyIndex:
        """Index every duty of every department, its text enriched with its divisions' duty sentences."""
        with _collector_paused():
            return cls._built(catalog, thesaurus, thresholds, scoring, segmenter)

    @classmethod
    def _built(
        cls,
        catalog: Catalog,
        thesaurus: Thesaurus | None,
        thresholds: MatchThresholds | None,
        scoring: ScoringParameters | None,
        segmenter: Segmenter | None,
    ) -> DutyIndex:
        analyser = Analyser(
            thesaurus or bundled_thesaurus(), segmenter or shared_segmenter(), bundled_work_types()
        )
        scoring = scoring or ScoringParameters.default()
        thresholds = thresholds or MatchThresholds.default()
        cues = bundled_role_cues()
        texts = {duty.id: [(duty.text, 1.0)] for duty in catalog.all_duties()}
        made: dict[str, tuple[int, _Document]] = {}  # duty id -> (number of texts read, its document)

        def documents() -> list[_Document]:
            # A duty whose texts did not change since the last call keeps its document: after linking the
            # divisions' sentences only the duties that gained some are read again.
            found = []
            for duty in catalog.all_duties():
                read = made.get(duty.id)
                read_texts = texts[duty.id]
                if read is None or read[0] != len(read_texts):
                    read = made[duty.id] = (len(read_texts), _document(duty, read_texts, analyser, cues))
                found.append(read[1])
            return found

        def passages() -> list[_Passage]:
            if not scoring.passage_weight:
                return []
            return [
                _Passage(position, *_features([(sentence, weight)], analyser)[:3])
                for position, duty in enumerate(catalog.all_duties())
                for text, weight in texts[duty.id]
                for sentence in filter(None, (part.strip() for part in _SENTENCE_END.split(text)))
            ]

        index = cls(catalog, documents(), analyser, scoring, passages())
        links = index._link_divisions(thresholds.link)
        served: dict[tuple[str, str], set[str]] = {}
        for department in catalog:
            for duty in department.duties:
                for division in duty.divisions:
                    served.setdefault((department.code, division), set()).add(duty.id)
        for duty_id, sentence, (department_code, division) in links:
            texts[duty_id].append((sentence, scoring.division_weight))
            served.setdefault((department_code, division), set()).add(duty_id)
        if links:
            index = cls(catalog, documents(), analyser, scoring, passages())
        index._served = {key: frozenset(ids) for key, ids in served.items()}
        return index

    def division_duties(self, department: str, division: str) -> frozenset[str]:
        """The duties a division (处室) performs: those naming it, and those its own duty sentences fit."""
        return self._served.get((department, division), frozenset())

    def _link_divisions(self, threshold: float) -> list[tuple[str, str, tuple[str, str]]]:
        """Each division duty sentence goes to the main duty it fits best among those the division serves.

        A division named by duties (``Duty.divisions``) serves those, and its sentences are theirs whatever
        the score; one named by none may serve any duty of its department, and then a sentence is kept only
        where it fits at least ``threshold``.
        """
        links = []
        for department in self.catalog:
            for division in department.divisions:
                named = [duty.id for duty in department.duties if division.name in duty.divisions]
                candidates = set(named or (duty.id for duty in department.duties))
                for text in division.duties:
                    for sentence in filter(None, (part.strip() for part in _SENTENCE_END.split(text))):
                        best = self._best_among(sentence, department, candidates)
                        key = (department.code, division.name)
                        if best is not None and (named or best.score >= threshold):
                            links.append((best.duty_id, sentence, key))
                        elif best is None and named:
                            links.append((named[0], sentence, key))
        return links

    def _best_among(self, text: str, department: Department, duty_ids: set[str]) -> Match | None:
        ranked = self.rank(text, top=None, department=department.code)
        return next((match for match in ranked if match.duty_id in duty_ids), None)

    def _index(self) -> None:
        scoring = self.scoring
        documents = self._documents
        ancestors = self.thesaurus.ancestors
        count = len(documents)
        self._count = count

        def average(lengths: list[float]) -> float:
            return (sum(lengths) / len(lengths) if lengths else 1.0) or 1.0

        # Duties and passages are two collections, each normalised by its own average length (passage
        # retrieval reads a passage as a document of its own); information content is the duties'.
        duty_average = average([doc.length for doc in documents])
        passage_average = average([passage.length for passage in self._passages])
        texts = [(doc.words, doc.mentions, doc.length, duty_average) for doc in documents]
        texts += [(p.words, p.mentions, p.length, passage_average) for p in self._passages]

        def saturation(tf: float, length: float, mean: float) -> float:
            # BM25's term-frequency factor over its upper bound (k1 + 1): below 1, growing with repeated
            # mentions, shrinking with the text's length. A full match of every unit scores just under 1.
            norm = scoring.k1 * (1 - scoring.b + scoring.b * length / mean)
            return tf / (tf + norm) if tf > 0 else 0.0

        # Which concepts each duty (and passage) reaches: those it names and their broader concepts.
        reached: list[dict[str, list[tuple[str, int, float, str]]]] = []
        frequency: dict[str, int] = {}
        for position, (_, mentions, _, _) in enumerate(texts):
            reach: dict[str, list[tuple[str, int, float, str]]] = {}
            for name, (tf, term) in mentions.items():
                for ancestor, steps in ancestors[name]:
                    if steps > self._max_steps:
                        break
                    reach.setdefault(ancestor, []).append((name, steps, tf, term))
            reached.append(reach)
            if position < count:
                for ancestor in reach:
                    frequency[ancestor] = frequency.get(ancestor, 0) + 1
        self._unseen = self.idf(0)  # a concept or word no duty uses carries the most information
        self._unknown_word = scoring.unknown_word_weight * self._unseen
        self._information = {name: self.idf(df) for name, df in frequency.items()}

        self._word_postings: dict[str, list[tuple[int, float]]] = {}
        word_frequency: dict[str, int] = {}
        for position, (words, _, length, mean) in enumerate(texts):
            for word, tf in words.items():
                self._word_postings.setdefault(word, []).append((position, saturation(tf, length, mean)))
                if position < count:
                    word_frequency[word] = word_frequency.get(word, 0) + 1
        self._word_information = {word: self.idf(df) for word, df in word_frequency.items()}
        # The credits a plain word earns, in the shape concept credits have, made once here rather than
        # for every item that uses the word.
        self._word_credits = {
            word: {position: (value, word) for position, value in postings}
            for word, postings in self._word_postings.items()
        }
        postings: dict[str, list[_Posting]] = {}
        for position, ((_, _, length, mean), reach) in enumerate(zip(texts, reached, strict=True)):
            for ancestor, sources in reach.items():
                # The duty's broadest concept under this ancestor gives the closest match to it
                # (on equal information, the one nearest: the concept itself rather than a narrower one)
                name, steps, own_tf, term = min(
                    sources, key=lambda source: (self.information(source[0]), source[1])
                )
                tf = sum(source[2] for source in sources)
                postings.setdefault(ancestor, []).append(
                    _Posting(
                        position,
                        steps,
                        saturation(tf, length, mean),
                        saturation(own_tf, length, mean),
                        term,
                        self.information(name),
                    )
                )
        self._concept_postings = postings
        self._concept_credits = {name: self._credits_for(name, postings) for name in self.thesaurus.concepts}
        # Per point of view: a department sees field credits plus common-work credits on its own duties;
        # no department (None) sees everything; a department the catalog lacks sees field credits only.
        # Merged once per point of view, when an item is first scored from it (``_view``): a city's forty
        # departments cost a quarter of a second to merge at once, and a check reads one of them.
        self._views: dict[str | None, dict[str, _View]] = {}
        self._catalog_departments = frozenset(self._departments)
        self._field_view = {
            name: _View(credits.topical, credits.refining) for name, credits in self._concept_credits.items()
        }
        self._index_literal()
        self._clause_of: list[dict[str, int]] = [{} for _ in documents]
        # What ranking reads of each duty, by position, so that no item goes through the Duty objects.
        self._duty_ids = [doc.duty.id for doc in documents]
        self._position_of = {duty_id: position for position, duty_id in enumerate(self._duty_ids)}
        self._duty_active = [doc.duty.active for doc in documents]
        self._duty_status = [doc.duty.status for doc in documents]
        self._reads_work_type = bool(scoring.work_type_weight)

    def _index_literal(self) -> None:
        """The literal layer: the duties' words as one searchable text, and BM25's length normalisation.

        Concepts say what an item is about in the thesaurus's terms; the literal layer says how much of its
        own wording the duty's text repeats. A duty that names 特困人员救助供养 keeps an item about
        特困人员补助 against a sibling that shares only the broader concept 救助. An item's word counts where
        it stands inside one word of the duty, never across two (法建 is not read in 违法|建设), the names of
        governments are left out (市政 is not read in 市政府), and abbreviations read as their canonical
        word too (低保 → 最低生活保障).
        """
        documents = self._documents
        parts: list[str] = []
        starts: list[int] = []
        owners: list[tuple[int, float]] = []
        offset = 0
        for position, doc in enumerate(documents):
            for text, weight in doc.literal:
                starts.append(offset)
                owners.append((position, weight))
                parts.append(text)
                offset += len(text) + 1
        self._literal_text = "\x00".join(parts)
        self._literal_starts = starts
        self._literal_owners = owners
        self._literal_found: dict[str, dict[int, float]] = {}
        self._literal_words: dict[tuple[str, str], tuple[dict[int, float], float]] = {}
        average = (sum(doc.literal_length for doc in documents) / len(documents) if documents else 1.0) or 1.0
        k1, b = self.scoring.k1, self.scoring.b
        self._literal_norm = [k1 * (1 - b + b * doc.literal_length / average) for doc in documents]
        self._literal_weight = self.scoring.literal_weight

    def _literal_word(self, word: str, written: str) -> tuple[dict[int, float], float]:
        """The duties holding a word (either way it may be written: 低保 or 最低生活保障), with the BM25
        saturation of each, and the word's information content."""
        key = (word, written)
        known = self._literal_words.get(key)
        if known is None:
            found = self._literal_postings(word)
            if written:
                found = _best_saturation(found, self._literal_postings(written))
            known = (found, self.idf(len(found)) if found else self._unknown_word)
            if len(self._literal_words) > _LITERAL_CACHE_LIMIT:
                self._literal_words.clear()
            self._literal_words[key] = known
        return known

    def _literal_postings(self, word: str) -> dict[int, float]:
        """The duties whose text holds ``word`` inside one of its words: position -> BM25 saturation."""
        found = self._literal_found.get(word)
        if found is not None:
            return found
        text, starts, owners = self._literal_text, self._literal_starts, self._literal_owners
        counts: dict[int, float] = {}
        at = text.find(word)
        while at >= 0:
            position, weight = owners[bisect_right(starts, at) - 1]
            counts[position] = counts.get(position, 0.0) + weight
            at = text.find(word, at + 1)
        norm = self._literal_norm
        found = {position: tf / (tf + norm[position]) for position, tf in counts.items()}
        if len(self._literal_found) > _LITERAL_CACHE_LIMIT:
            self._literal_found.clear()
        self._literal_found[word] = found
        return found

    def _credits_for(self, name: str, postings: Mapping[str, list[_Posting]]) -> _ConceptCredits:
        """What each duty earns for an item's mention of ``name``: Lin similarity times BM25 saturation.

        A duty covers the item's concept when it names that concept, a broader one or a narrower one; a
        sibling (环卫 beside 城管执法, both under 城市管理) does not account for it. Credits are kept apart
        by the kind of concept where the two meet: a field (counts for everyone), common work (counts
        for the plan's own department only) or a function (refines a match, never makes one).
        """
        thesaurus = self.thesaurus
        own_information = self.information(name)
        root_weight = self.scoring.root_weight
        credits = _ConceptCredits({}, {}, {})
        for ancestor, up in thesaurus.ancestors[name]:
            if up > self._max_steps:
                break
            shared = self.information(ancestor)
            meeting = thesaurus.concepts[ancestor]
            # Met only at the root of a field (公路巡查 and a duty naming 交通运输 alone), the item is known
            # to be of the duty's field, not of that duty: every duty of the bureau says as much.
            at_root = root_weight if up and not meeting.broader else 1.0
            for posting in postings.get(ancestor, ()):
                if up and posting.steps:
                    continue
                if up == 0 and posting.steps == 0:
                    similarity = 1.0
                else:
                    similarity = min(1.0, 2 * shared / (own_information + posting.information))
                # Met at the item's own concept, every narrower mention in the duty is about it; met higher
                # up, only the duty's mentions of that broader concept are (律师、仲裁 are not 法律顾问).
                value = at_root * similarity * (posting.saturation if up == 0 else posting.own_saturation)
                if meeting.function:
                    into = credits.refining
                elif meeting.common:
                    into = credits.common.setdefault(self._departments[posting.position], {})
                else:
                    into = credits.topical
                current = into.get(posting.position)
                if current is None or value > current[0]:
                    into[posting.position] = (value, posting.term)
        return credits

    def idf(self, document_frequency: int) -> float:
        count = self._count
        return math.log(1 + (count - document_frequency + 0.5) / (document_frequency + 0.5))

    def information(self, concept: str) -> float:
        """Information content of a concept in this catalog: the idf of the duties that reach it."""
        return self._information.get(concept, self._unseen)

    def _word_importance(self, word: str) -> float:
        return self._word_information.get(word, self._unknown_word)

    # ---- ranking --------------------------------------------------------------------------------------

    def rank(self, text: str, top: int | None = 3, department: str | None = None) -> list[Match]:
        """Duties that share anything with ``text``, best first (at most ``top``).

        With ``department`` the ranking takes that department's point of view: common work of every
        bureau (党建, 信访 …) counts for its own duties only.
        """
        scored = self._score(self._analyse(text), department)
        scores = scored.scores
        order = _best_first(scores)
        if top is not None:
            order = order[:top]
        return [self._match(position, scored) for position in order]

    def _analyse(self, text: str) -> Analysis:
        # An item's kind of work is read only when the scorer gives it weight (it ships off).
        return self._analyser.analyse(text, work_type=self._reads_work_type)

    def literal_vector(self, text: str) -> dict[str, float]:
        """The wording of ``text`` as precedents compare it: each character pair inside its words, weighing
        the information content of the word it is in (so 特困人员补助 is close to 特困人员补贴)."""
        vector: dict[str, float] = {}
        for literal in self._analyser.analyse(text, work_type=False).literal:
            if literal.common:
                continue
            weight = self._literal_word(literal.word, "")[1]
            word = literal.word
            for pair in (word,) if len(word) == 2 else (word[i : i + 2] for i in range(len(word) - 1)):
                vector[pair] = max(vector.get(pair, 0.0), weight)
        return vector

    def precedents(self, judgements: Iterable[Judgement]) -> Precedents:
        """The office's judgements ready for lookup against this catalog (fm_domain.matching.precedents)."""
        return Precedents(judgements, self.literal_vector, self._position_of)

    def candidates(
        self,
        text: str,
        department: str,
        top: int = 3,
        boost: Mapping[str, float] | None = None,
        prefer: tuple[frozenset[str], float] | None = None,
    ) -> Candidates:
        """The top matches and the best own active, own inactive and other-department duty for ``text``.

        ``boost`` adds to the scores of the duties it names (a precedent's duty, see ``review``).
        ``prefer`` is (duty ids, fit): the best of those duties that fits is the department's own duty
        even where another of its duties scores higher — a division's goal is checked against the duties
        of that division first.
        """
        scored = self._score(self._analyse(text), department)
        if boost:
            scored = self._boosted(scored, boost)
        scores = scored.scores
        order = _best_first(scores)
        departments, active = self._departments, self._duty_active
        own_active = own_inactive = other = None
        for position in order:
            if departments[position] == department:
                if active[position]:
                    own_active = position if own_active is None else own_active
                elif own_inactive is None:
                    own_inactive = position
            elif active[position] and other is None:
                other = position
            if own_active is not None and own_inactive is not None and other is not None:
                break
        if prefer is not None:
            preferred, fit = prefer
            position_of = self._position_of
            served = [
                position_of[duty_id]
                for duty_id in preferred
                if duty_id in position_of and active[position_of[duty_id]]
            ]
            best = max(served, key=lambda position: scores.get(position, 0.0), default=None)
            if best is not None and scores.get(best, 0.0) >= fit:
                own_active = best
        made: dict[int, Match] = {}

        def match(position: int | None) -> Match | None:
            if position is None:
                return None
            if position not in made:
                made[position] = self._match(position, scored)
            return made[position]

        def meets_the_work(position: int) -> bool:
            found = match(position)
            return found is not None and not found.qualifiers_only

        def fitting(position: int | None, alike: Callable[[int], bool]) -> int | None:
            """``position``, or when the item meets it only where its work happens (see
            Match.qualifiers_only) the next duty of the same kind that it meets on what the duty does."""
            if position is None or meets_the_work(position):
                return position
            after = order[order.index(position) + 1 :]
            return next((p for p in after if alike(p) and meets_the_work(p)), position)

        own_active = fitting(own_active, lambda p: departments[p] == department and active[p])
        own_inactive = fitting(own_inactive, lambda p: departments[p] == department and not active[p])
        other = fitting(other, lambda p: departments[p] != department and active[p])
        return Candidates(
            matches=tuple(match(p) for p in order[:top]),  # type: ignore[misc]
            own_active=match(own_active),
            own_inactive=match(own_inactive),
            other=match(other),
            common_share=scored.common_share,
            known_share=scored.known_share,
            subject_share=scored.subject_share,
        )

    def _score(self, analysis: Analysis, department: str | None) -> _Scored:
        """Each duty's score, and the credits of every duty the item meets as (weighted value, item term,
        duty term); a duty met only on a function has credits but no score.

        The score blends two layers: the concept layer (the thesaurus's reading of what the item is about)
        and the literal layer (how much of the item's own wording the duty repeats), weighted by
        ``literal_weight``. A duty that shares only functions with the item (规划, 监督检查 …) and none of its
        wording scores 0.
        """
        departments = self._departments
        view = self._view(department)
        information, unseen = self._information.get, self._unseen
        word_information, unknown_word = self._word_information.get, self._unknown_word
        word_credits = self._word_credits
        no_credits: dict[int, tuple[float, str]] = {}
        topical: dict[int, float] = {}
        refining: dict[int, float] = {}
        common_credit: dict[int, float] = {}  # what units of common work earned, for the specific score
        credits: dict[int, list[tuple[float, str, str]]] = {}
        count = self._count
        functions = self._functions
        denominator = common_weight = known_weight = subject_weight = 0.0
        known: dict[str, float] = {}  # surface of each unit read as a field's concept -> its weight
        setting_weight = self._setting_weight(analysis)
        for _, surface, word, concepts, common, setting in analysis.units:
            best: dict[int, tuple[float, str]]
            extra = no_credits
            if len(concepts) == 1:  # the usual concept unit: its view is read as it is
                name = concepts[0]
                importance = information(name, unseen)
                best, extra = view[name]
            elif concepts:
                importance = max(information(name, unseen) for name in concepts)
                views = [view[name] for name in concepts]
                best = _best_of(v.topical for v in views)
                extra = _best_of(v.refining for v in views)
            else:
                word = word or ""
                importance = word_information(word, unknown_word)
                best = word_credits.get(word, no_credits)
                if common and department is not None:  # common work counts on the own duties only
                    best = {
                        position: credit
                        for position, credit in best.items()
                        if departments[position] == department
                    }
            if setting:
                importance *= setting_weight
            denominator += importance
            if common:
                common_weight += importance
            elif concepts and not setting:
                known_weight += importance
                known[surface] = importance
                if not functions.issuperset(concepts):
                    subject_weight += importance
            if not extra:
                # Subject credits only (every word unit and most concepts): each counts as it is.
                for position, (value, term) in best.items():
                    weighted = value * importance
                    topical[position] = topical.get(position, 0.0) + weighted
                    if common:
                        common_credit[position] = common_credit.get(position, 0.0) + weighted
                    if position < count:  # evidence is the whole duty's
                        credits.setdefault(position, []).append((weighted, surface, term))
                continue
            # One credit per unit and duty: the better of subject and function, counted as subject when
            # the unit meets the duty on its subject at all.
            for position in best.keys() | extra.keys():
                value, term = max(best.get(position, (0.0, "")), extra.get(position, (0.0, "")))
                weighted = value * importance
                into = topical if position in best else refining
                into[position] = into.get(position, 0.0) + weighted
                if common and position in best:
                    common_credit[position] = common_credit.get(position, 0.0) + weighted
                if position < count:  # evidence is the whole duty's
                    credits.setdefault(position, []).append((weighted, surface, term))
        if denominator <= 0:
            return _Scored({}, {}, {}, {}, {}, 0.0, 0.0, {})
        concept = {
            position: (total + refining.get(position, 0.0)) / denominator
            for position, total in topical.items()
            if total > 0
        }
        if self._passages:
            concept = self._with_passages(concept)
        weight = self._literal_weight
        literal_specific: dict[int, float] = {}
        words: tuple[tuple[str, dict[int, float], float], ...] = ()
        if weight:
            literal, literal_specific, anchored, words = self._literal(analysis, department, setting_weight)
            scores = {
                position: (1 - weight) * concept.get(position, 0.0) + weight * literal.get(position, 0.0)
                for position in concept.keys() | anchored
            }
        else:
            scores = dict(concept)
        kind = analysis.work_type
        if kind is not None and self.scoring.work_type_weight:
            # The duty that does the item's kind of work (drafting, carrying out, enforcing …) is preferred
            # among those that fit it about equally; a mild factor, so the subject still decides.
            boost = 1 + self.scoring.work_type_weight
            documents = self._documents
            for position, score in scores.items():
                if documents[position].work_type is kind:
                    scores[position] = min(1.0, score * boost)
        common = {position: value / denominator for position, value in common_credit.items()}
        return _Scored(
            scores,
            credits,
            concept,
            common,
            literal_specific,
            common_weight / denominator,
            known_weight / denominator,
            {surface: weight / denominator for surface, weight in known.items()},
            words,
            subject_weight / denominator,
        )

    def _view(self, department: str | None) -> dict[str, _View]:
        """What each concept credits, as ``department`` sees it (see ``_views``), merged on first use."""
        view = self._views.get(department)
        if view is None:
            if department is not None and department not in self._catalog_departments:
                return self._field_view
            view = self._views[department] = {
                name: _View(_merged(credits, department), credits.refining)
                for name, credits in self._concept_credits.items()
            }
        return view

    def _specific(self, position: int, scored: _Scored) -> float:
        """A duty's score without what common work of every bureau earned (see Match.specific)."""
        weight = self._literal_weight
        concept = scored.concept.get(position, 0.0) - scored.common.get(position, 0.0)
        return (1 - weight) * concept + weight * scored.literal_specific.get(position, 0.0)

    def _literal(
        self, analysis: Analysis, department: str | None, setting_weight: float
    ) -> tuple[dict[int, float], dict[int, float], set[int], tuple[tuple[str, dict[int, float], float], ...]]:
        """The literal layer's score of each duty (0–1), whole and without common work's words; the
        duties it finds on its own (those repeating a word that is neither a setting nor common work: a
        shared 企业 or 学校 alone makes no match, as in the concept layer); and the words read, each with
        the duties holding it and its share of the item, for the evidence of the duties that are shown.

        Words weigh their information content, as the concept layer's units do (a word no duty holds
        weighs like an unknown word).
        """
        departments = self._departments
        scores: dict[int, float] = {}
        common_part: dict[int, float] = {}  # what common work's words earned (most items have none)
        anchored: set[int] = set()
        read: list[tuple[str, dict[int, float], float]] = []
        total = 0.0
        remembered = self._literal_words
        for word, _, common, setting, written in analysis.literal:
            found, importance = remembered.get((word, written)) or self._literal_word(word, written)
            if setting:
                importance *= setting_weight
            total += importance
            if not found:
                continue
            if common:
                own_only = department is not None
                for position, saturation in found.items():
                    if own_only and departments[position] != department:
                        continue  # common work counts on the plan's own duties only, as in the concept layer
                    value = saturation * importance
                    scores[position] = scores.get(position, 0.0) + value
                    common_part[position] = common_part.get(position, 0.0) + value
                if not own_only:
                    read.append((written or word, found, importance))
                continue
            get = scores.get
            for position, saturation in found.items():
                scores[position] = get(position, 0.0) + saturation * importance
            if not setting and (len(word) >= _ANCHOR_LENGTH or len(written) >= _ANCHOR_LENGTH):
                anchored.update(found)
            read.append((written or word, found, importance))
        if total <= 0:
            return {}, {}, set(), ()
        shares = tuple((word, found, importance / total) for word, found, importance in read)
        whole = {position: value / total for position, value in scores.items()}
        specific = (
            {position: (value - common_part.get(position, 0.0)) / total for position, value in scores.items()}
            if common_part
            else whole
        )
        return whole, specific, anchored, shares

    def _boosted(self, scored: _Scored, boost: Mapping[str, float]) -> _Scored:
        """Scores raised for the duties ``boost`` names; the raise counts as the duty's own subject."""
        scores, concept = dict(scored.scores), dict(scored.concept)
        share = 1 - self._literal_weight
        for duty_id, extra in boost.items():
            position = self._position_of.get(duty_id)
            if position is not None:
                scores[position] = min(1.0, scores.get(position, 0.0) + extra)
                concept[position] = concept.get(position, 0.0) + (extra / share if share else 0.0)
        return scored._replace(scores=scores, concept=concept)

    def _with_passages(self, scores: dict[int, float]) -> dict[int, float]:
        """Each duty's score blended with its best passage's: (1 − w)·duty + w·best passage.

        A duty that lists several fields (负责本市教育工作；管理学前、基础…教育；管理招生考试) gathers
        weak credit from each of them as a whole; the duty that performs the item names it in one sentence.
        The best passage says how well one sentence of the duty accounts for the item, the whole duty how
        well all of it does (passage retrieval's document score from its best passage, combined with the
        document's own as Callan 1994 found best). ``w`` is ``passage_weight``.
        """
        count = self._count
        owner = self._owner
        passage: dict[int, float] = {}
        for position, score in scores.items():
            if position >= count:
                duty = owner[position]
                if score > passage.get(duty, 0.0):
                    passage[duty] = score
        weight = self.scoring.passage_weight
        return {
            position: (1 - weight) * score + weight * passage.get(position, 0.0)
            for position, score in scores.items()
            if position < count
        }

    def _setting_weight(self, analysis: Analysis) -> float:
        """How much a setting (学校, 社区 …) weighs in this item: less when the item also says what is done.

        "学校（含幼儿园）生活垃圾分类" is 环卫 work that happens at schools; "新建幼儿园" is about the
        kindergartens themselves. What is done shows as a unit that is no setting and that the thesaurus or
        the catalog knows.
        """
        if not any(unit.setting for unit in analysis.units):
            return 1.0
        for unit in analysis.units:
            if not unit.setting and (unit.concepts or unit.word in self._word_postings):
                return self.scoring.setting_weight
        return 1.0

    def _match(self, position: int, scored: _Scored) -> Match:
        credits = scored.credits.get(position, ())
        # The item's terms the duty's concepts and words meet: the evidence names them, the rest of what
        # the thesaurus knows the item to be about is unexplained.
        met = [surface for _, surface, _ in credits]
        # Strongest credit first; ``reverse`` keeps equal credits in their order, as a stable sort does.
        ordered = sorted(
            [*credits, *self._literal_evidence(position, scored.literal, met)] if scored.literal else credits,
            key=_value,
            reverse=True,
        )
        labels = [surface if term == surface else f"{surface}→{term}" for _, surface, term in ordered]
        return Match(
            self._duty_ids[position],
            self._departments[position],
            round(scored.scores[position], 4),
            tuple(dict.fromkeys(labels)),
            self._duty_status[position],
            self._role(position, ordered),
            round(self._specific(position, scored), 4),
            round(sum(share for surface, share in scored.known.items() if surface not in met), 4),
            bool(ordered) and all(term in self._documents[position].qualifiers for _, _, term in ordered),
        )

    def _literal_evidence(
        self, position: int, words: tuple[tuple[str, dict[int, float], float], ...], named: list[str]
    ) -> list[tuple[float, str, str]]:
        """The words of the item the duty repeats, where they carry a share of the item worth naming and
        no concept already names them (教育 of a shown 教育事业发展规划 adds nothing)."""
        weight = self._literal_weight
        return [
            (saturation * share * weight, word, word)
            for word, found, share in words
            if (saturation := found.get(position, 0.0)) * share >= _LITERAL_EVIDENCE
            and not any(word in surface for surface in named)
        ]

    def _role(self, position: int, credits: list[tuple[float, str, str]]) -> Role:
        """The role of the clause that holds most of the matched terms."""
        clauses = self._documents[position].clauses
        if len(clauses) == 1:
            return clauses[0].role
        clause_of = self._clause_of[position]
        weights: dict[int, float] = {}
        for value, _, term in credits:
            clause = clause_of.get(term)
            if clause is None:
                clause = clause_of[term] = next((i for i, c in enumerate(clauses) if term in c.text), -1)
            if clause >= 0:
                weights[clause] = weights.get(clause, 0.0) + value
        if weights:
            return clauses[max(weights, key=lambda clause: (weights[clause], -clause))].role
        return Role.LEAD if any(clause.role is Role.LEAD for clause in clauses) else Role.ASSIST


def _merged(credits: _ConceptCredits, department: str | None) -> dict[int, tuple[float, str]]:
    """Field credits plus the common-work credits this point of view may count (all, when None)."""
    commons = list(credits.common.values()) if department is None else [credits.common.get(department, {})]
    if not any(commons):
        return credits.topical
    return _best_of([credits.topical, *commons])


def _best_of(maps: Iterable[dict[int, tuple[float, str]]]) -> dict[int, tuple[float, str]]:
    best: dict[int, tuple[float, str]] = {}
    for credits in maps:
        for position, credit in credits.items():
            current = best.get(position)
            if current is None or credit[0] > current[0]:
                best[position] = credit
    return best


class _Features(NamedTuple):
    """Texts read as one document (a duty with its division sentences)."""

    words: dict[str, float]  # word -> weighted term frequency
    mentions: dict[str, tuple[float, str]]  # concept -> (weighted frequency, the term naming it)
    length: float
    literal: tuple[tuple[str, float], ...]  # each text as the literal layer reads it, with its weight
    literal_length: float
    qualifiers: frozenset[str]  # terms that only qualify others (see Analysis.qualifiers)
    opening: DutyCategory | None  # the kind of work the first text's first work verb says


def _features(texts: list[tuple[str, float]], analyser: Analyser) -> _Features:
    """Weighted word frequencies, concept mentions and length of texts read as one document, the texts
    as the literal layer reads them (with their weights) and their number of words, and the terms that
    only qualify others in all of them. A concept is named in the evidence by its first term that says
    what the duty works on, if any does (商贸服务业 rather than the 流通 of 流通产业结构调整): a concept is
    a mere qualifier of the duty only when all its terms are."""
    words: dict[str, float] = {}
    qualifying: set[str] = set()
    heading: set[str] = set()
    mentions: dict[str, tuple[float, str]] = {}
    terms_of: dict[str, list[str]] = {}  # concept -> its terms in the texts, in order
    literal: list[tuple[str, float]] = []
    length = literal_length = 0.0
    opening = None
    for number, (text, weight) in enumerate(texts):
        analysis = analyser.analyse(text, document=True)
        if number == 0:
            opening = analysis.work_type
        length += weight * analysis.length
        for word, count in analysis.words.items():
            words[word] = words.get(word, 0.0) + weight * count
        for name, term in analysis.mentions:
            tf, first_term = mentions.get(name, (0.0, term))
            mentions[name] = (tf + weight, first_term)
            terms_of.setdefault(name, []).append(term)
            (qualifying if term in analysis.qualifiers else heading).add(term)
        literal.append(("|" + "|".join(analysis.pieces) + "|", weight))
        literal_length += weight * len(analysis.pieces)
    qualifiers = frozenset(qualifying - heading)
    if qualifiers:
        for name, (tf, first_term) in mentions.items():
            if first_term in qualifiers:
                named = next((term for term in terms_of[name] if term not in qualifiers), first_term)
                mentions[name] = (tf, named)
    return _Features(words, mentions, length, tuple(literal), literal_length, qualifiers, opening)


def _document(
    duty: Duty, texts: list[tuple[str, float]], analyser: Analyser, cues: Mapping[str, Role]
) -> _Document:
    read = _features(texts, analyser)  # the duty's own text first
    return _Document(
        duty=duty,
        clauses=split_clauses(normalise(duty.text), cues),
        words=read.words,
        mentions=read.mentions,
        length=read.length,
        work_type=analyser.work_types.of_duty(duty, read.opening),
        literal=read.literal,
        literal_length=read.literal_length,
        qualifiers=read.qualifiers,
    )


def _best_saturation(first: dict[int, float], second: dict[int, float]) -> dict[int, float]:
    if not second:
        return first
    merged = dict(first)
    for position, value in second.items():
        if value > merged.get(position, 0.0):
            merged[position] = value
    return merged


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused, then left as it was.

    A build (with the thesaurus and dictionary loads it may start) allocates some 290,000 small objects
    that live as long as the index and form no cycles. The collector, run every 700 allocations, walks
    them again and again for nothing to free: a 40-department catalog's build took 0.91 s with it running,
    0.81 s with it paused (the one young collection that follows included). A long-running process
    collects once after start-up and freezes what is left (bot/heap.py); a one-shot command exits first.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _best_first(scores: dict[int, float]) -> list[int]:
    """Positions by score, best first; equal scores in position order (two sorts in C, no key tuples)."""
    order = sorted(scores)
    order.sort(key=scores.__getitem__, reverse=True)
    return order
