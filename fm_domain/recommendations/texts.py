"""Every Chinese sentence of monitoring and recommendations, in one place: labels, signal lines, rationales
and the wording of proposed catalog changes. Plain language for staff: what the records show, then what
is proposed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fm_domain.models import Catalog, DutyCategory, DutyStatus
from fm_domain.monitoring.signal import Evidence, Mark, Pattern, Severity, Signal, SignalKind
from fm_domain.recommendations.recommendation import (
    CatalogChange,
    NewDuty,
    Recommendation,
    RecommendationKind,
    RecommendationState,
    Shift,
    StatusChange,
)

SIGNAL_LABELS = {
    SignalKind.GAP: "缺位",
    SignalKind.OVERREACH: "越位",
    SignalKind.OVERLAP: "职责交叉",
    SignalKind.LAG: "滞后",
    SignalKind.UNREPORTED: "不报",
}
SEVERITY_LABELS = {Severity.NOTICE: "提示", Severity.WARNING: "关注", Severity.SERIOUS: "严重"}
KIND_LABELS = {
    RecommendationKind.CANCEL: "取消职能",
    RecommendationKind.URGE: "督促履行",
    RecommendationKind.CLARIFY: "明确新增职能",
    RecommendationKind.CORRECT: "纠正职责范围",
    RecommendationKind.IMPROVE: "改进履职方式",
    RecommendationKind.SHIFT: "推动职能转变",
    RecommendationKind.STREAMLINE: "理顺职责关系",
    RecommendationKind.STAFFING: "调整机构编制",
}
STATE_LABELS = {
    RecommendationState.PROPOSED: "待研究",
    RecommendationState.ADOPTED: "已采纳",
    RecommendationState.AMENDED: "修改后采纳",
    RecommendationState.REJECTED: "不采纳",
}
SHIFT_LABELS = {
    Shift.CANCEL: "取消",
    Shift.TRANSFER: "转移",
    Shift.DELEGATE: "下放",
    Shift.MERGE: "整合",
    Shift.STRENGTHEN: "加强",
}
WHOLE_DEPARTMENT = "部门整体"  # the heading of what no class of duty holds


def category_label(category: DutyCategory | None) -> str:
    return category.value if category is not None else WHOLE_DEPARTMENT


def name(catalog: Catalog, code: str) -> str:
    department = catalog.get(code)
    return department.display_name if department else code


def duty_ref(catalog: Catalog, duty_id: str) -> str:
    """``教育局第6项职责“主管全市语言文字工作……”``."""
    duty = catalog.duty(duty_id)
    if duty is None:
        return duty_id
    return f"{name(catalog, duty.department)}第{duty.n}项职责“{_excerpt(duty.text, 24)}”"


def _excerpt(text: str, limit: int) -> str:
    text = text.rstrip("。；;")
    return text if len(text) <= limit else text[:limit] + "……"


def _month(day: date) -> str:
    return f"{day.year}年{day.month}月"


def _examples(items: Sequence[str], limit: int = 2) -> str:
    distinct = list(dict.fromkeys(items))
    shown = "、".join(f"“{_excerpt(item, 20)}”" for item in distinct[:limit])
    return shown + ("等" if len(distinct) > limit else "")


# -- signals -----------------------------------------------------------------------------------------------


def signal_line(catalog: Catalog, signal: Signal) -> str:
    """One line per signal, as ``fmbot monitor`` prints it."""
    label = f"【{SIGNAL_LABELS[signal.kind]}·{SEVERITY_LABELS[signal.severity]}】"
    return f"{label}{name(catalog, signal.department)}：{signal_body(catalog, signal)}"


def signal_body(catalog: Catalog, signal: Signal) -> str:
    """What the signal shows, without the label and department: the item of the finding it raises."""
    items = [e.item for e in signal.evidence if e.item]
    match signal.pattern:
        case Pattern.UNPERFORMED:
            body = f"{duty_ref(catalog, signal.duties[0])}自{_month(signal.start)}起没有报送事项涉及"
        case Pattern.OUT_OF_SCOPE:
            body = f"经确认超出职责的{_examples(items)}在{len(signal.periods)}个报送期出现"
        case Pattern.RETIRED:
            body = f"仍承担{duty_ref(catalog, signal.duties[0])}（{len(signal.periods)}个报送期，经确认）"
        case Pattern.RECURRING:
            other = name(catalog, signal.other_department)
            body = f"与{other}在{duty_ref(catalog, signal.duties[0])}上交叉{len(signal.periods)}个报送期"
        case Pattern.BOTH_CLAIM:
            body = f"与{name(catalog, signal.other_department)}均把{_examples(items)}作为本部门职责开展"
        case Pattern.DELAYED:
            body = f"{_examples(items, 1)}连续{sum(e.mark is Mark.DELAYED for e in signal.evidence)}次延期"
        case Pattern.ONGOING:
            body = f"{_examples(items, 1)}连续{len(signal.evidence)}个月仍在推进中"
        case Pattern.NOT_STARTED:
            body = f"年中仍有{len(signal.evidence)}项年度目标未启动：{_examples(items)}"
        case Pattern.LATE_OR_MISSING:
            late = sum(e.mark is Mark.LATE for e in signal.evidence)
            body = f"一年内逾期报送{late}次、未报{len(signal.evidence) - late}次"
    return body


def signal_detail(signal: Signal) -> str:
    """The detail of the finding a signal raises: how serious, and how many records stand behind it."""
    return f"{SEVERITY_LABELS[signal.severity]}；依据{len(signal.evidence)}项记录"


# -- rationales -------------------------------------------------------------------------------------------


def unperformed(catalog: Catalog, duty_id: str, since: date, months: int) -> str:
    return (
        f"{duty_ref(catalog, duty_id)}自{_month(since)}以来{months}个月"
        "没有任何年度目标、月度安排或半年总结涉及。"
    )


def cancel(catalog: Catalog, duty_id: str, since: date, months: int) -> str:
    return (
        unperformed(catalog, duty_id, since, months)
        + "已属长期不履行，建议研究取消该项职责；如确需保留，应督促部门履行并说明原因。"
    )


def cancel_verified(catalog: Catalog, duty_id: str, since: date, months: int) -> str:
    return (
        unperformed(catalog, duty_id, since, months)
        + "编办经书面函询、走访等核实，确认该项职责未实际履行。建议研究取消该项职责；"
        "如确需保留，应督促部门履行并说明原因。"
    )


def urge(catalog: Catalog, duty_id: str, since: date, months: int) -> str:
    return unperformed(catalog, duty_id, since, months) + "建议督促部门履行，并以书面函询了解未开展的原因。"


def transfer(
    catalog: Catalog, duty_id: str, since: date, months: int, to: str, items: Sequence[str], periods: int
) -> str:
    return (
        unperformed(catalog, duty_id, since, months)
        + f"同期{name(catalog, to)}在{periods}个报送期实际承担了相关工作（{_examples(items)}，经编办确认）。"
        + f"建议研究将该项职责转移至{name(catalog, to)}，或督促原部门履行。"
    )


def narrowing(catalog: Catalog, department: str, silent: int, expected: int) -> str:
    return (
        f"{name(catalog, department)}应常态履行的{expected}项职责中，有{silent}项在监测期内"
        "没有任何报送事项涉及，存在擅自缩小职责范围的情况。建议予以纠正，督促全面履行三定规定的职责。"
    )


def clarify(
    catalog: Catalog, department: str, items: Sequence[str], periods: int, category: DutyCategory
) -> str:
    return (
        f"{name(catalog, department)}在{periods}个报送期开展了{_examples(items)}工作，"
        f"经编办确认超出三定规定的职责，且持续开展。建议研究将其明确为新增职能（拟归入{category.value}），并相应调整三定规定。"
    )


def new_duty_text(item: str) -> str:
    """The draft wording of a new duty from the work that recurs: for staff to amend when adopting."""
    return f"承担{_excerpt(item, 30)}相关工作。"


def overreach(catalog: Catalog, duty_id: str, items: Sequence[str], periods: int) -> str:
    duty = catalog.duty(duty_id)
    status = duty.status.label if duty else "调整"
    return (
        f"{name(catalog, duty.department if duty else '')}仍在承担{status}的{duty_ref(catalog, duty_id)}，"
        f"在{periods}个报送期出现（{_examples(items)}，经编办确认），属擅自扩大职责范围。建议予以纠正。"
    )


def improve(catalog: Catalog, department: str, descriptions: Sequence[str], lagging: int) -> str:
    lag = f"同期有{lagging}项工作滞后。" if lagging else ""
    return (
        f"{name(catalog, department)}年内{len(descriptions)}次报告履职方面的问题"
        f"（{_examples(descriptions)}）。{lag}"
        "建议针对反映集中的问题改进履职方式方法，必要时走访座谈了解情况。"
    )


def streamline(
    catalog: Catalog,
    first: str,
    second: str,
    duties: Sequence[str],
    items: Sequence[str],
    periods: int,
    lead: str,
    both_claim: bool,
) -> str:
    shared = "、".join(duty_ref(catalog, duty) for duty in duties)
    how = "均作为本部门职责开展" if both_claim else "反复交叉"
    found = (
        f"{name(catalog, first)}与{name(catalog, second)}在{_examples(items)}工作上{how}，"
        f"涉及{shared}，共{periods}个报送期，经编办确认。"
    )
    if not lead:
        return found + "按现有职责表述难以确定牵头部门，建议编办研究明确牵头和配合部门。"
    assist = second if lead == first else first
    return found + f"建议明确由{name(catalog, lead)}牵头、{name(catalog, assist)}配合，并写入双方职责。"


def lead_note(catalog: Catalog, item: str, lead: str, assist: str, we_lead: bool) -> str:
    """The sentence added to a duty: who leads the shared work, who assists."""
    matter = _excerpt(item, 20)
    if we_lead:
        return f"（{matter}等工作由本部门牵头，{name(catalog, assist)}配合。）"
    return f"（{matter}等工作由{name(catalog, lead)}牵头，本部门配合。）"


def workload(
    catalog: Catalog, department: str, per_post: float, median: float, ratio: float, posts: int
) -> str:
    heavier = ratio > 1
    return (
        f"{name(catalog, department)}年内报送事项按每名行政编制计为{per_post:.1f}项，"
        f"其他部门中位数为{median:.1f}项，约为其{ratio:.1f}倍。"
        + (
            f"建议结合职责任务研究核增编制或在系统内调剂，按中位数测算约需增加{posts}名。"
            if heavier
            else f"建议研究核减或调剂编制，按中位数测算约{posts}名。"
        )
    )


def cancelled_staffing(catalog: Catalog, duties: Sequence[str], posts_per_duty: float) -> str:
    return (
        f"拟取消或转移{'、'.join(duty_ref(catalog, d) for d in duties)}，按本部门每项职责平均"
        f"{posts_per_duty:.1f}名编制测算，可研究相应核减或调剂编制。"
    )


def added_staffing(catalog: Catalog, items: int, per_post: float) -> str:
    needed = items / per_post if per_post else 0.0
    return (
        f"拟明确的新增职能年内报送事项{items}项，按本部门每名编制年均{per_post:.1f}项测算，约需{needed:.1f}名编制，"
        "建议在现有编制内调剂，确有必要的研究核增。"
    )


# -- what ``fmbot monitor`` and ``fmbot recommend`` print beside the lines above -------------------------

_MARKS = {
    Mark.EXAMINED: "未涉及",
    Mark.LAST_PERFORMED: "最近一次涉及",
    Mark.CONFIRMED: "经确认",
    Mark.OVERLAPPING: "交叉",
    Mark.DELAYED: "延期",
    Mark.ONGOING: "推进中",
    Mark.NOT_STARTED: "未启动",
    Mark.LATE: "逾期",
    Mark.MISSING: "未报",
    Mark.ISSUE_REPORTED: "问题报告",
}


def evidence_text(catalog: Catalog, evidence: Evidence) -> str:
    """``2026-03 报送#25“开展托育机构备案登记”（发现#12，经确认）``: where a reader finds the record."""
    where = f"报送#{evidence.submission_id}" if evidence.submission_id is not None else ""
    if evidence.issue_report_id is not None:
        where = f"问题报告#{evidence.issue_report_id}"
    who = (
        f"{name(catalog, evidence.department)} "
        if evidence.department and evidence.mark is Mark.OVERLAPPING
        else ""
    )
    item = f"“{_excerpt(evidence.item, 24)}”" if evidence.item else ""
    notes = [f"发现#{evidence.finding_id}"] if evidence.finding_id is not None else []
    mark = _MARKS[evidence.mark]
    if evidence.mark is Mark.LATE:
        mark = f"逾期{evidence.working_days_late}个工作日"
    if evidence.reason:
        mark = f"{mark}：{evidence.reason}"
    notes.append(mark)
    return f"{evidence.period} {who}{where}{item}（{'，'.join(notes)}）"


