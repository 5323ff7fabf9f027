"""What 绩效管理 says (Chinese): scores with the evidence of every point, ratings, evaluation imports, the
sheet an evaluating office fills, and the messages of the ``fmbot perf`` commands.

Functions take plain values and fm_domain.performance's records and return text; nothing here reads the
database or decides anything. One evidence renderer serves the chat, the CLI and the xlsx export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from conversations.texts import FINDING_LABELS, FINDING_STATUS, excerpt
from fm_domain.models import Catalog
from fm_domain.performance import (
    DepartmentScore,
    Direction,
    Evaluation,
    Evidence,
    EvidenceKind,
    Grade,
    Indicator,
    Point,
    Rating,
    Scheme,
    SourceKind,
    YearScores,
    number_text,
)
from fm_domain.performance.rules import PerUnit, Ratio
from fm_domain.recommendations import RecommendationKind
from fm_domain.recommendations import texts as recommendation_texts
from fm_domain.records import FindingKind, FindingStatus

# Evidence items shown per point in chat; the CLI and the export show them all.
CHAT_EVIDENCE = 4
EVIDENCE_SEPARATOR = "；"

DIRECTION_LABELS = {Direction.BONUS: "加分", Direction.PENALTY: "扣分"}
SOURCE_LABELS = {
    SourceKind.RECORD: "本系统记录",
    SourceKind.EVALUATION: "外部评价",
    SourceKind.RATING: "领导评价",
}


# --- points and their evidence ----------------------------------------------------------------------


def points_text(points: Decimal) -> str:
    return f"{points:.2f}"


def raw_text(point: Point, indicator: Indicator | None) -> str:
    """The raw value as a person checks it: 11/12 (a share over its cases), 2 件, 85, 好、较好."""
    if point.value is None:
        return "缺少数据"
    if isinstance(point.value, str):
        return point.value
    rule = indicator.rule if indicator else None
    if isinstance(rule, Ratio) and point.cases is not None:
        return "无应办事项" if point.cases == 0 else f"{point.value * point.cases}/{point.cases}"
    if isinstance(rule, PerUnit):
        return f"{number_text(point.value)} 件"
    return number_text(point.value)


def evidence_text(evidence: Evidence, point: Point, names: Mapping[str, str] | None = None) -> str:
    """One piece of evidence in Chinese; ``names`` gives duty labels by duty id (第3项职责 …)."""
    kind = evidence.kind
    late = "" if evidence.counted else "，逾期"
    if kind is EvidenceKind.SUBMISSION:
        return (
            f"{evidence.note} {evidence.period}（回执 {evidence.ref}，{_day(evidence.at)} 报送，"
            f"{_day(evidence.due)} 截止{late}）"
        )
    if kind is EvidenceKind.RECEIPT:
        received = f"编办 {_day(evidence.at)} 登记收到"
        return f"{evidence.note} {evidence.period}（{received}，{_day(evidence.due)} 截止{late}）"
    if kind is EvidenceKind.MISSING:
        return f"{evidence.ref} {evidence.period}（{_day(evidence.due)} 截止，未报送）"
    if kind is EvidenceKind.DUTY:
        label = (names or {}).get(evidence.ref, f"职责 {evidence.ref}")
        if evidence.note == "periodic":
            return f"{label}（阶段性职责，本年度未安排，不计入）"
        return f"{label}（回执 {evidence.note} 涉及）" if evidence.counted else f"{label}（本年度未涉及）"
    if kind is EvidenceKind.FINDING:
        what = FINDING_LABELS.get(FindingKind(evidence.period), evidence.period)
        return f"发现 #{evidence.ref}（{what}：{excerpt(evidence.note, 20)}，已确认）"
    if kind is EvidenceKind.INQUIRY:
        answered = f"{_day(evidence.at)} 回复" if evidence.at else "未回复"
        if evidence.note:  # acceptance
            outcome = "已采纳" if evidence.counted else "逾期未得到可采纳的回复"
            return f"函询 #{evidence.ref}（{answered}，{outcome}）"
        return f"函询 #{evidence.ref}（{_day(evidence.due)} 截止，{answered}{late}）"
    if kind in _FOLLOW_UP:
        return _FOLLOW_UP[kind](evidence)
    if kind is EvidenceKind.EVALUATION:
        if not evidence.note:
            return f"考评表 {evidence.ref}（第 {evidence.period} 号导入）未评价本部门"
        said = f"，说明：{excerpt(evidence.comment, 30)}" if evidence.comment else ""
        cell = evidence.note.removeprefix(f"{evidence.ref} ")  # the cell's place names the file too
        return f"考评表 {evidence.ref}（第 {evidence.period} 号导入，{cell}{said}）"
    if kind is EvidenceKind.RATING:
        said = f"：{excerpt(evidence.comment, 30)}" if evidence.comment else ""
        return f"{evidence.ref}评价“{evidence.note}”{said}"
    if kind is EvidenceKind.NOTHING_DUE:
        return (
            "本年度无应办事项，按满分计" if point.direction is Direction.BONUS else "本年度无此类情形，不扣分"
        )
    return "暂无记录来源（运行监管、动态管理上线后计入），按无应办事项计"


def _rectification(evidence: Evidence) -> str:
    what = FINDING_LABELS.get(FindingKind(evidence.period), evidence.period)
    settled = f"{_day(evidence.at)} 整改到位" if evidence.at else "未整改到位"
    late = "" if evidence.counted or evidence.at is None else "，逾期"
    return f"发现 #{evidence.ref}（{what}，{_day(evidence.due)} 整改期限，{settled}{late}）"


def _recommendation(evidence: Evidence) -> str:
    kind = recommendation_texts.KIND_LABELS.get(RecommendationKind(evidence.period), evidence.period)
    adopted = f"{_day(evidence.at)} 采纳" if evidence.at else "已采纳"
    if evidence.note == "advice":
        return f"建议 #{evidence.ref}（{kind}，{adopted}，属工作建议，不调整三定，不计入）"
    done = f"已形成三定修订 {evidence.note}" if evidence.counted else "尚未形成三定修订"
    return f"建议 #{evidence.ref}（{kind}，{adopted}，{done}）"


def _signal(evidence: Evidence) -> str:
    what = FINDING_LABELS.get(FindingKind(evidence.period), evidence.period)
    status = FINDING_STATUS.get(FindingStatus(evidence.note), evidence.note)
    return f"发现 #{evidence.ref}（{what}，截至 {_day(evidence.due)}：{status}）"


_FOLLOW_UP: dict[EvidenceKind, Callable[[Evidence], str]] = {
    EvidenceKind.RECTIFICATION: _rectification,
    EvidenceKind.RECOMMENDATION: _recommendation,
    EvidenceKind.SIGNAL: _signal,
}


def duty_labels(catalog: Catalog) -> dict[str, str]:
    """Each duty's label in evidence: 第3项职责“负责全市社会救助…”."""
    return {duty.id: f"第{duty.n}项职责“{excerpt(duty.text, 16)}”" for duty in catalog.all_duties()}


