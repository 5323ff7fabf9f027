"""``fmbot check``: review a department's work items against the 三定 duties of a catalog file.

    fmbot check --catalog CATALOG.(yaml|xlsx) [--department CODE] [--division NAME] --items ITEMS.txt
                [--judgements FILE.jsonl] [--json]

Pure and in memory: no database. Every department in the catalog is a candidate for overlap. The JSON
output is a contract that scripts and dashboards rely on (see ``review_json``); keep its keys stable.
An unreadable catalog or items file (or bad threshold overrides) is one Chinese line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bot.catalog_files import read_catalog_file
from bot.catalog_files.catalog_view import format_table
from bot.catalog_files.text_files import read_user_text
from bot.config import ConfigError, Settings
from bot.matching_parameters import load_matching_parameters
from fm_domain.errors import CatalogError
from fm_domain.items import read_plan
from fm_domain.matching import DutyIndex, Match, MatchThresholds, ScoringParameters
from fm_domain.matching.precedents import Judgement, JudgementError, parse_judgements
from fm_domain.models import Catalog, DutyCategory
from fm_domain.review import Confidence, Coverage, ItemReview, Review, Verdict, review

log = logging.getLogger("fmbot.check")

EXIT_ERROR = 2

VERDICT_LABELS = {
    Verdict.IN_SCOPE: "职责内",
    Verdict.RETIRED: "已取消/转移职能",
    Verdict.OVERLAP: "职责交叉",
    Verdict.OUT_OF_SCOPE: "职责外（未找到对应职责）",
}
COVERAGE_LABELS = {
    Coverage.COVERED: "已覆盖",
    Coverage.UNCOVERED: "未覆盖",
    Coverage.PERIODIC_UNCOVERED: "阶段性职责，本期未涉及",
    Coverage.UNKNOWN: "目录不完整，无法判断",
}


class CheckError(Exception):
    """A file or setting that stops the check; the message is Chinese and names what is wrong."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "check",
        help="对照三定职责逐条审查工作目标（不需要数据库）",
        description="把一个部门的年度目标或月度安排逐条与职责目录比对：职责内、已取消职能、职责交叉、职责外；"
        "并列出各项职责的覆盖情况。",
    )
    parser.add_argument(
        "--catalog", required=True, type=Path, metavar="CATALOG", help="职责目录 .yaml 或 .xlsx"
    )
    parser.add_argument(
        "--department",
        metavar="CODE",
        help="工作目标所属部门代码（可以不在目录中）；省略时按匹配结果推断",
    )
    parser.add_argument(
        "--items",
        required=True,
        type=Path,
        metavar="ITEMS.txt",
        help="工作条目，每行一条（自动去掉编号和空行）",
    )
    parser.add_argument("--division", metavar="NAME", help="处室名称：处室年度目标先对照该处室承担的职责")
    parser.add_argument(
        "--judgements",
        type=Path,
        metavar="FILE.jsonl",
        help='编办认定（每行一个 {"text", "department", "verdict", "duty"}）：'
        "措辞相同或相近的条目参照认定结果",
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON（供脚本和看板使用）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        catalog = _read_catalog(args.catalog)
        items = _read_items(args.items)
        thresholds, scoring = _parameters(settings)
        judgements = _read_judgements(args.judgements) if args.judgements else []
    except CheckError as error:
        log.warning("check stopped: %s", error)
        print(str(error), file=sys.stderr)
        return EXIT_ERROR
    index = DutyIndex.build(catalog, thresholds=thresholds, scoring=scoring)
    department = args.department or infer_department(index, items)
    if department is None:
        print("职责目录中没有任何部门，无法审查。", file=sys.stderr)
        return EXIT_ERROR
    division = args.division
    if division and not any(d.name == division for d in getattr(catalog.get(department), "divisions", ())):
        print(f"部门 {department} 没有名为“{division}”的内设机构。", file=sys.stderr)
        return EXIT_ERROR
    precedents = index.precedents(judgements) if judgements else None
    result = review(index, department, items, thresholds, division=division, precedents=precedents)
    if args.json:
        print(json.dumps(review_json(result), ensure_ascii=False, indent=2))
    else:
        print(review_text(result, catalog, inferred=args.department is None))
    return 0


# ---- inputs -----------------------------------------------------------------------------------------------


def _read_catalog(path: Path) -> Catalog:
    try:
        return read_catalog_file(path)
    except CatalogError as error:
        raise CheckError(f"无法读取职责目录：{error}") from None


def _read_items(path: Path) -> list[str]:
    try:
        text = read_user_text(path)
    except CatalogError as error:
        raise CheckError(f"无法读取工作条目文件：{error}") from None
    plan = read_plan(text)
    if not plan.items:
        raise CheckError(f"无法读取工作条目文件：{path} 中没有工作条目（每行一条）")
    if plan.headings:
        # On stderr: --json's standard output stays the review alone.
        print(f"以下各行下面列有分项，已作为标题略去：{'、'.join(plan.headings)}", file=sys.stderr)
    return plan.items


def _read_judgements(path: Path) -> list[Judgement]:
    try:
        return parse_judgements(read_user_text(path), path.name)
    except (CatalogError, JudgementError) as error:
        raise CheckError(f"无法读取编办认定文件：{error}") from None


def _parameters(settings: Settings) -> tuple[MatchThresholds, ScoringParameters]:
    try:
        return load_matching_parameters(settings)
    except ConfigError as error:
        raise CheckError(str(error)) from None


def infer_department(index: DutyIndex, items: list[str]) -> str | None:
    """The department whose duties the items fit best: most items ranked first, then the higher total."""
    if not len(index.catalog):
        return None
    votes: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for item in items:
        best = index.rank(item, top=1)
        if best:
            votes[best[0].department] += 1
            totals[best[0].department] += best[0].score
    if not votes:
        return index.catalog.departments[0].code
    return max(votes, key=lambda code: (votes[code], totals[code]))


# ---- JSON (stable contract) -------------------------------------------------------------------------------


def _match_json(match: Match) -> dict[str, Any]:
    return {
        "duty": match.duty_id,
        "department": match.department,
        "score": round(match.score, 4),
        "evidence": list(match.evidence),
    }


def _item_json(item: ItemReview) -> dict[str, Any]:
    """An item's keys: text, verdict, matches (the contract since issue 3); confidence and, where they
    apply, internal and precedent (added since; scripts reading the first three are unaffected)."""
    found: dict[str, Any] = {
        "text": item.text,
        "verdict": item.verdict.value,
        "matches": [_match_json(m) for m in item.matches],
        "confidence": item.confidence.value,
    }
    if item.internal:
        found["internal"] = True
    if item.precedent:
        found["precedent"] = item.precedent
    return found


def review_json(result: Review) -> dict[str, Any]:
    """``{"department", "items", "duties", "summary"}``; item indexes count from 0."""
    return {
        "department": result.department,
        "items": [_item_json(item) for item in result.items],
        "duties": [
            {"duty": duty.duty.id, "status": duty.status.value, "items": list(duty.items)}
            for duty in result.duties
        ],
        "summary": _summary_json(result),
    }


def _summary_json(result: Review) -> dict[str, Any]:
    statuses = Counter(duty.status for duty in result.duties)
    return {
        "known_department": result.known,
        "items": len(result.items),
        "verdicts": {verdict.value: count for verdict, count in result.verdicts.items()},
        "duties": {status.value: statuses.get(status, 0) for status in Coverage},
        "categories": {
            category.value: {
                "duties": summary.duties,
                "covered": summary.covered,
                "uncovered": summary.uncovered,
                "periodic_uncovered": summary.periodic_uncovered,
                "unknown": summary.unknown,
                "items": summary.items,
            }
            for category, summary in result.categories.items()
        },
        "overlaps": [
            {
                "item": item.index,
                "duty": item.duty.duty_id,
                "department": item.duty.department,
                "own_duty": item.own.duty_id if item.own else None,
                "lead": item.lead,
            }
            for item in result.items
            if item.verdict is Verdict.OVERLAP and item.duty is not None
        ],
        "retired": [
            {"item": item.index, "duty": item.duty.duty_id, "status": item.duty.status.value}
            for item in result.items
            if item.verdict is Verdict.RETIRED and item.duty is not None
        ],
    }


# ---- readable table ---------------------------------------------------------------------------------------


def review_text(result: Review, catalog: Catalog, inferred: bool = False) -> str:
    department = catalog.get(result.department)
    name = (
        f"{department.name}（{result.department}）"
        if department
        else f"{result.department}（不在职责目录中）"
    )
    lines = [f"目标管理审查：{name}，共 {len(result.items)} 条工作条目"]
    if inferred:
        lines.append("（未指定 --department，按匹配结果推断所属部门）")
    if not result.known:
        lines.append("该部门不在职责目录中：没有条目能判为职责内，只能看是否与其他部门职责交叉。")
    lines += [
        "",
        format_table(("序号", "结论", "对应职责", "得分", "依据", "条目"), _item_rows(result, catalog)),
    ]
    lines += ["", "职责覆盖情况："]
    if result.duties:
        rows = [
            (
                duty.duty.id,
                duty.duty.category.value,
                COVERAGE_LABELS[duty.status] + ("" if duty.duty.active else f"（{duty.duty.status.label}）"),
                "、".join(str(i + 1) for i in duty.items) or "—",
            )
            for duty in result.duties
        ]
        lines.append(format_table(("职责", "类别", "状态", "条目"), rows, indent="  "))
    else:
        lines.append("  （无）")
    lines += ["", _summary_text(result)]
    return "\n".join(lines)


def _item_rows(result: Review, catalog: Catalog) -> list[tuple[object, ...]]:
    rows = []
    for item in result.items:
        match = item.duty or (item.matches[0] if item.matches else None)
        duty = match.duty_id if match else "—"
        if item.verdict is Verdict.OVERLAP and item.duty is not None:
            other = _department_name(catalog, item.duty.department)
            duty = f"{item.duty.duty_id}（{other}）；{_lead_text(item, catalog)}"
        score = f"{match.score:.2f}" if match else "—"
        evidence = (
            "、".join(match.evidence[:4]) if match and item.verdict is not Verdict.OUT_OF_SCOPE else "—"
        )
        if item.precedent:
            evidence = f"编办曾认定：{item.precedent}"
        rows.append((item.index + 1, verdict_label(item), duty, score, evidence, item.text))
    return rows


def verdict_label(item: ItemReview) -> str:
    """The verdict as the table shows it: internal work named as such, a low-confidence one left to staff."""
    if item.internal:
        return "机关自身建设"
    label = VERDICT_LABELS[item.verdict]
    return label if item.confidence is Confidence.HIGH else f"{label}（待编办研判）"


def _lead_text(item: ItemReview, catalog: Catalog) -> str:
    if item.lead is None:
        return "主办不明，需编办研究"
    return f"{_department_name(catalog, item.lead)}主办"


def _department_name(catalog: Catalog, code: str) -> str:
    department = catalog.get(code)
    return department.display_name if department else code


def _summary_text(result: Review) -> str:
    verdicts = " · ".join(f"{VERDICT_LABELS[v]} {n}" for v, n in result.verdicts.items())
    statuses = Counter(duty.status for duty in result.duties)
    coverage = " · ".join(f"{COVERAGE_LABELS[s]} {statuses.get(s, 0)}" for s in Coverage)
    categories = "；".join(
        f"{category.value} {summary.covered}/{summary.duties}"
        for category, summary in result.categories.items()
        if summary.duties
    )
    lines = [f"汇总：{verdicts}", f"职责：{coverage}"]
    if categories:
        lines.append(f"按类别（已覆盖/职责数）：{categories}")
    return "\n".join(lines)


__all__ = ["DutyCategory", "infer_department", "register", "review_json", "review_text", "run"]
