"""The concept thesaurus: links the everyday vocabulary of work items to the field words duties use.

"高标准建成星级投放点" never says 环境卫生, yet that is the duty it performs. Each concept names a field word
(环境卫生), lists the words that signal it (星级投放点、垃圾分类、保洁…) and may name a broader concept
(环境卫生 → 城市管理). Matching walks that hierarchy, so an item about a narrow concept meets a duty that
names only its field, with less credit the further apart the two are.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from fm_domain.matching.lexicon import (
    Concept,
    LexiconError,
    data_files,
    data_text,
    parse_concepts,
    parse_stopwords,
    parse_synonyms,
)

THESAURUS_PREFIX = "thesaurus_"
SYNONYMS_PREFIX = "synonyms"  # synonyms.tsv and one synonyms_<field>.tsv per field
STOPWORDS_FILE = "stopwords.txt"
AGENCIES_FILE = "agencies.txt"
GOVERNMENTS_FILE = "governments.txt"
SETTINGS_FILE = "settings.txt"
INSTITUTIONS_FILE = "institutions.txt"


class TermHit(NamedTuple):
    """A thesaurus term found in a text: its span and the concepts it signals (none for a stop term).

    A tuple rather than a dataclass: a few are made for every item, and a frozen dataclass costs
    several times as much to make.
    """

    start: int
    end: int
    term: str
    concepts: tuple[str, ...]


# A NamedTuple's own constructor is a Python function; making the tuple directly costs half as much.
_make = tuple.__new__


@dataclass(frozen=True)
class Thesaurus:
    concepts: Mapping[str, Concept]
    synonyms: Mapping[str, str] = field(default_factory=dict)  # variant -> canonical word
    stopwords: frozenset[str] = frozenset()  # generic words that say nothing about a field
    stop_terms: frozenset[str] = frozenset()  # names of agencies: claim their span, signal nothing
    # names of governments and party bodies (市政府, 市委): no term is read inside them, in duties either
    governments: frozenset[str] = frozenset()
    settings: frozenset[str] = frozenset()  # where work happens or whom it serves (学校, 社区): weigh less
    # how names of institutions end (大学, 医院, 公司, 协会): a proper name is a setting too
    institution_suffixes: frozenset[str] = frozenset()
    # derived, filled by build()
    term_concepts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # concept -> ((itself, 0), (broader, 1), (broader's broader, 2) …): each ancestor at its shortest distance
    ancestors: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    # character trie of every term (every term has two characters at least): first two characters -> node;
    # a node is [concepts of the term ending there (None when no term ends there), next character -> node].
    # One lookup per character walked. It grows the branch of two first characters when a scan first
    # meets them (``_branch``): building all of it at start cost a quarter of a second, and a city's
    # catalog and items meet a small part of it.
    _trie: dict[str, list] = field(default_factory=dict)
    # the terms of the branches not grown yet, by first two characters: (term, the concepts it signals)
    _unbranched: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        concepts: Iterable[Concept],
        synonyms: Mapping[str, str] | None = None,
        stopwords: Iterable[str] = (),
        stop_terms: Iterable[str] = (),
        governments: Iterable[str] = (),
        settings: Iterable[str] = (),
        institution_suffixes: Iterable[str] = (),
    ) -> Thesaurus:
        """Check the hierarchy (known broader concepts, no cycles) and index every term for scanning."""
        by_name = merged(concepts)
        _check_hierarchy(by_name)
        ancestors = {name: ancestors_of(name, by_name) for name in by_name}
        synonyms = dict(synonyms or {})
        stop_words = frozenset(stopwords)
        government_names = frozenset(term for term in governments if len(term) >= 2)
        agencies = frozenset(term for term in stop_terms if len(term) >= 2) | government_names

        term_concepts: dict[str, list[str]] = {}
        for concept in by_name.values():
            for term in concept.terms:
                term_concepts.setdefault(term, []).append(concept.name)
        # A variant (低保) signals whatever its canonical word (最低生活保障) signals.
        for variant, canonical in synonyms.items():
            for name in term_concepts.get(canonical, ()):
                if name not in term_concepts.setdefault(variant, []):
                    term_concepts[variant].append(name)
        # Agency names claim their span and signal nothing, so that "联合市城管局" in an education plan
        # does not read as 城市管理 work: who takes part is not what the work is.
        for term in agencies:
            term_concepts.setdefault(term, [])

        signalled = {term: tuple(names) for term, names in term_concepts.items()}
        unbranched: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for term, names in signalled.items():
            unbranched.setdefault(term[:2], []).append((term, names))
        return cls(
            concepts=by_name,
            synonyms=synonyms,
            stopwords=stop_words,
            stop_terms=agencies,
            governments=government_names,
            settings=frozenset(word for word in settings if len(word) >= 2),
            institution_suffixes=frozenset(word for word in institution_suffixes if len(word) >= 2),
            term_concepts=signalled,
            ancestors=ancestors,
            _unbranched=unbranched,
        )

    def scan(
        self,
        text: str,
        starts: Iterable[int] | None = None,
        agencies: bool = True,
        no_ends: Container[int] = (),
        word_ends: Container[int] | None = None,
    ) -> list[TermHit]:
        """Thesaurus terms in ``text``: the longest at each position, dropping hits inside an earlier one.

        Overlapping hits are both kept (生活垃圾 + 垃圾分类), contained ones are not (综合执法 inside
        商务综合执法), so a more specific phrase decides what a span means. An agency name is read whole:
        nothing starts inside it (市教育局党委 is not 局党委). With ``starts`` (where the segmentation
        has words begin) a term must start a word: 施工 is not in 实施工作, nor 内外贸 in 国内外贸易.
        Without ``agencies`` an agency name is not read at all, so the terms inside it count (the
        城管执法 of 城管执法局). No term ends at a position of ``no_ends``: the inside of a word that is a
        term of its own (教育法 is not read in 教育|法规, which would cut the term 法规 in two). With
        ``word_ends`` a term that starts inside an earlier one where no word starts must end where a word
        ends: 垃圾分类 after 生活垃圾 is read, 传教 after 主题宣传 is not (it would cut 教育 in two).
        """
        hits: list[TermHit] = []
        reach = blocked = 0
        trie = self._trie
        unbranched = self._unbranched
        # Indexing a string makes a new string for every CJK character read; the list makes each once.
        chars = list(text)
        size = len(chars)
        # Only word starts are tried, and after each every position inside the terms read so far (a term
        # may start anywhere there: 生活垃圾 + 垃圾分类 overlap): most characters of an item are never looked
        # at. ``tried``: every position below it has been tried (or skipped as no start).
        tried = 0
        word_starts = None if starts is None else sorted(starts)
        # Where words start, when a term starting elsewhere (inside an earlier term) must end a word.
        starting = None if word_starts is None or word_ends is None else frozenset(word_starts)
        for word_start in range(size) if word_starts is None else word_starts:
            if word_start < tried:
                continue
            start = word_start
            while True:
                if (
                    start >= blocked
                    and start + 1 < size
                    and (
                        (node := trie.get(prefix := chars[start] + chars[start + 1])) is not None
                        or (prefix in unbranched and (node := self._branch(prefix)) is not None)
                    )
                ):
                    # The longest term from here, walking the trie.
                    end, longest, concepts = start + 2, 0, ()
                    ends = word_ends if starting is not None and start not in starting else None
                    while True:
                        signals, children = node
                        if (
                            signals is not None
                            and (agencies or signals)
                            and end not in no_ends
                            and (ends is None or end in ends)
                        ):
                            longest, concepts = end, signals
                        if end >= size:
                            break
                        node = children.get(chars[end])
                        if node is None:
                            break
                        end += 1
                    if longest > reach:
                        # A term overlapping the previous one counts only if it says something narrower
                        # or other (垃圾分类 after 生活垃圾), not merely something broader (教育工作 in
                        # 继续教育工作).
                        if not (start < reach and hits and self._subsumed(concepts, hits[-1].concepts)):
                            hits.append(_make(TermHit, (start, longest, text[start:longest], concepts)))
                        reach = longest
                        if not concepts:
                            blocked = longest
                start += 1
                if start >= reach:
                    break
            tried = start
        return hits

    def _branch(self, prefix: str) -> list:
        """The trie's branch of the terms starting with ``prefix`` (two characters), grown on first use. It is
        built whole before it is put in the trie, so a scan on another thread sees it whole or not at all."""
        terms = self._unbranched.get(prefix)
        if terms is None:  # grown meanwhile by another thread
            return self._trie[prefix]
        root: list = [None, {}]
        for term, names in terms:
            node = root
            for char in term[2:]:
                children = node[1]
                node = children.get(char)
                if node is None:
                    node = children[char] = [None, {}]
            node[0] = names
        self._trie[prefix] = root
        self._unbranched.pop(prefix, None)
        return root

    def _subsumed(self, concepts: tuple[str, ...], previous: tuple[str, ...]) -> bool:
        """Every one of ``concepts`` is one of ``previous`` or broader than one of them."""
        if not concepts or not previous:
            return False
        covered = {ancestor for name in previous for ancestor, _ in self.ancestors[name]}
        return all(name in covered for name in concepts)

    def canonical(self, word: str) -> str:
        return self.synonyms.get(word, word)

    def is_common(self, name: str) -> bool:
        return self.concepts[name].common

    def words(self) -> list[str]:
        """Every term, synonym, agency name, setting and stop word, for the segmenter's dictionary."""
        stop = {word for word in self.stopwords if len(word) >= 2}
        return sorted({*self.term_concepts, *self.synonyms.values(), *stop, *self.settings})


