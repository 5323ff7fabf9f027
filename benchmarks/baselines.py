"""Plain baselines, judged by the same review rules: character overlap, TF-IDF and BM25 over jieba words.

None knows the domain dictionary, the thesaurus or common work; they show what the matcher adds.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

import jieba

from fm_domain.matching.index import Candidates, Match
from fm_domain.models import Catalog, Duty


def _content_chars(text: str) -> set[str]:
    return {ch for ch in unicodedata.normalize("NFKC", text) if ch.isalpha()}


class _Baseline:
    """Scores every duty with ``score(text, duty_index)`` and packs the result like the real index."""

    name = ""

    def __init__(self, catalog: Catalog) -> None:
        self.duties: list[Duty] = list(catalog.all_duties())

    def scores(self, text: str) -> list[float]:
        raise NotImplementedError

    def candidates(self, text: str, department: str, top: int = 3) -> Candidates:
        scores = self.scores(text)
        order = sorted((p for p, s in enumerate(scores) if s > 0), key=lambda p: (-scores[p], p))

        def match(position: int) -> Match:
            duty = self.duties[position]
            return Match(duty.id, duty.department, round(scores[position], 4), (), duty.status)

        def first(keep: Callable[[Duty], bool]) -> Match | None:
            return next((match(p) for p in order if keep(self.duties[p])), None)

        return Candidates(
            matches=tuple(match(p) for p in order[:top]),
            own_active=first(lambda d: d.department == department and d.active),
            own_inactive=first(lambda d: d.department == department and not d.active),
            other=first(lambda d: d.department != department and d.active),
        )


class CharOverlap(_Baseline):
    """Share of the item's distinct characters that occur in the duty text."""

    name = "字符重合 char overlap"

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self._chars = [_content_chars(duty.text) for duty in self.duties]

    def scores(self, text: str) -> list[float]:
        chars = _content_chars(text)
        if not chars:
            return [0.0] * len(self.duties)
        return [len(chars & duty) / len(chars) for duty in self._chars]


def _words(text: str) -> list[str]:
    """jieba's default segmentation (no domain dictionary), content words only."""
    return [w for w in jieba.lcut(unicodedata.normalize("NFKC", text)) if any(ch.isalnum() for ch in w)]


class Tfidf(_Baseline):
    """Cosine of TF-IDF vectors over jieba's default segmentation (no domain dictionary)."""

    name = "TF-IDF (jieba)"

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        documents = [_words(duty.text) for duty in self.duties]
        count = len(documents)
        frequency = Counter(word for words in documents for word in set(words))
        self._idf = {word: math.log((1 + count) / (1 + df)) + 1 for word, df in frequency.items()}
        self._vectors = [self._vector(words) for words in documents]

    def _vector(self, words: Iterable[str]) -> dict[str, float]:
        counts = Counter(words)
        vector = {word: tf * self._idf.get(word, 0.0) for word, tf in counts.items()}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        return {word: value / norm for word, value in vector.items() if value}

    def scores(self, text: str) -> list[float]:
        query = self._vector(_words(text))
        return [sum(value * duty.get(word, 0.0) for word, value in query.items()) for duty in self._vectors]


class Bm25(_Baseline):
    """Plain BM25 (k1 1.2, b 0.75, Lucene's idf) of the item's jieba words against each duty text.

    The score is divided by the most the item's words could earn — each word's idf × (k1 + 1), words no
    duty uses included — so it reads like the matcher's: the share of the item a duty accounts for, 0–1,
    and the same threshold grids apply.
    """

    name = "BM25 (jieba)"
    k1 = 1.2
    b = 0.75

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        documents = [Counter(_words(duty.text)) for duty in self.duties]
        self._count = len(documents)
        self._frequency = Counter(word for words in documents for word in words)  # each duty counts once
        lengths = [sum(words.values()) for words in documents]
        average = sum(lengths) / len(lengths) if lengths else 1.0
        # Per duty, each word's saturated term frequency: tf·(k1+1) / (tf + k1·(1 − b + b·length/average)).
        self._saturated = [
            {
                word: tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * length / (average or 1.0)))
                for word, tf in words.items()
            }
            for words, length in zip(documents, lengths, strict=True)
        ]

    def _idf(self, word: str) -> float:
        frequency = self._frequency.get(word, 0)
        return math.log(1 + (self._count - frequency + 0.5) / (frequency + 0.5))

    def scores(self, text: str) -> list[float]:
        query = set(_words(text))
        weights = {word: self._idf(word) for word in query}
        most = sum(weights.values()) * (self.k1 + 1)
        if not most:
            return [0.0] * len(self.duties)
        return [
            sum(weight * duty.get(word, 0.0) for word, weight in weights.items()) / most
            for duty in self._saturated
        ]
