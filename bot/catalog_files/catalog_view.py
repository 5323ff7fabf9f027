"""How ``fmbot catalog show`` presents a catalog: a readable table, or the JSON shape scripts rely on."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from fm_domain.models import Catalog, Department


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    """``{"departments": [{code, name, partial, duties: [...], divisions: [...], staffing: {...}}]}``."""
    return {
        "departments": [
            {
                "code": department.code,
                "name": department.name,
                "partial": department.partial,
                "duties": [
                    {
                        "id": duty.id,
                        "n": duty.n,
                        "text": duty.text,
                        "category": duty.category.value,
                        "category_guessed": duty.category_guessed,
                        "status": duty.status.value,
                        "periodic": duty.periodic,
                    }
                    for duty in department.duties
                ],
                "divisions": [
                    {"name": division.name, "duties": list(division.duties)}
                    for division in department.divisions
                ],
                "staffing": {
                    "administrative": department.staffing.administrative,
                    "leaders": department.staffing.leaders,
                    "bodies": department.staffing.bodies,
                },
            }
            for department in catalog
        ]
    }


def summary_text(catalog: Catalog) -> str:
    """One line per department: counts of duties (active, periodic), divisions and staffing figures."""
    header = ["代码", "名称", "简称", "职责", "在履行", "阶段性", "处室", "行政编制", "领导职数", "内设机构"]
    rows = [
        [
            d.code,
            d.name + ("（不完整）" if d.partial else ""),
            d.short,
            len(d.duties),
            sum(duty.active for duty in d.duties),
            sum(duty.periodic for duty in d.duties),
            len(d.divisions),
            _figure(d.staffing.administrative),
            _figure(d.staffing.leaders),
            _figure(d.staffing.bodies),
        ]
        for d in catalog
    ]
    return format_table(header, rows)


def department_text(department: Department) -> str:
    """A department in full: staffing, every duty with its category and status, then its divisions."""
    short = f"，简称{department.short}" if department.short else ""
    lines = [f"{department.name}（{department.code}{short}）"]
    if department.partial:
        lines.append("注意：职责清单不完整（原文截断或只收录了部分职责）。")
    staffing = staffing_text(department)
    if staffing:
        lines.append(f"编制：{staffing}")
    guessed = sum(duty.category_guessed for duty in department.duties)
    note = f"（类别带 * 的为推测，共 {guessed} 条）" if guessed else ""
    lines += ["", f"职责 {len(department.duties)} 条{note}："]
    rows = [
        [
            duty.id,
            duty.category.value + ("*" if duty.category_guessed else ""),
            duty.status.label,
            "阶段性" if duty.periodic else "",
            duty.text,
        ]
        for duty in department.duties
    ]
    lines.append(format_table(["编号", "类别", "状态", "阶段性", "职责"], rows, indent="  "))
    if department.divisions:
        lines += ["", _divisions_heading(department)]
        lines += [
            f"  {division.name}：{'；'.join(division.duties) or '（未列职责）'}"
            for division in department.divisions
        ]
    return "\n".join(lines)


def _divisions_heading(department: Department) -> str:
    """``内设机构 8 个：``, or where the staffing says more bodies than the catalog lists, both figures."""
    listed = len(department.divisions)
    bodies = department.staffing.bodies
    if bodies is not None and bodies != listed:
        return f"内设机构 {bodies} 个（目录列出其中 {listed} 个的职责）："
    return f"内设机构 {listed} 个："


def staffing_text(department: Department) -> str:
    """ "行政编制 48 名，领导职数 6 名，内设机构 12 个" — only the figures that are known."""
    staffing = department.staffing
    parts = [
        (staffing.administrative, "行政编制 {} 名"),
        (staffing.leaders, "领导职数 {} 名"),
        (staffing.bodies, "内设机构 {} 个"),
    ]
    return "，".join(template.format(value) for value, template in parts if value is not None)


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]], indent: str = "") -> str:
    """Columns padded by display width (a Chinese character takes two), the last column left ragged."""
    cells = [[str(value) for value in row] for row in [header, *rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        padded = [_pad(value, widths[i]) for i, value in enumerate(row[:-1])] + [row[-1]]
        lines.append((indent + "  ".join(padded)).rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _figure(value: int | None) -> str:
    return "—" if value is None else str(value)
