"""Head words read off the thesaurus itself: the shorter form of a term that work items write bare.

Chinese names its things head last: 户外健身器材 and 老旧健身器材 are kinds of 健身器材, 农村公路危桥改造
is 危桥改造 on 农村公路. A field's writer lists the full phrases, and a plan then writes 健身器材 alone and
meets nothing. So the tail of a term, cut where jieba's own dictionary cuts it, becomes a term of the same
concept when it still says something of that field:

- it is three characters or longer, and both the word before the cut and the one after it are two or
  longer (a one-character word at a cut is usually half of a word jieba does not know: 两客|一危);
- it holds a word that the thesaurus uses in at most ``SPECIFIC_SPREAD`` fields (健身 does, 器材 alone
  does not), so generic tails (监督检查, 示范试点, 体系建设) stay out, and that runs through the concept:
  in two of its terms at least (健身 in 全民健身设施's), not in the one phrase alone (经济社会 of
  促进民族地区经济社会发展 says nothing of 民族 work);
- every concept it comes from is in one field: a tail two fields share (服务体系) says neither;
- it is not already a term, a variant, a stop word, an agency, a government or a setting: what a person
  wrote wins, and a stop word listed in ``stopwords.txt`` keeps a bad head out.

The heads are derived data, written to ``data/thesaurus_heads.tsv`` by ``python -m
fm_domain.matching.heads`` after the thesaurus changes (a test fails while the file is stale), so that a
start reads them like any other terms instead of segmenting 50,000 terms.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import jieba

from fm_domain.matching.lexicon import (
    FUNCTION_FIELD,
    TERM_SEPARATOR,
    Concept,
    data_files,
    data_text,
    parse_concepts,
    parse_stopwords,
)
from fm_domain.matching.thesaurus import (
    AGENCIES_FILE,
    GOVERNMENTS_FILE,
    SETTINGS_FILE,
    STOPWORDS_FILE,
    THESAURUS_PREFIX,
    ancestors_of,
    bundled_synonyms,
    merged,
)

HEADS_FILE = "thesaurus_heads.tsv"
MIN_HEAD = 3  # characters: a two-character tail is often another word (试验 in 试验区)
SPECIFIC_SPREAD = 2  # a word the terms of at most this many fields use says something of a field
# Words people wrote elsewhere: a head never overrides them.
_EXCLUDED_FILES = (STOPWORDS_FILE, AGENCIES_FILE, GOVERNMENTS_FILE, SETTINGS_FILE)

Segment = Callable[[str], list[str]]


def derive_heads(
    concepts: Iterable[Concept], segment: Segment, excluded: Iterable[str] = ()
) -> dict[str, tuple[str, ...]]:
    """Head word → the concepts whose terms end in it (see the module's rules), sorted by head."""
    concepts = list(concepts)
    field_of = {concept.name: concept.field for concept in concepts}
    taken = {term for concept in concepts for term in concept.terms} | set(excluded)
    words_of = {term: segment(term) for concept in concepts for term in concept.terms}
    spread: dict[str, set[str]] = defaultdict(set)
    for concept in concepts:
        for term in concept.terms:
            for word in words_of[term]:
                spread[word].add(concept.field)

    def specific(word: str) -> bool:
        return len(word) >= 2 and len(spread[word]) <= SPECIFIC_SPREAD

    found: dict[str, set[str]] = defaultdict(set)
    for concept in concepts:
        if concept.field == FUNCTION_FIELD:  # a kind of function has no subject to name a head of
            continue
        # The words that run through the concept: in two of its terms at least (its name is one).
        counts: dict[str, int] = defaultdict(int)
        for term in concept.terms:
            for word in set(words_of[term]):
                counts[word] += 1
        characteristic = {word for word, count in counts.items() if count >= 2}
        for term in concept.terms:
            words = words_of[term]
            cut = 0
            for i in range(1, len(words)):
                cut += len(words[i - 1])
                head = term[cut:]
                if len(words[i - 1]) < 2 or len(words[i]) < 2 or len(head) < MIN_HEAD or head in taken:
                    continue
                if any(specific(word) and word in characteristic for word in words[i:]):
                    found[head].add(concept.name)
    by_name = merged(concepts)
    above = {name: {a for a, steps in ancestors_of(name, by_name) if steps} for name in by_name}
    return {
        # A head of a concept and of a broader one belongs to the narrower only, as any term does.
        head: tuple(sorted(names - {ancestor for name in names for ancestor in above[name]}))
        for head, names in sorted(found.items())
        if len({field_of[name] for name in names}) == 1
    }


def render_heads(heads: Mapping[str, tuple[str, ...]], field_of: Mapping[str, str]) -> str:
    """The heads file: one line per concept, in the thesaurus's columns."""
    by_concept: dict[str, list[str]] = defaultdict(list)
    for head, names in heads.items():
        for name in names:
            by_concept[name].append(head)
    lines = [
        "# 中心词 — head words derived from the thesaurus itself (fm_domain/matching/heads.py). Do not edit:",
        "# run `python -m fm_domain.matching.heads` after changing a thesaurus file. To keep a head out,",
        "# list it in stopwords.txt. Columns as in thesaurus_city.tsv.",
    ]
    for name in sorted(by_concept):
        terms = TERM_SEPARATOR.join(sorted(by_concept[name]))
        lines.append(f"{name}\t-\t{field_of[name]}\t{terms}\t由词表推导的中心词")
    return "\n".join(lines) + "\n"


def bundled_heads_text() -> str:
    """What the heads file should hold for the bundled thesaurus, segmented by jieba's own dictionary."""
    concepts = [
        concept
        for name in data_files(THESAURUS_PREFIX, ".tsv")
        if name != HEADS_FILE
        for concept in parse_concepts(data_text(name), name)
    ]
    tokenizer = jieba.Tokenizer()
    excluded: set[str] = set()
    for name in _EXCLUDED_FILES:
        excluded |= parse_stopwords(data_text(name))
    synonyms = bundled_synonyms()
    excluded |= set(synonyms) | set(synonyms.values())
    heads = derive_heads(concepts, lambda term: tokenizer.lcut(term, HMM=False), excluded)
    return render_heads(heads, {concept.name: concept.field for concept in concepts})


def main() -> None:
    path = Path(__file__).parent / "data" / HEADS_FILE
    path.write_text(bundled_heads_text(), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
