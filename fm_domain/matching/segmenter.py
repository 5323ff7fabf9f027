"""Word segmentation: a private jieba tokenizer that knows government vocabulary.

jieba's global tokenizer is left untouched (other code may use it); ours is created on first use, not at
import, and shared afterwards because loading jieba's dictionary is the slowest step of building an index
(dictionary_cache keeps the finished dictionary, jieba's words and ours, in a form that loads in a fraction
of a second).
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Iterable

import jieba
import jieba.finalseg

from fm_domain.matching import dictionary_cache
from fm_domain.matching.lexicon import data_text, parse_dictionary
from fm_domain.matching.thesaurus import bundled_thesaurus

DICTIONARY_FILE = "dictionary.txt"
_FRAGMENT_CACHE_LIMIT = 200_000  # fragments remembered between texts (a few MB at most)
# A fragment no dictionary word starts with: a node with no children to walk on to.
_ABSENT: tuple[float | None, dict | None] = (None, None)
# Runs of Chinese characters (cut with jieba's dictionary), of Latin letters ("oa") and of digits ("12345").
_RUNS = re.compile(r"[\u4e00-\u9fff]+|[a-z]+|[0-9]+")


class Segmenter:
    """Cuts text into words with jieba's dictionary plus the domain words given."""

    def __init__(self, words: Iterable[tuple[str, int | None]]) -> None:
        self._words = list(words)
        self._tokenizer: jieba.Tokenizer | None = None
        self._lock = threading.Lock()
        # The dictionary fragments seen so far, as a character trie filled on first use: a node is
        # (the fragment's log-probability, or None when it is only a prefix of dictionary words; its
        # children by next character), or _ABSENT. Walking it costs one lookup per character, where
        # looking each fragment up would first cut it out of the text.
        self._fragments: dict[str, tuple[float | None, dict | None]] = {}
        self._fragment_count = 0
        self._log_total = 0.0

    def cut(self, text: str) -> list[str]:
        """Words of ``text`` in order; they concatenate back to ``text``.

        HMM new-word guessing is off: with the domain dictionary it mostly glues unrelated characters
        together, and an unknown span cut into single characters is simply not used as evidence.
        """
        return self._ready().lcut(text, HMM=False)

    def words(self, text: str, offset: int = 0) -> list[tuple[int, str]]:
        """(start, word) for the words of ``text``: Chinese words, Latin words, numbers; no punctuation.

        Each run of Chinese characters is cut exactly as jieba cuts it with HMM off (its dictionary's DAG
        and the most probable route), computed here in one pass with the log-probabilities kept, which
        spares jieba's per-call overhead on the many short stretches of an item.
        """
        tokenizer = self._ready()
        found: list[tuple[int, str]] = []
        add = found.append
        for run in _RUNS.finditer(text):
            start, piece = run.start() + offset, run.group()
            if piece.isascii() or len(piece) == 1:
                add((start, piece))
                continue
            ends = self._route(piece, tokenizer)
            position, size = 0, len(piece)
            while position < size:
                end = ends[position] + 1
                add((start + position, piece[position:end]))
                position = end
        return found

    def inner_words(self, word: str) -> list[str]:
        """The dictionary words of two or three characters inside a longer word, as jieba's search mode
        finds them (低保对象 → 低保, 对象): what the literal layer reads a compound by."""
        frequencies = self._ready().FREQ
        found = []
        for size in (2, 3):
            if size >= len(word):
                break
            for start in range(len(word) - size + 1):
                part = word[start : start + size]
                if frequencies.get(part):
                    found.append(part)
        return found

    def _route(self, piece: str, tokenizer: jieba.Tokenizer) -> list[int]:
        """For each position, where the most probable word starting there ends (jieba's ``calc``)."""
        if self._fragment_count > _FRAGMENT_CACHE_LIMIT:
            self._fragments, self._fragment_count = {}, 0
        root = self._fragments
        frequencies = tokenizer.FREQ
        log_total = self._log_total
        floor = -log_total  # a character the dictionary lacks counts as frequency 1
        size = len(piece)
        # Indexing a string makes a new string for every CJK character read; the list makes each once.
        chars = list(piece)
        score = [0.0] * (size + 1)
        ends = [0] * size
        for start in range(size - 1, -1, -1):
            best, best_end = None, start
            children = root
            end = start
            while end < size:
                char = chars[end]
                node = children.get(char)
                if node is None:  # first time this fragment is met: ask the dictionary
                    frequency = frequencies.get(piece[start : end + 1])
                    if frequency is None:
                        node = _ABSENT
                    else:
                        node = (math.log(frequency) - log_total if frequency else None, {})
                    children[char] = node
                    self._fragment_count += 1
                weight, children = node  # type: ignore[assignment]
                if children is None:
                    break  # no dictionary word starts with this fragment
                if weight is not None:
                    candidate = weight + score[end + 1]
                    if best is None or candidate >= best:  # ties go to the longer word, as in jieba
                        best, best_end = candidate, end
                end += 1
            # No dictionary word starts here: the character alone, at the floor.
            score[start] = floor + score[start + 1] if best is None else best
            ends[start] = best_end
        return ends

    def _ready(self) -> jieba.Tokenizer:
        tokenizer = self._tokenizer
        if tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = self._load()
                tokenizer = self._tokenizer
        return tokenizer

    def _load(self) -> jieba.Tokenizer:
        tokenizer = jieba.Tokenizer()
        cached = dictionary_cache.load(self._words)
        if cached is None:
            self._build(tokenizer)
            dictionary_cache.save(self._words, tokenizer.FREQ, tokenizer.total)
        else:
            tokenizer.FREQ, tokenizer.total = cached
            tokenizer.initialized = True  # or jieba would load its own dictionary over ours on first cut
            # add_word also tells jieba's HMM (process-wide) never to emit a zero-frequency word.
            for word, frequency in self._words:
                if frequency is not None and int(frequency) == 0:
                    jieba.finalseg.add_force_split(word)
        self._log_total = math.log(tokenizer.total)
        return tokenizer

    def _build(self, tokenizer: jieba.Tokenizer) -> None:
        """jieba's dictionary, then our words: the slow way, taken when there is no usable cache."""
        jieba_log = logging.getLogger("jieba")
        level = jieba_log.level
        jieba_log.setLevel(logging.WARNING)  # jieba announces every dictionary load on stderr
        try:
            tokenizer.initialize()
        finally:
            jieba_log.setLevel(level)
        for word, frequency in self._words:
            tokenizer.add_word(word, frequency)


_shared: Segmenter | None = None
_shared_lock = threading.Lock()


def shared_segmenter() -> Segmenter:
    """One segmenter for the process, with the bundled dictionary and thesaurus words (loaded lazily)."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                words = parse_dictionary(data_text(DICTIONARY_FILE), DICTIONARY_FILE)
                known = {word for word, _ in words}
                words += [(term, None) for term in bundled_thesaurus().words() if term not in known]
                _shared = Segmenter(words)
    return _shared