def _day(day: date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def missing_text(point: Point, indicator: Indicator | None) -> str:
    """Why a point has no data."""
    if indicator is None:
        return "缺少数据"
    if indicator.source is SourceKind.EVALUATION:
        if point.evidence:
            return evidence_text(point.evidence[0], point)
        return f"尚未导入「{indicator.origin}」考评表"
    if indicator.source is SourceKind.RATING:
        return f"尚无{indicator.origin}评价"
    return "缺少数据"


def point_evidence(
    point: Point,
    indicator: Indicator | None,
    names: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> str:
    """The evidence of one point, what tells against the department first; ``limit`` items at most."""
    if point.missing:
        return missing_text(point, indicator)
    ordered = sorted(point.evidence, key=lambda item: item.counted)
    shown = ordered if limit is None else ordered[:limit]
    text = EVIDENCE_SEPARATOR.join(evidence_text(item, point, names) for item in shown)
    if len(ordered) > len(shown):
        text += f"{EVIDENCE_SEPARATOR}等共 {len(ordered)} 项"
    return text


def point_line(
    point: Point,
    indicator: Indicator | None,
    names: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> str:
    most = (
        f"最多扣 {point.max_points} 分"
        if point.direction is Direction.PENALTY
        else f"满分 {point.max_points}"
    )
    return (
        f"· {point.name}：{points_text(point.points)} 分（{most}），"
        f"原始值 {raw_text(point, indicator)}"
        f"\n  依据：{point_evidence(point, indicator, names, limit)}"
    )


def score_text(
    score: DepartmentScore,
    scores: YearScores,
    department: str,
    names: Mapping[str, str] | None = None,
    limit: int | None = CHAT_EVIDENCE,
) -> str:
    """A department's whole breakdown: dimension by dimension, each point with its evidence."""
    scheme = scores.scheme
    state = (
        f"{scores.closed_at:%Y-%m-%d} 考评结束，结果已固定"
        if scores.closed_at
        else f"考评进行中，按截至 {scores.as_of:%Y-%m-%d} 的数据计算，结果随数据变化"
    )
    lines = [
        f"{department} {scores.year} 年度绩效考评：{points_text(score.total)} 分"
        f"（满分 {scheme.bonus_points}），第 {score.rank}/{len(scores.scores)} 名。{state}",
        f"方案：{scheme.name}",
    ]
    for dimension in scheme.dimensions:
        lines.append(
            f"【{dimension.name}】{points_text(score.dimension_total(dimension.code))} 分"
            + (f"（满分 {dimension.bonus_points}）" if dimension.bonus_points else "")
        )
        for point in score.points:
            if point.dimension == dimension.code:
                lines.append(point_line(point, scheme.indicator(point.indicator), names, limit))
    if score.missing:
        lines.append(f"缺少数据 {len(score.missing)} 项：{'、'.join(p.name for p in score.missing)}")
    return "\n".join(lines)


def ranking_text(scores: YearScores, names: Mapping[str, str]) -> str:
    scheme = scores.scheme
    state = "已结束，结果已固定" if scores.closed_at else f"进行中，截至 {scores.as_of:%Y-%m-%d}"
    heading = f"{scores.year} 年度绩效考评排名（{state}；满分 {scheme.bonus_points}）："
    dimensions = "／".join(d.name for d in scheme.dimensions)
    lines = [heading, f"名次 部门 总分（{dimensions}）"]
    for score in scores.scores:
        parts = "／".join(points_text(score.dimension_total(d.code)) for d in scheme.dimensions)
        missing = f"，缺少数据 {len(score.missing)} 项" if score.missing else ""
        name = names.get(score.department, score.department)
        lines.append(f"{score.rank}. {name} {points_text(score.total)}（{parts}）{missing}")
    return "\n".join(lines)


# --- chat: /考评 ------------------------------------------------------------------------------------

SUMMARY_SCORE = "查看部门年度绩效考评得分及每一分的依据（如：/考评 民政局 2026）"
SCORE_USAGE = "/考评 [部门] [年度]"
SCORE_NOT_CLOSED_FOR_LIAISON = "{year} 年度考评尚未结束。考评结束、结果固定后，可在此查看本部门的得分和依据。"
SCORE_NEEDS_DEPARTMENT = "请写明部门，例如：/考评 民政局 2026。"


def score_not_closed_for_liaison(year: int) -> str:
    return SCORE_NOT_CLOSED_FOR_LIAISON.format(year=year)


def no_scheme(year: int) -> str:
    return f"{year} 年度还没有考评方案：请编办先导入（fmbot perf scheme import 文件）。"


def year_not_understood(word: str) -> str:
    return f"“{word}”不是年度，请写四位年份，例如 2026。"


# --- chat: /评价 ------------------------------------------------------------------------------------

SUMMARY_RATE = "评价分管部门的年度工作（好、较好、一般、差，并附评语），年度考评结束前可修改"
RATE_USAGE = "/评价 部门 [年度]"
RATE_TITLE = "领导评价"
RATE_COMMENT_SKIP = "不写评语"
RATE_COMMENT_EMPTY = "请发送评语，或点“不写评语”。"
GRADE_LABELS = {grade: grade.value for grade in Grade}


def rate_departments(year: int, departments: Sequence[tuple[str, str]]) -> str:
    """What /评价 without a department shows: each department the leader may rate and their grade so far."""
    if not departments:
        return "您没有可以评价的部门。"
    lines = [f"{year} 年度您可以评价的部门（发送 /评价 部门名称）："]
    lines += [f"· {name}：{grade or '尚未评价'}" for name, grade in departments]
    return "\n".join(lines)


def rate_grade_prompt(department: str, year: int, current: Rating | None) -> str:
    now = (
        f"\n您此前的评价：{current.grade.value}" + (f"（{current.comment}）" if current.comment else "")
        if current
        else ""
    )
    return f"请评价{department} {year} 年度的工作：{now}"


def rate_comment_prompt(department: str, grade: str) -> str:
    return f"{department}：{grade}。请发送评语（一两句话即可），或点“{RATE_COMMENT_SKIP}”。"


def rated(department: str, year: int, grade: str, comment: str, first: bool) -> str:
    verb = "已记录" if first else "已修改"
    said = f"，评语：{comment}" if comment else ""
    return f"{verb}您对{department} {year} 年度的评价：{grade}{said}。年度考评结束前可再次发送 /评价 修改。"


def year_closed(year: int) -> str:
    return f"{year} 年度考评已结束，结果已固定，不能再修改评价或导入考评表。"


# --- chat: /导入考评 and /考评模板 ------------------------------------------------------------------------

SUMMARY_IMPORT = "导入评价部门填好的考评表（.xlsx），原文件留存为依据"
IMPORT_TITLE = "导入考评表"
IMPORT_PROMPT = (
    "请发送评价部门填好的考评表（.xlsx，由 /考评模板 或 fmbot perf template 生成）。"
    "表中有错时会指出单元格，整张表都不会导入。"
)
IMPORT_NOT_XLSX = "考评表应为 .xlsx 文件，请重新发送。"
SUMMARY_TEMPLATE = "生成评价部门填写的考评表（如：/考评模板 信访 2026）"
TEMPLATE_USAGE = "/考评模板 来源 [年度]"


def evaluation_refused(error: str) -> str:
    return f"考评表未导入：{error}\n请改正后重新发送，或发送 /取消。"


def evaluation_imported(
    evaluation: Evaluation,
    items: Sequence[Indicator],
    replaced: Evaluation | None,
    local: Callable[[datetime], datetime],
) -> str:
    departments = len(evaluation.departments)
    lines = [
        f"已导入 {evaluation.year} 年度「{evaluation.source}」考评表 {evaluation.file_name}"
        f"（第 {evaluation.id} 号导入）：{departments} 个部门，指标 {'、'.join(i.name for i in items)}。"
        "原文件已留存，作为考评依据。"
    ]
    if replaced is not None and replaced.imported_at is not None:
        lines.append(
            f"它取代了 {local(replaced.imported_at):%Y-%m-%d %H:%M} 导入的 {replaced.file_name}"
            f"（第 {replaced.id} 号导入，仍留存）。"
        )
    return "\n".join(lines)


def template_ready(source: str, year: int, departments: int) -> str:
    return (
        f"{year} 年度「{source}」考评表模板：{departments} 个部门各一行。请评价部门填好后发回（/导入考评）。"
    )


def unknown_source(source: str, year: int, known: Iterable[str]) -> str:
    return f"{year} 年度考评方案没有来源「{source}」；可用来源：{'、'.join(known) or '（无）'}。"


# --- the evaluation sheet ---------------------------------------------------------------------------

SHEET_INSTRUCTIONS = (
    "每个部门一行；各指标按表头括号中的范围填写（件数填整数，等次填 好/较好/一般/差）；"
    "未评价的部门整行留空；请勿改动部门代码、年度、评价来源和表头。"
)


def sheet_title(year: int, source: str) -> str:
    return f"{year}年度{source}评价"


def sheet_column(item: Indicator) -> str:
    return f"{item.name}（{item.rule.range_text(item.points)}）"


def sheet_file_name(year: int, source: str) -> str:
    return f"{year}年度考评表-{source}.xlsx"


# --- fmbot perf -------------------------------------------------------------------------------------


def scheme_summary(scheme: Scheme, stored: bool) -> str:
    where = "已导入的方案" if stored else "未导入本年度方案，使用 fmbot 默认方案"
    lines = [f"{scheme.year} 年度考评方案：{scheme.name}（{where}；满分 {scheme.bonus_points}）"]
    for dimension in scheme.dimensions:
        lines.append(f"【{dimension.name}】{len(dimension.indicators)} 项")
        for item in dimension.indicators:
            origin = item.origin if item.source is not SourceKind.RECORD else f"本系统 {item.origin}"
            lines.append(
                f"  {item.code} {item.name}：{DIRECTION_LABELS[item.direction]} {item.points} 分，"
                f"{SOURCE_LABELS[item.source]}（{origin}），{item.rule.text}"
            )
    return "\n".join(lines)


def scheme_imported(scheme: Scheme, file_name: str) -> str:
    items = sum(len(d.indicators) for d in scheme.dimensions)
    return (
        f"已导入 {scheme.year} 年度考评方案「{scheme.name}」：{len(scheme.dimensions)} 个维度、"
        f"{items} 项指标（{file_name}）。"
    )


def scores_exported(year: int, departments: int, path: str) -> str:
    return f"已导出 {year} 年度 {departments} 个部门的考评结果到 {path}（考评汇总、考评明细两个工作表）。"


def close_refused_missing(year: int, missing: Mapping[str, Sequence[str]]) -> str:
    lines = [f"{year} 年度仍有缺少数据的指标，未结束考评（确认按现有数据结束，请加 --force）："]
    lines += [f"· {name}：{'、'.join(departments)}" for name, departments in missing.items()]
    return "\n".join(lines)


def year_closed_now(year: int, departments: int, first: str) -> str:
    return (
        f"{year} 年度考评已结束：{departments} 个部门的得分和依据已固定，此后的新数据不再改变它们。"
        f"第一名：{first}。"
    )
