"""Text → the units matching works on: concepts found by the thesaurus, and the remaining content words.

A unit is one piece of what a text is about. "高标准建成第三批星级投放点" has one: the concept 垃圾分类
(signalled by 星级投放点); 高标准, 建成 are stop words and 第三批 carries a number. A unit is either a
concept mention (with every concept its term signals) or a content word that no thesaurus term covers.
"""

from __future__ import annotations

import re
import unicodedata
from operator import itemgetter
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


class Analysis(NamedTuple):
    """A text read for matching (a tuple rather than a frozen dataclass: one is made for every item)."""

    units: tuple[Unit, ...]  # distinct units, in text order
    words: dict[str, int]  # documents only: every canonical content word, also those inside concept terms
    mentions: tuple[tuple[str, str], ...]  # (concept, surface term) for each concept mention
    length: int  # number of content words: the document length for BM25
    work_type: DutyCategory | None = None  # the kind of work its first work verb says
    # The literal layer: the content words as written and as their canonical word (低保 and 最低生活保障),
    # with their count, whether the word is common work of every bureau, and whether it is a setting.
    literal: tuple[Literal, ...] = ()
    pieces: tuple[str, ...] = ()  # documents only: the words as the literal layer searches them
    # Documents only: the terms that only ever qualify another (城市道路 in 城市道路占道经营, 主次干道以外,
    # 市政公用等方面的处罚权; see Analyser._qualifier_spans): where the duty's work happens, not what it does.
    qualifiers: frozenset[str] = frozenset()


class Literal(NamedTuple):
    word: str  # canonical
    count: int
    common: bool
    setting: bool
    written: str  # as written, when that differs (an abbreviation: 低保 for 最低生活保障); else ""


class _Reading(NamedTuple):
    """What one word of the segmentation is, in an item or in a duty."""

    content: tuple[str, bool, bool] | None  # (canonical word, common work, setting); None: no content word
    seals: bool  # no term may end inside it (see ``Analyser._read``)
    literal: tuple[tuple[str, bool, bool, str], ...]  # items only: what the literal layer reads in it
    cue: DutyCategory | None  # the kind of work it says, when it is a work verb


_position = itemgetter(0)  # of a (start, unit) pair
# A NamedTuple's own constructor is a Python function; making the tuple directly costs half as much, and a
# unit or a literal word is made for nearly every word of every item.
_make = tuple.__new__
_CONTENT_CACHE_LIMIT = 100_000  # words remembered between texts (a few MB at most)
# Words of place or scope after a term make it say where the work happens or what it covers (主次干道以外
# 区域, 城市更新中的市容整治, 市政公用等方面的行政处罚权): a qualifier.
_LOCATIVES = (
    *("以外", "以内", "之外", "之内", "中的", "沿线", "周边", "两侧", "范围内"),
    *("等方面", "方面的", "等领域", "领域的", "等行业", "行业的"),  # the scope of what follows
)
_GAP = 2  # characters a qualifier may stand from the term it qualifies (城市道路违法占道经营)
_SEPARATORS = frozenset("和与及或、，,；;。等并")


