"""The development set: catalog, labelled items and the plans they come from (../shared/reference/dev-set)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from bot.catalog_files import read_catalog_file
from fm_domain.models import Catalog

DEFAULT_DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "dev-set"


@dataclass(frozen=True)
class Label:
    plan: str  # the plan (department and source) the item comes from
    department: str  # the catalog department that stands for the plan's own (``as``)
    item: str
    expect: str  # in_scope | retired | overlap | out_of_scope
    duty: str | None


@dataclass(frozen=True)
class DevSet:
    root: Path
    catalog: Catalog
    labels: tuple[Label, ...]

    def plans(self) -> list[str]:
        return sorted({label.plan for label in self.labels})


def devset_path() -> Path:
    return Path(os.environ.get("FM_DEVSET", DEFAULT_DEVSET))


def load_devset(root: Path | None = None) -> DevSet:
    root = root or devset_path()
    catalog = read_catalog_file(root / "catalog.yaml")
    labels = []
    for line in (root / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            labels.append(Label(raw["plan"], raw["as"], raw["item"], raw["expect"], raw["duty"]))
    return DevSet(root, catalog, tuple(labels))
