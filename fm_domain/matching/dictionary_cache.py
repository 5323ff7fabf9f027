"""An on-disk copy of the segmenter's finished jieba dictionary (jieba's words plus ours), quick to load.

jieba's own cache is a marshal of ~580k entries that takes most of a second to read, and adding our words
one by one costs another tenth. Here the finished dictionary is stored grouped by each word's first
character: per group its words, one a line in UTF-8, and their frequencies as a packed int64 array. A start
reads the file and checks it whole, but turns a group into a dict only when a text first asks for a word
of it: a city's catalog meets under half the groups' entries, and building the dict of all 580k was the
largest part of an index's build. The file name carries a key of everything the dictionary is made from,
so a stale copy is never read. The cache is an optimisation only: any failure to read or write it is
logged and reported as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import struct
import sys
import tempfile
import zlib
from array import array
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path

import jieba

CACHE_DIR_VARIABLE = "FM_CACHE_DIR"
_FORMAT = 2  # part of the key: bump when the layout below changes
# Magic, total, number of groups, byte length of the body, CRC-32 of the body. The body: the groups' first
# characters (UTF-8), then per group (start, byte length) of its words' text and (start, count) of its
# frequencies as int64 arrays, then the words' text, then the frequencies.
_HEADER = struct.Struct("<8sqqqq")
_MAGIC = b"fmjieba2"
_NAME = "fmbot-jieba-{key}.dict"
_VALUE_SIZE = array("q").itemsize

log = logging.getLogger(__name__)

Words = Sequence[tuple[str, int | None]]


def load(words: Words) -> tuple[GroupedFrequencies, int] | None:
    """(frequencies, total) as jieba plus ``words`` would build them, or None when there is no usable copy."""
    path = None
    try:
        path = _path(words)
        return _decode(path.read_bytes())
    except FileNotFoundError as error:  # the first start with these words
        log.debug("no segmenter dictionary cache yet: %s", error)
    except (OSError, ValueError, struct.error) as error:  # unreadable or damaged: save() replaces it
        log.warning("segmenter dictionary cache %s not usable, building the dictionary: %s", path, error)
    return None


def save(words: Words, frequencies: Mapping[str, int], total: int) -> None:
    """Store the dictionary for the next process; on failure log why and carry on without a cache."""
    try:
        path = _path(words)
        data = _encode(frequencies, total)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside its final name and renamed over it, so a process starting meanwhile reads
        # either no cache or a whole one.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _remove_others(path)
    except (OSError, ValueError, TypeError, OverflowError) as error:
        log.warning("segmenter dictionary cache not written, the next start builds it again: %s", error)


def _remove_others(path: Path) -> None:
    """Caches made from other word lists: every edit of the data files would otherwise leave ~9 MB behind."""
    for other in path.parent.glob(_NAME.format(key="*")):
        if other != path:
            with contextlib.suppress(OSError):  # another process may be removing it too
                other.unlink()


def _path(words: Words) -> Path:
    directory = os.environ.get(CACHE_DIR_VARIABLE) or tempfile.gettempdir()
    return Path(directory) / _NAME.format(key=_key(words))


def _key(words: Words) -> str:
    """A digest of what the dictionary is made from: jieba's version and dictionary file, and our words."""
    dictionary = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    stat = dictionary.stat()
    source = [_FORMAT, sys.byteorder, jieba.__version__, str(dictionary), stat.st_size, stat.st_mtime_ns]
    text = json.dumps([source, list(words)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _encode(frequencies: Mapping[str, int], total: int) -> bytes:
    groups: dict[str, list[str]] = {}
    for word in frequencies:
        if not word or "\n" in word:
            raise ValueError(f"a dictionary word that cannot be stored: {word!r}")
        groups.setdefault(word[0], []).append(word)
    firsts = "".join(groups)
    texts = [("\n".join(group)).encode("utf-8") for group in groups.values()]
    layout, values = array("q"), array("q")
    text_start = 0
    for text, group in zip(texts, groups.values(), strict=True):
        layout.extend((text_start, len(text), len(values), len(group)))
        values.extend(frequencies[word] for word in group)
        text_start += len(text)
    keys = firsts.encode("utf-8")
    body = b"".join((struct.pack("<q", len(keys)), keys, layout.tobytes(), *texts, values.tobytes()))
    return _HEADER.pack(_MAGIC, total, len(groups), len(body), zlib.crc32(body)) + body


def _decode(data: bytes) -> tuple[GroupedFrequencies, int]:
    """The dictionary of a whole, undamaged file; ValueError (or struct.error) for anything else."""
    magic, total, count, body_size, checksum = _HEADER.unpack_from(data)
    body = memoryview(data)[_HEADER.size :]
    if magic != _MAGIC or len(body) != body_size or zlib.crc32(body) != checksum:
        raise ValueError("unexpected header, length or checksum")
    (keys_size,) = struct.unpack_from("<q", body)
    at = 8 + keys_size
    firsts = bytes(body[8:at]).decode("utf-8")
    layout = array("q")
    layout.frombytes(body[at : at + 4 * count * _VALUE_SIZE])
    at += 4 * count * _VALUE_SIZE
    if len(firsts) != count or len(set(firsts)) != count:
        raise ValueError("repeated or missing groups")
    text_size = sum(layout[4 * group + 1] for group in range(count))
    values = array("q")
    values.frombytes(body[at + text_size :])
    if len(values) != sum(layout[4 * group + 3] for group in range(count)):
        raise ValueError("frequencies missing or left over")
    return GroupedFrequencies(firsts, layout, body[at : at + text_size], values), total


class GroupedFrequencies(MutableMapping[str, int]):
    """jieba's word -> frequency dictionary (FREQ), each first character's words made a dict on first use.

    jieba's tokenizer reads FREQ with ``in``, ``[]`` and ``get``; these stay one dict lookup each after the
    first touch of a group. Writes (jieba's add_word) go to the group's dict like any other entry.
    """

    def __init__(self, firsts: str, layout: array, texts: memoryview, values: array) -> None:
        self._where = {first: 4 * group for group, first in enumerate(firsts)}
        self._layout, self._texts, self._values = layout, texts, values
        self._groups: dict[str, dict[str, int]] = {}

    def _group(self, word: str) -> dict[str, int]:
        first = word[0]
        group = self._groups.get(first)
        if group is None:
            group = self._groups[first] = self._read(first)
        return group

    def _read(self, first: str) -> dict[str, int]:
        where = self._where.get(first)
        if where is None:
            return {}
        text_start, text_size, value_start, count = self._layout[where : where + 4]
        words = bytes(self._texts[text_start : text_start + text_size]).decode("utf-8").split("\n")
        return dict(zip(words, self._values[value_start : value_start + count], strict=True))

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        return self._group(word).get(word, default) if word else default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(word) and word in self._group(word)

    def __getitem__(self, word: str) -> int:
        if not word:
            raise KeyError(word)
        return self._group(word)[word]

    def __setitem__(self, word: str, frequency: int) -> None:
        self._group(word)[word] = frequency

    def __delitem__(self, word: str) -> None:
        del self._group(word)[word]

    def __iter__(self) -> Iterator[str]:
        for first in list(self._where.keys() | self._groups.keys()):
            yield from list(self._group(first))

    def __len__(self) -> int:
        return sum(len(self._group(first)) for first in self._where.keys() | self._groups.keys())
