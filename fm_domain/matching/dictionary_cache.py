"""An on-disk copy of the segmenter's finished jieba dictionary (jieba's words plus ours), quick to load.

jieba's own cache is a marshal of ~500k entries that takes most of a second to read, and adding our words
one by one costs another tenth. Here the finished dictionary is stored as its words, one a line in UTF-8,
and their frequencies as a packed int64 array: decoding, splitting and zipping those is several times
faster. The file name carries a key of everything the dictionary is made from, so a stale copy is never
read. The cache is an optimisation only: any failure to read or write it is logged and reported as a miss.
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
from array import array
from collections.abc import Sequence
from pathlib import Path

import jieba

CACHE_DIR_VARIABLE = "FM_CACHE_DIR"
_FORMAT = 1  # part of the key: bump when the layout below changes
# Magic, total, number of words, byte length of the words' text; then the text, then the frequencies.
_HEADER = struct.Struct("<8sqqq")
_MAGIC = b"fmjieba1"
_NAME = "fmbot-jieba-{key}.dict"
_VALUE_SIZE = array("q").itemsize

log = logging.getLogger(__name__)

Words = Sequence[tuple[str, int | None]]


def load(words: Words) -> tuple[dict[str, int], int] | None:
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


def save(words: Words, frequencies: dict[str, int], total: int) -> None:
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


def _encode(frequencies: dict[str, int], total: int) -> bytes:
    if any("\n" in word for word in frequencies):
        raise ValueError("a dictionary word contains a line break")
    text = "\n".join(frequencies).encode("utf-8")
    values = array("q", frequencies.values())
    return _HEADER.pack(_MAGIC, total, len(values), len(text)) + text + values.tobytes()


def _decode(data: bytes) -> tuple[dict[str, int], int]:
    magic, total, count, text_size = _HEADER.unpack_from(data)
    start = _HEADER.size
    if magic != _MAGIC or len(data) != start + text_size + count * _VALUE_SIZE:
        raise ValueError("unexpected header or length")
    words = data[start : start + text_size].decode("utf-8").split("\n")
    values = array("q")
    values.frombytes(data[start + text_size :])
    frequencies = dict(zip(words, values, strict=True))
    if len(frequencies) != count:
        raise ValueError("repeated or missing words")
    return frequencies, total