def change_text(catalog: Catalog, change: CatalogChange) -> str:
    """What adopting changes in the 三定, as staff read it."""
    if isinstance(change, StatusChange):
        label = DutyStatus(change.status).label
        return f"{duty_ref(catalog, f'{change.department}.{change.n}')}改为{label}"
    if isinstance(change, NewDuty):
        return f"{name(catalog, change.department)}新增职责“{change.text}”（{change.category.value}）"
    return f"{duty_ref(catalog, f'{change.department}.{change.n}')}增写“{change.note}”"


def monitor_heading(moment: str, count: int) -> str:
    return f"{moment} 监测信号：{count} 条" if count else f"{moment} 没有监测信号。"


def recommend_heading(catalog: Catalog, department: str, year: int, count: int) -> str:
    who = name(catalog, department)
    return f"{who}{year}年度动态管理建议：{count} 条" if count else f"{who}{year}年度没有动态管理建议。"


def recommendation_line(number: int, recommendation: Recommendation) -> str:
    kind = KIND_LABELS[recommendation.kind]
    if recommendation.shift is not None and recommendation.kind is RecommendationKind.SHIFT:
        kind = f"{kind}（{SHIFT_LABELS[recommendation.shift]}）"
    return f"{number}. {kind}［{STATE_LABELS[recommendation.state]}］{recommendation.rationale}"


