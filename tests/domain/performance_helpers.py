"""Building schemes and sheets for the performance tests from plain Python values, as the file readers
would hand them over (every value with a place, here a made-up one)."""

from __future__ import annotations

from typing import Any

from fm_domain.catalog.raw import Raw
from fm_domain.performance import Scheme, Sheet, SheetRow, build_scheme


def raw(value: Any, where: str = "scheme.yaml") -> Raw:
    """A Raw tree of a YAML-like value; each mapping's keys are placed at ``<where>:<key>``."""
    if isinstance(value, dict):
        return Raw(
            {str(k): raw(v, f"{where}.{k}") for k, v in value.items()},
            where,
            {str(k): f"{where}:{k}" for k in value},
        )
    if isinstance(value, list):
        return Raw([raw(v, f"{where}[{n}]") for n, v in enumerate(value)], where)
    return Raw(value, where)


def item(
    code: str, points: float | int, source: str, origin: str, scoring: str, **extra: Any
) -> dict[str, Any]:
    return {"code": code, "name": extra.pop("name", code), "points": points, "source": source,
            "from": origin, "scoring": scoring, **extra}  # fmt: skip


def scheme(*dimensions: tuple[str, list[dict[str, Any]]], year: int = 2026) -> Scheme:
    return build_scheme(
        raw(
            {
                "year": year,
                "name": "测试方案",
                "dimensions": [{"code": code, "name": code, "items": items} for code, items in dimensions],
            }
        )
    )


def sheet(
    columns: list[str],
    rows: list[list[Any]],
    *,
    year: Any = 2026,
    source: Any = "信访",
    name: str = "信访.xlsx",
) -> Sheet:
    """A filled sheet: each row is [code, name, *values, note]; row n (from 0) stands on line 6 + n."""
    letters = "CDEFGH"

    def row(number: int, cells: list[Any]) -> SheetRow:
        line = 6 + number
        code, department, *values, note = cells
        return SheetRow(
            Raw(code, f"{name} 单元格 A{line}"),
            Raw(department, f"{name} 单元格 B{line}"),
            tuple(Raw(v, f"{name} 单元格 {letters[i]}{line}") for i, v in enumerate(values)),
            Raw(note, f"{name} 单元格 {letters[len(values)]}{line}"),
            f"{name} 第 {line} 行",
        )

    return Sheet(
        name,
        Raw(year, f"{name} 单元格 B1"),
        Raw(source, f"{name} 单元格 B2"),
        tuple(Raw(c, f"{name} 单元格 {letters[i]}5") for i, c in enumerate(columns)),
        tuple(row(n, cells) for n, cells in enumerate(rows)),
    )
