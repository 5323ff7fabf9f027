"""The development sets: catalog, labelled items and the plans they come from.

The first set is ../shared/reference/dev-set (``FM_DEVSET`` overrides it); the second is benchmarks/devset2
(``FM_DEVSET2`` overrides it), merged from its parts by ``python -m benchmarks.merge_parts``. The third,
benchmarks/devset3 (``FM_DEVSET3``), is held out: departments neither of the others has, measured with the
matcher as shipped and never tuned on (merged by ``python -m benchmarks.merge_parts --parts
benchmarks/devset3_parts --out benchmarks/devset3``). All have the same layout: ``catalog.yaml``,
``labels.jsonl``, ``items/<plan>.txt``, ``raw/`` and a README.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from bot.catalog_files import read_catalog_file
from fm_domain.models import Catalog

HERE = Path(__file__).resolve().parent
DEFAULT_DEVSET = HERE.parent.parent / "shared" / "reference" / "dev-set"
DEFAULT_DEVSET2 = HERE / "devset2"
DEFAULT_DEVSET3 = HERE / "devset3"

# The first set's labels carry no field: its kind is the suffix of the plan code (or, for plans whose code
# names no kind, such as ``jyb``, of the department it is judged as).
KIND_BY_SUFFIX = {"jiaoyu": "教育", "chengguan": "城管", "shangwu": "商务"}
UNKNOWN_FIELD = "其他"


@dataclass(frozen=True)
class Label:
    plan: str  # the plan (department and source) the item comes from
    department: str  # the catalog department that stands for the plan's own (``as``)
    item: str
    expect: str  # in_scope | retired | overlap | out_of_scope
    duty: str | None
    field: str  # the department's kind in Chinese (教育, 城管 …)
    internal: bool = False  # out_of_scope because it is the bureau's own internal work


@dataclass(frozen=True)
class DevSet:
    name: str
    root: Path
    catalog: Catalog
    labels: tuple[Label, ...]

    def plans(self) -> list[str]:
        return sorted({label.plan for label in self.labels})

    def fields(self) -> list[str]:
        return sorted({label.field for label in self.labels})


def devset_path() -> Path:
    return Path(os.environ.get("FM_DEVSET", DEFAULT_DEVSET))


def devset2_path() -> Path:
    return Path(os.environ.get("FM_DEVSET2", DEFAULT_DEVSET2))


def devset3_path() -> Path:
    return Path(os.environ.get("FM_DEVSET3", DEFAULT_DEVSET3))


REQUIRED_FILES = ("catalog.yaml", "labels.jsonl")


class DevSetMissing(Exception):
    """The development set is not where the benchmark looks; the message (Chinese) says what it needs."""


def missing_files(root: Path) -> list[str]:
    return [name for name in REQUIRED_FILES if not (root / name).is_file()]


def require_devset(root: Path) -> None:
    """The first set lives outside this repository (../shared/reference/dev-set): say so, not a traceback."""
    missing = missing_files(root)
    if missing:
        raise DevSetMissing(
            f"make bench 需要开发集：{root} 下缺少 {'、'.join(missing)}。\n"
            "开发集不在本仓库中：请把它放在仓库旁的 ../shared/reference/dev-set，"
            "或用环境变量 FM_DEVSET 指向含 catalog.yaml、labels.jsonl、items/ 的文件夹，"
            "例如 FM_DEVSET=/path/to/dev-set make bench。"
        )


def load_devset(root: Path | None = None, name: str = "开发集 dev set") -> DevSet:
    root = root or devset_path()
    catalog = read_catalog_file(root / "catalog.yaml")
    labels = [_label(raw) for raw in read_labels(root / "labels.jsonl")]
    return DevSet(name, root, catalog, tuple(labels))


def read_labels(path: Path) -> list[dict[str, object]]:
    """The raw label records of a labels.jsonl, one per non-blank line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _label(raw: dict[str, object]) -> Label:
    plan, department = str(raw["plan"]), str(raw["as"])
    duty = raw.get("duty")
    return Label(
        plan=plan,
        department=department,
        item=str(raw["item"]),
        expect=str(raw["expect"]),
        duty=str(duty) if duty else None,
        field=str(raw.get("field") or kind_from_codes(plan, department)),
        internal=bool(raw.get("internal", False)),
    )


def kind_from_codes(plan: str, department: str) -> str:
    """The kind named by the plan code's suffix, else by the department code's (gz_jiaoyu → 教育)."""
    for code in (plan, department):
        kind = KIND_BY_SUFFIX.get(code.rsplit("_", 1)[-1])
        if kind:
            return kind
    return UNKNOWN_FIELD
