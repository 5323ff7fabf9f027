"""Values read from a catalog file, each with the place it was written, so errors can name it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class Raw:
    """One value of a catalog file and where it stands ("catalog.yaml 第 12 行", "工作表「x」单元格 B3").

    ``value`` is a scalar, a ``list[Raw]`` or a ``dict[str, Raw]``. For a mapping, ``key_where`` tells
    where each key was written: an unknown key is reported on its own line, not on its value's.
    """

    value: Scalar | list[Raw] | dict[str, Raw]
    where: str
    key_where: Mapping[str, str] = field(default_factory=dict)

    def where_key(self, key: str) -> str:
        return self.key_where.get(key, self.where)