def merged(concepts: Iterable[Concept]) -> dict[str, Concept]:
    """The concepts by name, one entry for a concept written twice (say in two files)."""
    by_name: dict[str, Concept] = {}
    for concept in concepts:
        if concept.name in by_name:
            concept = _merge(by_name[concept.name], concept)
        by_name[concept.name] = concept
    return by_name


def _merge(first: Concept, second: Concept) -> Concept:
    """The same concept written twice (say in two files): one entry with both term lists."""
    if first.field != second.field:
        raise LexiconError(
            f"概念“{first.name}”重复且领域不一致（{first.field} / {second.field}）", "thesaurus", 0
        )
    return Concept(
        name=first.name,
        broader=tuple(dict.fromkeys([*first.broader, *second.broader])),
        field=first.field,
        terms=tuple(dict.fromkeys([*first.terms, *second.terms])),
        note=first.note or second.note,
    )


def _check_hierarchy(by_name: Mapping[str, Concept]) -> None:
    """Every broader concept exists and no concept is its own ancestor."""
    for concept in by_name.values():
        for broader in concept.broader:
            if broader not in by_name:
                raise LexiconError(f"概念“{concept.name}”的上位概念“{broader}”不存在", "thesaurus", 0)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise LexiconError(f"上位概念形成循环：{' → '.join([*path, name])}", "thesaurus", 0)
        state[name] = 1
        for broader in by_name[name].broader:
            visit(broader, [*path, name])
        state[name] = 2

    for name in by_name:
        visit(name, [])


