"""An evaluation from outside (督查, 纪检监察, 法制, 信访, 政务中心, 万人评议): one office's sheet for one
year, one row a department, one column per item of the scheme that office scores.

The sheet reader (conversations/evaluation_sheet.py) only records what each cell holds and where; every
check is here, once: the year has a scheme that takes this source, the columns are that source's items,
each department is known and given once, each value is in its item's range. The first error stops the
build, naming the cell: a bad sheet is never half stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fm_domain.catalog.raw import Raw
from fm_domain.errors import EvaluationError
from fm_domain.models import Catalog, Department
from fm_domain.performance.evidence import raw_from_json, raw_to_json
from fm_domain.performance.rules import Raw as RawValue
from fm_domain.performance.rules import RuleError
from fm_domain.performance.scheme import Indicator, Scheme


@dataclass(frozen=True)
class SheetRow:
    code: Raw  # 部门代码
    name: Raw  # 部门名称 (either identifies the department)
    values: tuple[Raw, ...]  # one per item column, in the header's order
    note: Raw  # 说明
    where: str  # the row, for errors about the row as a whole


@dataclass(frozen=True)
class Sheet:
    """What a filled sheet holds, each value with its place."""

    file_name: str
    year: Raw
    source: Raw
    columns: tuple[Raw, ...]  # the item columns' headers
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class EvaluationValue:
    department: str
    indicator: str  # the item's code
    value: RawValue
    where: str  # the cell it was written in


@dataclass(frozen=True)
class Evaluation:
    year: int
    source: str
    file_name: str
    values: tuple[EvaluationValue, ...]
    notes: Mapping[str, str] = field(default_factory=dict)  # department → 说明
    id: int = 0  # storage's number, 0 until stored
    imported_at: datetime | None = None

    def value(self, department: str, indicator: str) -> EvaluationValue | None:
        return next((v for v in self.values if v.department == department and v.indicator == indicator), None)

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value.department for value in self.values))

    def content_json(self) -> dict[str, Any]:
        """What storage keeps besides the file: the values as read and the notes."""
        return {
            "values": [
                {
                    "department": v.department,
                    "indicator": v.indicator,
                    "value": raw_to_json(v.value),
                    "where": v.where,
                }
                for v in self.values
            ],
            "notes": dict(self.notes),
        }

    @classmethod
    def from_content(
        cls,
        data: Mapping[str, Any],
        *,
        year: int,
        source: str,
        file_name: str,
        id: int = 0,
        imported_at: datetime | None = None,
    ) -> Evaluation:
        values = tuple(
            EvaluationValue(v["department"], v["indicator"], _stored(v["value"]), v["where"])
            for v in data["values"]
        )
        return cls(year, source, file_name, values, dict(data.get("notes", {})), id, imported_at)


def _stored(text: str | None) -> RawValue:
    value = raw_from_json(text)
    if value is None:
        raise ValueError("an evaluation stores a value for every cell it keeps")
    return value


def build_evaluation(
    sheet: Sheet, scheme_for: Callable[[int], Scheme | None], catalog: Catalog
) -> Evaluation:
    """The evaluation a sheet holds, fully checked; EvaluationError naming the cell otherwise."""
    year = _year(sheet.year)
    scheme = scheme_for(year)
    if scheme is None:
        raise EvaluationError(f"{year} 年没有考评方案，请先导入方案", sheet.year.where)
    source = _text(sheet.source, "评价来源")
    items = scheme.fed_by(source)
    if not items:
        known = "、".join(scheme.evaluation_sources()) or "（无）"
        raise EvaluationError(
            f"{year} 年考评方案没有来源为「{source}」的指标；可用来源：{known}", sheet.source.where
        )
    columns = _columns(sheet.columns, items)
    values: list[EvaluationValue] = []
    notes: dict[str, str] = {}
    seen: dict[str, str] = {}
    for row in sheet.rows:
        filled = [cell for cell in row.values if not _blank(cell.value)]
        if not filled:
            continue  # a department this office did not evaluate: its items show as missing
        department = _department(row, catalog)
        if department.code in seen:
            cell = row.code if not _blank(row.code.value) else row.name
            raise EvaluationError(
                f"部门「{department.display_name}」重复（{seen[department.code]}已出现）", cell.where
            )
        seen[department.code] = row.where
        for indicator, cell in zip(columns, row.values, strict=True):
            if _blank(cell.value):
                raise EvaluationError(f"「{indicator.name}」未填写（本行其他指标已填写）", cell.where)
            try:
                value = indicator.rule.read(cell.value, indicator.points)
            except RuleError as error:
                raise EvaluationError(f"「{indicator.name}」{error}", cell.where) from None
            values.append(EvaluationValue(department.code, indicator.code, value, cell.where))
        if not _blank(row.note.value):
            notes[department.code] = str(row.note.value).strip()
    if not values:
        raise EvaluationError("考评表中没有填写任何部门的评价", sheet.file_name)
    return Evaluation(year, source, sheet.file_name, tuple(values), notes)


def _year(raw: Raw) -> int:
    value = raw.value
    if isinstance(value, str) and value.strip().rstrip("年").isdigit():
        value = int(value.strip().rstrip("年"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 2000 <= value <= 2100:
        raise EvaluationError(f"年度应为四位年份，实际为“{raw.value}”", raw.where)
    return value


def _text(raw: Raw, what: str) -> str:
    if _blank(raw.value):
        raise EvaluationError(f"{what}未填写", raw.where)
    return str(raw.value).strip()


def _columns(headers: Sequence[Raw], items: Sequence[Indicator]) -> list[Indicator]:
    """The item each column scores: by its code, or its name, with or without the range the template
    adds in brackets (a name may hold brackets of its own: 社会各界满意度（万人评议）)."""
    columns: list[Indicator] = []
    for header in headers:
        label = str(header.value or "").strip()
        item = next((i for i in items if _names(label, i)), None)
        if item is None:
            expected = "、".join(i.name for i in items)
            raise EvaluationError(f"不认识的列「{header.value}」；本来源的指标：{expected}", header.where)
        if item in columns:
            raise EvaluationError(f"列「{item.name}」重复", header.where)
        columns.append(item)
    missing = [item.name for item in items if item not in columns]
    if missing:
        where = headers[-1].where if headers else None
        raise EvaluationError(f"缺少指标列：{'、'.join(missing)}", where)
    return columns


def _names(label: str, item: Indicator) -> bool:
    if label in (item.code, item.name):
        return True
    return label.startswith((f"{item.name}（", f"{item.name}(")) and label.endswith(("）", ")"))


def _department(row: SheetRow, catalog: Catalog) -> Department:
    """The department a row names: by its code column (the code, or the name offices type there), else
    by its name column; a code and a name naming two departments are refused rather than guessed."""
    code = "" if _blank(row.code.value) else str(row.code.value).strip()
    name = "" if _blank(row.name.value) else str(row.name.value).strip()
    by_code = _find(catalog, code) if code else None
    by_name = _find(catalog, name) if name else None
    if code and by_code is None:
        raise EvaluationError(f"不认识的部门「{code}」：不在职责目录中", row.code.where)
    if by_code is not None and by_name is not None and by_code != by_name:
        raise EvaluationError(
            f"部门代码「{code}」是{by_code.display_name}，名称「{name}」却是{by_name.display_name}",
            row.name.where,
        )
    found = by_code or by_name
    if found is None:
        raise EvaluationError(f"不认识的部门「{name or '（空）'}」：不在职责目录中", row.name.where)
    return found


def _find(catalog: Catalog, word: str) -> Department | None:
    return next(
        (d for d in catalog if word.lower() == d.code.lower() or word in (d.name, d.short)),
        None,
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
