"""Limits on what a .docx or .xlsx (both zip archives) may unpack to, checked before any parser sees it.

A few hundred kilobytes of zip can inflate to gigabytes (a member of one repeated paragraph, or a member
whose header understates its size), and python-docx and openpyxl would build all of it in memory. So the
archive is measured first: the member count from the end-of-archive record (before ``zipfile`` builds an
entry per member), each member's declared size, and then each member's actual size, inflated in chunks
and counted, stopping at the first byte over a limit. Only an archive within every limit goes to a parser.

The XML parts get the tightest limit because the parsers turn them into trees of roughly 15 to 150 bytes
of memory per byte of XML, depending on how dense the markup is; a long plan of 60 pages is under 3 MB.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass

_END_OF_ARCHIVE = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_MAX_COMMENT = 0xFFFF
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ZipLimits:
    members: int = 1000
    xml_member_bytes: int = 3 * 1024 * 1024  # a part the parser turns into a tree
    member_bytes: int = 20 * 1024 * 1024  # an embedded picture, kept as it is
    total_bytes: int = 30 * 1024 * 1024


class ZipOverLimit(ValueError):
    """The archive unpacks to more than the limits allow; the message names the limit, for the log."""


def check_zip(content: bytes, limits: ZipLimits = ZipLimits()) -> None:
    """Raise ZipOverLimit when ``content`` unpacks beyond ``limits`` (BadZipFile when it is no zip)."""
    count = _declared_member_count(content)
    if count > limits.members:
        raise ZipOverLimit(f"{count} members, over {limits.members}")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = archive.infolist()
        for member in members:  # declared sizes first: cheap, and refuses most bombs without inflating
            _check_size(member.filename, member.file_size, limits)
        _check_total(sum(member.file_size for member in members), limits)
        total = 0
        for member in members:
            total += _inflated_size(archive, member, limits)
            _check_total(total, limits)


def _declared_member_count(content: bytes) -> int:
    """The member count of the end-of-archive record (the last one: a comment may hold the signature)."""
    start = content.rfind(_END_OF_ARCHIVE, max(0, len(content) - _END_RECORD_SIZE - _MAX_COMMENT))
    if start < 0 or len(content) - start < _END_RECORD_SIZE:
        raise zipfile.BadZipFile("no end-of-archive record")
    (count,) = struct.unpack_from("<H", content, start + 10)
    # 0xFFFF means "see the zip64 record": only archives with more members than any document need it.
    return count if count != 0xFFFF else 1 << 32


def _member_limit(name: str, limits: ZipLimits) -> int:
    return limits.xml_member_bytes if name.endswith((".xml", ".rels")) else limits.member_bytes


def _check_size(name: str, size: int, limits: ZipLimits) -> None:
    limit = _member_limit(name, limits)
    if size > limit:
        raise ZipOverLimit(f"member {name[:80]!r} unpacks to over {limit} bytes")


def _check_total(total: int, limits: ZipLimits) -> None:
    if total > limits.total_bytes:
        raise ZipOverLimit(f"members unpack to over {limits.total_bytes} bytes in all")


def _inflated_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ZipLimits) -> int:
    """The bytes ``member`` actually inflates to, counted chunk by chunk: a header may understate them."""
    limit = min(member.file_size, _member_limit(member.filename, limits))
    size = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise ZipOverLimit(f"member {member.filename[:80]!r} inflates beyond its declared size")
    return size