def ancestors_of(name: str, by_name: Mapping[str, Concept]) -> tuple[tuple[str, int], ...]:
    """Breadth-first over broader links: each ancestor once, at its shortest distance."""
    found = {name: 0}
    frontier = [name]
    while frontier:
        following = []
        for current in frontier:
            for broader in by_name[current].broader:
                if broader not in found:
                    found[broader] = found[current] + 1
                    following.append(broader)
        frontier = following
    return tuple(found.items())


@cache
def bundled_thesaurus() -> Thesaurus:
    """The thesaurus shipped in ``fm_domain/matching/data/`` (read once, on first use)."""
    concepts: list[Concept] = []
    for name in data_files(THESAURUS_PREFIX, ".tsv"):
        concepts.extend(parse_concepts(data_text(name), name))
    return Thesaurus.build(
        concepts,
        synonyms=bundled_synonyms(),
        stopwords=parse_stopwords(data_text(STOPWORDS_FILE)),
        stop_terms=parse_stopwords(data_text(AGENCIES_FILE)),
        governments=parse_stopwords(data_text(GOVERNMENTS_FILE)),
        settings=parse_stopwords(data_text(SETTINGS_FILE)),
        institution_suffixes=parse_stopwords(data_text(INSTITUTIONS_FILE)),
    )


def bundled_synonyms() -> dict[str, str]:
    """Every ``synonyms*.tsv`` of the data folder as one map; a variant of two canonical words is refused."""
    variants: dict[str, str] = {}
    for name in data_files(SYNONYMS_PREFIX, ".tsv"):
        for variant, canonical in parse_synonyms(data_text(name), name).items():
            if variants.get(variant, canonical) != canonical:
                raise LexiconError(f"“{variant}”已是“{variants[variant]}”的同义词", name, 0)
            variants[variant] = canonical
    return variants