def _qualifies(norm: str, end: int, heads: frozenset[int]) -> bool:
    """Whether the term ending at ``end`` qualifies a field term starting right after it or a word or two
    later (no separator between), or is followed by words of place or scope."""
    if norm.startswith(_LOCATIVES, end):
        return True
    for gap in range(_GAP + 1):
        if end + gap in heads:
            return not _SEPARATORS.intersection(norm[end : end + gap])
    return False


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
        common = frozenset(name for name, concept in thesaurus.concepts.items() if concept.common)
        self._common_terms = frozenset(
            term for term, names in thesaurus.term_concepts.items() if names and common.issuperset(names)
        )
        # Most items name no institution: one search spares them the word-by-word look.
        suffixes = sorted(thesaurus.institution_suffixes, key=len, reverse=True)
        self._institution_suffix = re.compile("|".join(map(re.escape, suffixes))) if suffixes else None
        # What each word of the segmentation is (see ``_Reading``), one table for items and one for
        # duties: remembered because the same few thousand words make up nearly every text and the checks
        # give the same answer, so analysing a text costs one lookup per word.
        self._readings: tuple[dict[str, _Reading], dict[str, _Reading]] = ({}, {})
        self._inner: dict[str, list[tuple[str, bool, bool, str]]] = {}  # compound -> its content parts

    def analyse(self, text: str, document: bool = False, work_type: bool = True) -> Analysis:
        """The units of ``text``; for a ``document`` (a duty) also every word and the length.

        Without ``work_type`` the kind of work is not read (the scorer skips an item's when it gives it
        no weight).
        """
        thesaurus = self.thesaurus
        common_terms = self._common_terms
        settings = thesaurus.settings
        norm = normalise(text)
        tokens = self.segmenter.words(norm)
        readings, starts, inside_terms = self._read(tokens, document)
        ends = {start + len(token) for start, token in tokens}
        # Terms are in the segmenter's dictionary, so a real mention starts a word of the segmentation.
        # In an item an agency name says who takes part ("联合市城管局"), not what the work is; in a duty
        # it names the agencies the duty works over or with ("督促各区城管执法局开展工作"): their field is
        # the duty's.
        hits = thesaurus.scan(
            norm, starts=starts, agencies=not document, no_ends=inside_terms, word_ends=ends
        )
        # In an item the proper name of an institution (香港科技大学, 南通市中医院) says where the work
        # happens, as a setting does: the 香港 in it is no 港澳台 exchange.
        suffix = self._institution_suffix
        in_name = (
            self._institution_names(tokens, len(norm))
            if not document and suffix is not None and suffix.search(norm)
            else None
        )

        found: list[tuple[int, Unit]] = []
        seen_terms: set[str] = set()
        mentions: list[tuple[str, str]] = []
        qualifiers = self._qualifier_spans(norm, hits) if document else frozenset()
        qualifying: set[str] = set()
        heading: set[str] = set()
        covered = bytearray(len(norm)) if hits else None  # characters inside a term read
        for start, end, term, concepts in hits:
            covered[start:end] = b"\x01" * (end - start)  # type: ignore[index]
            if not concepts:
                continue  # an agency name: claims its span, says nothing
            if document:
                mentions.extend((name, term) for name in concepts)
                (qualifying if (start, end) in qualifiers else heading).add(term)
            # One unit per distinct term: an item that says 党组, 党委 and 党组织 is mostly about party
            # organisation, and says so three times over.
            if term not in seen_terms:
                seen_terms.add(term)
                found.append(
                    (
                        start,
                        _make(
                            Unit,
                            (
                                "@" + term,
                                term,
                                None,
                                concepts,
                                term in common_terms,
                                term in settings or (in_name is not None and in_name[start] > 0),
                            ),
                        ),
                    )
                )

        seen: set[str] = set()
        words: dict[str, int] = {}
        # The literal layer's words: how often each is read, and its first reading (as Literal keeps it).
        literal_counts: dict[str, int] = {}
        literal_first: list[tuple[str, bool, bool, str]] = []
        length = 0
        for (start, token), reading in zip(tokens, readings, strict=True):
            content = reading.content
            if content is None:
                continue
            word, common, setting = content
            if document:
                words[word] = words.get(word, 0) + 1
                length += 1
            else:  # a duty's literal layer is its words in order (``pieces``)
                for entry in reading.literal:
                    key = entry[0]
                    if key in literal_counts:
                        literal_counts[key] += 1
                    else:
                        literal_counts[key] = 1
                        literal_first.append(entry)
            # A word inside a thesaurus term is part of that term's unit.
            if word in seen or (covered is not None and covered.find(1, start, start + len(token)) >= 0):
                continue
            seen.add(word)
            named = in_name is not None and in_name[start] > 0
            found.append((start, _make(Unit, (word, token, word, (), common, setting or named))))
        found.sort(key=_position)
        return Analysis(
            units=tuple([unit for _, unit in found]),
            words=words,
            mentions=tuple(mentions),
            length=length,
            work_type=(
                next((reading.cue for reading in readings if reading.cue is not None), None)
                if work_type
                else None
            ),
            literal=tuple(
                [
                    _make(Literal, (key, literal_counts[key], common, setting, written))
                    for key, common, setting, written in literal_first
                ]
            ),
            pieces=self._pieces(tokens) if document else (),
            qualifiers=frozenset(qualifying - heading),
        )

    def _qualifier_spans(
        self, norm: str, hits: list[tuple[int, int, str, tuple[str, ...]]]
    ) -> frozenset[tuple[int, int]]:
        """(start, end) of the terms of a duty that qualify another rather than say what the duty works on:
        one that a field term (not a function's, not an agency's name) follows right after it or a word
        later (城市道路占道经营, 城市道路违法占道经营), or that words of place or scope follow (主次干道以外,
        市政公用等方面的行政处罚权); and the terms listed before such a one (园林绿化、市政公用等方面)."""
        concepts = self.thesaurus.concepts
        heads = frozenset(
            start
            for start, _, _, names in hits
            if names and not all(concepts[name].function for name in names)
        )
        spans: set[tuple[int, int]] = set()
        listed_from: set[int] = set()  # starts of qualifying terms, for the terms listed before them
        for start, end, _, names in reversed(hits):
            if not names:
                continue
            if _qualifies(norm, end, heads) or (norm.startswith("、", end) and end + 1 in listed_from):
                spans.add((start, end))
                listed_from.add(start)
        return frozenset(spans)

    def _read(
        self, tokens: list[tuple[int, str]], document: bool
    ) -> tuple[list[_Reading], list[int], set[int]]:
        """The reading of each word of ``tokens`` (from the table, or made once), where each word starts, and
        the positions inside the words that are terms signalling concepts (法规), where no other term may
        end: a term read across such a word's start (教育法 in 教育法规) would cut it in two. The same holds
        inside the name of a government or party body (市政 is not read in 市政府) and inside a word that
        names an institution, in an item (中医 is not read in 中医院; a duty's 香港中文大学 is read for 香港,
        as its institution names are read for their terms). An agency name does not count: its inside
        terms are read on purpose (城管执法 in 城管执法局)."""
        known = self._readings[document]
        if len(known) > _CONTENT_CACHE_LIMIT:
            known.clear()
        readings = []
        starts = []
        inside_terms: set[int] = set()
        for start, token in tokens:
            reading = known.get(token)
            if reading is None:
                reading = known[token] = self._reading(token, document)
            readings.append(reading)
            starts.append(start)
            if reading.seals:
                inside_terms.update(range(start + 1, start + len(token)))
        return readings, starts, inside_terms

    def _reading(self, token: str, document: bool) -> _Reading:
        content = self._content(token)
        entries: tuple[tuple[str, bool, bool, str], ...] = ()
        if content is not None and not document:
            entries = tuple(self._literal_entries(token, *content))
        return _Reading(content, self._seals(token, document), entries, self.work_types.of_word(token))

    def _seals(self, token: str, document: bool) -> bool:
        """Whether no term may end inside ``token`` (see ``_read``)."""
        thesaurus = self.thesaurus
        return len(token) > 1 and bool(
            thesaurus.term_concepts.get(token)
            or token in thesaurus.governments
            or (not document and self._names_institution(token))
        )

    def _names_institution(self, token: str) -> bool:
        """A word that is an institution's name ending (中医院, 师范大学): no term ends inside it, so
        中医院 is read as a hospital, not as 中医 work."""
        return len(token) > 2 and self._ends_as_institution(token)

    def _ends_as_institution(self, token: str) -> bool:
        suffixes = self.thesaurus.institution_suffixes
        return token[-2:] in suffixes or token[-3:] in suffixes

    def _pieces(self, tokens: list[tuple[int, str]]) -> tuple[str, ...]:
        """A duty's words in order, each as written and, for an abbreviation, as its canonical word too; the
        names of governments left out (市政府 says nothing)."""
        thesaurus = self.thesaurus
        pieces = []
        for _, token in tokens:
            if token in thesaurus.governments or not token.isalnum():
                continue
            pieces.append(token)
            canonical = thesaurus.synonyms.get(token)
            if canonical:
                pieces.append(canonical)
        return tuple(pieces)

    def _of_stop_words(self, token: str) -> bool:
        """A word jieba keeps whole that is two stop words (积极开展, 管理工作) is a stop word too; a term of
        the thesaurus never is (its own concept says what it means)."""
        stopwords = self.thesaurus.stopwords
        if len(token) < 4 or token in self.thesaurus.term_concepts:
            return False
        return any(token[:cut] in stopwords and token[cut:] in stopwords for cut in range(2, len(token) - 1))

    def _literal_entries(
        self, token: str, word: str, common: bool, setting: bool
    ) -> list[tuple[str, bool, bool, str]]:
        """What the literal layer reads in one word of an item: the word (as its canonical word, and as
        written when that differs) and, for a compound, its parts (低保对象: 低保 = 最低生活保障, 对象), as a
        search engine reads it, since a duty may write the parts apart. An agency's name says who takes
        part, not what is done: nothing."""
        if token in self.thesaurus.stop_terms:
            return []
        entries = [(word, common, setting, token if token != word else "")]
        if len(token) > 3:
            entries += [
                (part, common or part_common, setting or part_setting, written)
                for part, part_common, part_setting, written in self._parts(token)
            ]
        return entries

    def _parts(self, token: str) -> list[tuple[str, bool, bool, str]]:
        """The content words inside a compound, as (canonical word, common, setting, as written)."""
        parts = self._inner.get(token)
        if parts is None:
            parts = []
            for part in self.segmenter.inner_words(token):
                content = self._content(part)
                if content is not None:
                    word, common, setting = content
                    parts.append((word, common, setting, part if part != word else ""))
            if len(self._inner) > _CONTENT_CACHE_LIMIT:
                self._inner.clear()
            self._inner[token] = parts
        return parts

    def _content(self, token: str) -> tuple[str, bool, bool] | None:
        """(canonical word, common work, setting) for a content word; None for a one-character word, a
        stop word or one that is not letters (a number, a Latin abbreviation is letters)."""
        thesaurus = self.thesaurus
        if len(token) < 2 or token in thesaurus.stopwords or not token.isalpha():
            return None
        if self._of_stop_words(token):
            return None
        word = thesaurus.synonyms.get(token, token)
        settings = thesaurus.settings
        return word, word in self._common_terms, token in settings or word in settings

    def _institution_names(self, tokens: list[tuple[int, str]], size: int) -> bytearray:
        """Marks the characters of proper names of institutions (香港科技大学, 南通市中医院, 某某商会).

        A name is a word ending in an institution suffix (institutions.txt) with the word right before it
        unless that is a punctuation mark, a one-character word, a stop word, an agency name or a work verb
        (jieba keeps well-known names whole: 香港科技大学, 北京大学附属中学). A bare
        suffix (学校) is a setting word or nothing; a name made only of thesaurus terms and settings
        (法律援助中心, 社区养老服务中心) is a kind of institution named for its field, and is left alone.
        """
        marks = bytearray(size)
        suffixes = self.thesaurus.institution_suffixes
        for position, (start, token) in enumerate(tokens):
            if not self._ends_as_institution(token):
                continue
            # One word before the suffix's word: 南通市 + 中医院, 广州市 + 商会. Reaching further would take
            # in the verb that governs the name (创建 … 示范学校), which no word list tells from a name.
            first = position
            if position > 0:
                before_start, before = tokens[position - 1]
                if before_start + len(before) == start and self._name_part(before):
                    first = position - 1
            parts = [word for _, word in tokens[first : position + 1]]
            if len(parts) == 1 and token in suffixes:
                continue
            if all(self._known(word) or word in suffixes for word in parts):
                continue
            name_start = tokens[first][0]
            marks[name_start : start + len(token)] = b"\x01" * (start + len(token) - name_start)
        return marks

    def _name_part(self, word: str) -> bool:
        """Whether ``word`` may stand inside an institution's name (not a particle, verb or agency)."""
        thesaurus = self.thesaurus
        return (
            len(word) >= 2
            and word.isalpha()
            and word not in thesaurus.stopwords
            and word not in thesaurus.stop_terms
            and word not in self.work_types
        )

    def _known(self, word: str) -> bool:
        """A thesaurus term or a setting: a word that says what field or kind of place it is."""
        thesaurus = self.thesaurus
        canonical = thesaurus.synonyms.get(word, word)
        return bool(thesaurus.term_concepts.get(canonical)) or canonical in thesaurus.settings
