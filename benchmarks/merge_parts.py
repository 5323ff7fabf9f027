"""``python -m benchmarks.merge_parts``: merge benchmarks/devset2_parts/<part>/ into benchmarks/devset2/
(``--parts benchmarks/devset3_parts --out benchmarks/devset3`` for the held-out third set).

Each part has the development-set layout (catalog.yaml, labels.jsonl, items/, raw/, README.md). The merge
concatenates the catalogs' departments (codes must be unique across parts), concatenates the labels, copies
items/ and raw/ (a file name two parts share must have the same content), and writes a README that gives
the total counts per verdict and per field, then each part's README under its own heading.

A part still being written may lack any of its files: what exists is merged and what is missing is named.
The merged set is checked (the catalog loads; every label's duty, department and item exists) and problems
are printed; only clashes between parts stop the merge.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from benchmarks.devset import DEFAULT_DEVSET2, HERE, read_labels
from bot.catalog_files import read_catalog_file
from fm_domain.items import parse_items
from fm_domain.matching.precedents import JUDGED_VERDICTS

DEFAULT_PARTS = HERE / "devset2_parts"
# How a merged set names itself, by the folder it is written to (any other folder: by its name).
TITLES = {
    "devset2": "第二开发集 devset2",
    "devset3": "第三开发集 devset3 (held out: measured, never tuned on)",
}
COPIED_FOLDERS = ("items", "raw")


class MergeError(Exception):
    """Two parts clash (a department code, a plan or a file given twice); the merge is not written."""


@dataclass
class Merged:
    departments: list[dict[str, object]] = field(default_factory=list)
    headers: list[tuple[str, list[str]]] = field(default_factory=list)  # part -> its catalog's comments
    labels: list[dict[str, object]] = field(default_factory=list)
    label_lines: list[str] = field(default_factory=list)  # as written by the parts
    files: dict[str, dict[str, Path]] = field(default_factory=dict)  # folder -> name -> source file
    readmes: list[tuple[str, str | None]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--parts", type=Path, default=DEFAULT_PARTS, help="the folder of the part folders")
    parser.add_argument("--out", type=Path, default=DEFAULT_DEVSET2, help="where to write the merged set")
    args = parser.parse_args(argv)
    parts = sorted(path for path in args.parts.iterdir() if path.is_dir()) if args.parts.is_dir() else []
    if not parts:
        print(f"no parts in {args.parts}", file=sys.stderr)
        return 1
    try:
        merged = merge(parts)
    except MergeError as error:
        print(f"merge refused: {error}", file=sys.stderr)
        return 1
    write(merged, parts, args.out)
    for note in merged.missing:
        print(f"note: {note}")
    problems = check(args.out)
    for problem in problems:
        print(f"check: {problem}")
    counts = Counter(str(label.get("expect")) for label in merged.labels)
    print(
        f"wrote {args.out}: {len(merged.departments)} departments, {len(merged.labels)} labels"
        f" ({', '.join(f'{verdict} {counts[verdict]}' for verdict in JUDGED_VERDICTS)})"
        f" from {len(parts)} parts;"
        f" {len(problems)} check problems"
    )
    return 0


# ---- reading the parts ------------------------------------------------------------------------------------


def merge(parts: Sequence[Path]) -> Merged:
    merged = Merged(files={folder: {} for folder in COPIED_FOLDERS})
    department_owner: dict[str, str] = {}
    plan_owner: dict[str, str] = {}
    for part in parts:
        _merge_catalog(part, merged, department_owner)
        _merge_labels(part, merged, plan_owner)
        for folder in COPIED_FOLDERS:
            _merge_files(part, folder, merged)
        readme = part / "README.md"
        merged.readmes.append((part.name, readme.read_text(encoding="utf-8") if readme.is_file() else None))
        if not readme.is_file():
            merged.missing.append(f"part {part.name}: no README.md yet")
    return merged


def _merge_catalog(part: Path, merged: Merged, owner: dict[str, str]) -> None:
    path = part / "catalog.yaml"
    if not path.is_file():
        merged.missing.append(f"part {part.name}: no catalog.yaml yet")
        return
    text = path.read_text(encoding="utf-8")
    departments = (yaml.safe_load(text) or {}).get("departments") or []
    for department in departments:
        code = str(department.get("code"))
        if code in owner:
            raise MergeError(f"department code {code!r} is in part {owner[code]} and part {part.name}")
        owner[code] = part.name
        merged.departments.append(department)
    merged.headers.append((part.name, _leading_comments(text)))


def _leading_comments(text: str) -> list[str]:
    """The comment block a catalog file starts with (kinds, sources, statuses: worth keeping)."""
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line)
    return comments


def _merge_labels(part: Path, merged: Merged, owner: dict[str, str]) -> None:
    path = part / "labels.jsonl"
    if not path.is_file():
        merged.missing.append(f"part {part.name}: no labels.jsonl yet")
        return
    plans = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            label = json.loads(line)
        except json.JSONDecodeError as error:
            raise MergeError(f"part {part.name} labels.jsonl line {number}: {error.msg}") from None
        plans.add(str(label.get("plan")))
        merged.labels.append(label)
        merged.label_lines.append(line.strip())
    for plan in sorted(plans):
        if plan in owner:
            raise MergeError(f"plan {plan!r} has labels in part {owner[plan]} and part {part.name}")
        owner[plan] = part.name


def _merge_files(part: Path, folder: str, merged: Merged) -> None:
    source = part / folder
    if not source.is_dir():
        merged.missing.append(f"part {part.name}: no {folder}/ yet")
        return
    known = merged.files[folder]
    for path in sorted(p for p in source.iterdir() if p.is_file()):
        earlier = known.get(path.name)
        if earlier is not None and earlier.read_bytes() != path.read_bytes():
            first = earlier.parent.parent.name
            raise MergeError(f"{folder}/{path.name} differs between part {first} and part {part.name}")
        known.setdefault(path.name, path)


# ---- writing the merged set -------------------------------------------------------------------------------


def write(merged: Merged, parts: Sequence[Path], out: Path) -> None:
    """Write the merged set beside ``out`` first, then put it in place, so a reader never sees half of it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        (staging / "catalog.yaml").write_text(_catalog_text(merged, parts, out), encoding="utf-8")
        lines = merged.label_lines
        (staging / "labels.jsonl").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        for folder, files in merged.files.items():
            (staging / folder).mkdir()
            for name, path in files.items():
                shutil.copy2(path, staging / folder / name)
        (staging / "README.md").write_text(_readme(merged, parts, out), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _title(out: Path) -> str:
    return TITLES.get(out.name, out.name)


def _catalog_text(merged: Merged, parts: Sequence[Path], out: Path) -> str:
    names = ", ".join(part.name for part in parts)
    lines = [
        f"# {_title(out)} 职责目录 — merged by `python -m benchmarks.merge_parts` from parts {names}.",
        "# Do not edit here: edit the parts and merge again. Each part's own header follows.",
    ]
    for name, comments in merged.headers:
        lines += [f"# ---- part {name} ----", *comments]
    body = yaml.safe_dump(
        {"departments": merged.departments}, allow_unicode=True, sort_keys=False, width=1_000_000
    )
    return "\n".join(lines) + "\n" + body


def _readme(merged: Merged, parts: Sequence[Path], out: Path) -> str:
    names = ", ".join(f"`{part.name}`" for part in parts)
    folder = parts[0].parent.name if parts else ""
    lines = [
        f"# {_title(out)} (merged)",
        "",
        f"Merged by `python -m benchmarks.merge_parts` from `benchmarks/{folder}/` (parts {names}).",
        "Do not edit here: edit the parts and merge again. Layout and label format as in the parts below;",
        "labels may carry `field` (the department's kind) and `internal: true` (bureau-internal work).",
        "",
        *_counts_section(merged),
    ]
    for name, text in merged.readmes:
        lines += ["", f"## Part {name} (`{folder}/{name}/README.md`)", ""]
        lines += _demoted(text).splitlines() if text else ["(no README yet)"]
    return "\n".join(lines).rstrip() + "\n"


def _counts_section(merged: Merged) -> list[str]:
    labels = merged.labels
    verdicts = Counter(str(label.get("expect")) for label in labels)
    internal = sum(bool(label.get("internal")) for label in labels)
    codes = ", ".join(f"`{department.get('code')}`" for department in merged.departments)
    lines = [
        "## Counts",
        "",
        f"{len(labels)} labelled items from {len({label.get('plan') for label in labels})} plans:"
        f" {', '.join(f'{verdict} {verdicts[verdict]}' for verdict in JUDGED_VERDICTS)}"
        f" (out_of_scope internal {internal})",
        "",
        f"Catalog: {len(merged.departments)} departments ({codes})",
        "",
        "| field | items | " + " | ".join(JUDGED_VERDICTS) + " | internal |",
        "|---" * (len(JUDGED_VERDICTS) + 3) + "|",
    ]
    by_field: dict[str, list[dict[str, object]]] = {}
    for label in labels:
        by_field.setdefault(str(label.get("field") or "(none)"), []).append(label)
    for name in sorted(by_field):
        lines.append(_count_row(name, by_field[name]))
    lines.append(_count_row("**total**", labels))
    return lines


def _count_row(name: str, labels: list[dict[str, object]]) -> str:
    verdicts = Counter(str(label.get("expect")) for label in labels)
    internal = sum(bool(label.get("internal")) for label in labels)
    cells = [name, str(len(labels)), *(str(verdicts[verdict]) for verdict in JUDGED_VERDICTS), str(internal)]
    return "| " + " | ".join(cells) + " |"


def _demoted(text: str) -> str:
    """Markdown with every heading two levels lower, so a part's README sits under its ``##`` heading."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        lines.append("##" + line if line.startswith("#") and not fenced else line)
    return "\n".join(lines)


# ---- checking the result ----------------------------------------------------------------------------------


def check(root: Path) -> list[str]:
    """What is wrong with the merged set: a catalog that does not load, labels naming a duty or department
    the catalog lacks, items missing from items/<plan>.txt, unknown verdicts."""
    try:
        catalog = read_catalog_file(root / "catalog.yaml")
    except Exception as error:  # any failure to load is the one problem worth reporting
        return [f"catalog.yaml does not load: {error}"]
    duties = {duty.id for duty in catalog.all_duties()}
    departments = {department.code for department in catalog}
    items: dict[str, set[str]] = {}
    problems = []
    for number, label in enumerate(read_labels(root / "labels.jsonl"), start=1):
        plan, department, duty = str(label.get("plan")), str(label.get("as")), label.get("duty")
        if plan not in items:
            path = root / "items" / f"{plan}.txt"
            items[plan] = set(parse_items(path.read_text(encoding="utf-8"))) if path.is_file() else set()
        where = f"labels.jsonl line {number} ({plan})"
        if label.get("expect") not in JUDGED_VERDICTS:
            problems.append(f"{where}: unknown verdict {label.get('expect')!r}")
        if duty is not None and duty not in duties:
            problems.append(f"{where}: duty {duty} is not in the catalog")
        if department not in departments and department != plan:
            problems.append(f"{where}: as {department} is neither a catalog department nor the plan code")
        if str(label.get("item")) not in items[plan]:
            problems.append(f"{where}: item not in items/{plan}.txt")
    return problems


if __name__ == "__main__":
    sys.exit(main())