CHANGES_HEADING = "   拟修改三定："
EVIDENCE_HEADING = "   依据："
CLASS_TABLE_HEADING = "职能类别              职责  已履行  缺位  事项"


def class_row(category: DutyCategory | None, duties: int, performed: int, gaps: int, items: int) -> str:
    label = category_label(category)
    pad = " " * max(0, 18 - 2 * len(label))  # 部门间协调配合类, the longest, takes 16 columns
    return f"{label}{pad}{duties:>6}{performed:>8}{gaps:>6}{items:>6}"


def examined_text(evidence: Sequence[Evidence]) -> str:
    """The reports of a silent span in one line: ``2026-01至2026-12的12份报送均未涉及（#1、#2…）``."""
    numbers = "、".join(f"#{e.submission_id}" for e in evidence)
    span = f"{evidence[0].period}至{evidence[-1].period}" if len(evidence) > 1 else evidence[0].period
    return f"{span}的{len(evidence)}份报送均未涉及（报送{numbers}）"


def raised_line(numbers: Sequence[int], *, dry_run: bool, count: int) -> str:
    """What ``fmbot monitor`` did with the signals: the findings it raised, or would raise."""
    if dry_run:
        return f"（试运行）将转为发现的新信号：{count} 条，未写入。" if count else "（试运行）没有新信号。"
    if not numbers:
        return "没有新信号需要转为发现（此前已转的不重复）。"
    return f"已转为发现 {len(numbers)} 条：" + "、".join(f"#{n}" for n in numbers)


UNKNOWN_DEPARTMENT = "目录中没有部门 {code}。已有部门：{known}"
BAD_MOMENT = "--now 应为本地时刻，例如 2027-01-01T09:00，实际为 {value!r}"
