"""The segmenter's dictionary cache: a second start loads it; a stale, damaged or unwritable one is not used.

Each test gets its own cache directory through FM_CACHE_DIR. "As before" means as a segmenter cuts that
builds its dictionary itself (jieba's dictionary, then our words with add_word), which is what it did
before there was a cache.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import jieba
import pytest

from fm_domain.matching import dictionary_cache
from fm_domain.matching.segmenter import Segmenter

Words = list[tuple[str, int | None]]
Segmentation = list[tuple[list[str], list[tuple[int, str]]]]

WORDS: Words = [("星级投放点", None), ("垃圾分类", 20000), ("城管执法", None)]
TEXTS = [
    "高标准建成星级投放点，推进生活垃圾分类",
    "负责城管执法队伍建设和城市综合管理工作",
    "组织实施 12345 热线 oa 系统的考核",
]


def segmentation(segmenter: Segmenter) -> Segmentation:
    return [(segmenter.cut(text), list(segmenter.words(text))) for text in TEXTS]


@pytest.fixture(scope="module")
def as_before(tmp_path_factory: pytest.TempPathFactory) -> Segmentation:
    """How a segmenter with WORDS cuts TEXTS when no cache exists yet."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(dictionary_cache.CACHE_DIR_VARIABLE, str(tmp_path_factory.mktemp("empty-cache")))
        return segmentation(Segmenter(WORDS))


@pytest.fixture(scope="module")
def jieba_dictionary() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@pytest.fixture
def dictionary_of(jieba_dictionary: jieba.Tokenizer) -> Callable[[Words], jieba.Tokenizer]:
    """A tokenizer with jieba's dictionary plus the words given, made the way jieba makes it."""

    def make(words: Words) -> jieba.Tokenizer:
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = dict(jieba_dictionary.FREQ), jieba_dictionary.total
        tokenizer.initialized = True
        for word, frequency in words:
            tokenizer.add_word(word, frequency)
        return tokenizer

    return make


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(dictionary_cache.CACHE_DIR_VARIABLE, str(directory))
    return directory


@pytest.fixture
def cached_words(cache_dir: Path, dictionary_of: Callable[[Words], jieba.Tokenizer]) -> Path:
    """A cache for WORDS as an earlier process left it; its path."""
    tokenizer = dictionary_of(WORDS)
    dictionary_cache.save(WORDS, tokenizer.FREQ, tokenizer.total)
    [path] = cache_dir.iterdir()
    return path


@pytest.fixture(autouse=True)
def jieba_loads(jieba_dictionary: jieba.Tokenizer, monkeypatch: pytest.MonkeyPatch) -> list[jieba.Tokenizer]:
    """Every tokenizer that loads jieba's dictionary, i.e. that does not use our cache.

    The load is a copy of the one loaded for the module: the same dictionary, without a second's wait in
    every test (as_before is computed with jieba's real load, so a difference would show).
    """
    loads: list[jieba.Tokenizer] = []

    def copy(tokenizer: jieba.Tokenizer, dictionary: str | None = None) -> None:
        loads.append(tokenizer)
        tokenizer.FREQ, tokenizer.total = dict(jieba_dictionary.FREQ), jieba_dictionary.total
        tokenizer.initialized = True

    monkeypatch.setattr(jieba.Tokenizer, "initialize", copy)
    return loads


def test_a_second_segmenter_loads_the_cache_and_segments_as_before(
    cache_dir: Path, as_before: Segmentation, jieba_loads: list[jieba.Tokenizer]
) -> None:
    Segmenter(WORDS).cut("")  # builds the dictionary and writes the cache
    second = Segmenter(WORDS)
    assert segmentation(second) == as_before
    assert len(jieba_loads) == 1  # the first segmenter's: the second neither built nor reloaded


@pytest.mark.parametrize(
    "changed",
    [[*WORDS, ("推进生活", None)], [("星级投放点", 1), *WORDS[1:]]],
    ids=["word added", "frequency changed"],
)
def test_a_changed_word_list_does_not_use_the_old_cache(
    cached_words: Path,
    changed: Words,
    dictionary_of: Callable[[Words], jieba.Tokenizer],
    jieba_loads: list[jieba.Tokenizer],
) -> None:
    segmenter = Segmenter(changed)
    expected = dictionary_of(changed)
    assert [segmenter.cut(text) for text in TEXTS] == [expected.lcut(text, HMM=False) for text in TEXTS]
    assert len(jieba_loads) == 1  # the segmenter built its own dictionary


def test_a_new_cache_removes_the_caches_of_other_word_lists(cached_words: Path, cache_dir: Path) -> None:
    Segmenter([*WORDS, ("推进生活", None)]).cut("")
    [path] = cache_dir.iterdir()
    assert path != cached_words


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-8],  # the last frequency cut off
        lambda data: b"",
        lambda data: b"not a dictionary" + data[16:],
    ],
    ids=["truncated", "empty", "overwritten"],
)
def test_a_damaged_cache_is_ignored(
    cached_words: Path, damage: Callable[[bytes], bytes], as_before: Segmentation
) -> None:
    cached_words.write_bytes(damage(cached_words.read_bytes()))
    assert segmentation(Segmenter(WORDS)) == as_before


def test_the_cached_dictionary_holds_every_word_and_frequency_of_the_built_one(
    cached_words: Path, dictionary_of: Callable[[Words], jieba.Tokenizer]
) -> None:
    built = dictionary_of(WORDS).FREQ
    loaded = dictionary_cache.load(WORDS)
    assert loaded is not None
    frequencies, _ = loaded
    assert len(frequencies) == len(built)
    assert dict(frequencies) == built
    assert "星级投放点" in frequencies and frequencies.get("星级投放") == 0  # a word and a prefix of it
    assert "不是词典里的词" not in frequencies and frequencies.get("") is None


def test_a_bit_flipped_anywhere_is_caught_when_the_cache_is_read(cached_words: Path) -> None:
    # Groups are read only when a text first needs them, so damage must be caught up front, not halfway
    # through segmenting someone's plan.
    data = bytearray(cached_words.read_bytes())
    for position in (len(data) // 3, len(data) // 2, len(data) - 3):
        damaged = data.copy()
        damaged[position] ^= 1
        cached_words.write_bytes(bytes(damaged))
        assert dictionary_cache.load(WORDS) is None


def test_a_damaged_cache_is_replaced_by_a_good_one(
    cached_words: Path, jieba_loads: list[jieba.Tokenizer]
) -> None:
    cached_words.write_bytes(cached_words.read_bytes()[:-8])
    Segmenter(WORDS).cut("")
    Segmenter(WORDS).cut("")
    assert len(jieba_loads) == 1


def test_an_unwritable_cache_directory_still_segments_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_before: Segmentation
) -> None:
    (tmp_path / "file").write_text("a file where the cache directory should be")
    monkeypatch.setenv(dictionary_cache.CACHE_DIR_VARIABLE, str(tmp_path / "file" / "cache"))
    assert segmentation(Segmenter(WORDS)) == as_before


def test_a_cache_that_cannot_be_written_is_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "file").write_text("a file where the cache directory should be")
    monkeypatch.setenv(dictionary_cache.CACHE_DIR_VARIABLE, str(tmp_path / "file" / "cache"))
    with caplog.at_level(logging.WARNING, logger=dictionary_cache.__name__):
        dictionary_cache.save(WORDS, {"星级投放点": 1}, 1)
    assert "not written" in caplog.text
