"""What 运行监管 and 动态管理 say in chat (Chinese): the monitoring job's notice to staff, the findings'
lifecycle (inquiry, visit, rectification, closing, history), visits, recommendations and the six classes.

Functions take plain values and return text; nothing here reads the database or decides anything. The
sentences about signals and recommendations themselves (what a signal shows, a recommendation's rationale,
a catalog change) are fm_domain.recommendations.texts', shared with ``fmbot monitor`` and ``fmbot
recommend``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from conversations.texts import FINDING_LABELS, FINDING_STATUS, excerpt
from fm_domain.records import FindingKind, FindingStatus, VisitKind

# --- the monitoring job ----------------------------------------------------------------------------------

NOTICE_LIMIT = 20  # lines of new findings in one notice; the rest are counted (发现 lists them all)


def monitoring_notice(day: date, lines: Sequence[str]) -> str:
    shown = list(lines[:NOTICE_LIMIT])
    more = f"\n另有 {len(lines) - NOTICE_LIMIT} 条，发送“发现”查看。" if len(lines) > NOTICE_LIMIT else ""
    return (
        f"【运行监管】{day.year}年{day.month}月{day.day}日监测新发现 {len(lines)} 条：\n"
        + "\n".join(shown)
        + more
        + "\n查看依据：/发现记录 编号；核实：/函询发现 编号、/走访 部门；处理：/确认发现、/驳回发现。"
    )


def new_finding_line(department: str, finding_id: int, kind: FindingKind, item: str) -> str:
    return f"{department}：#{finding_id} [{FINDING_LABELS[kind]}] {excerpt(item, 60)}"


# --- the findings' lifecycle -----------------------------------------------------------------------------

SUMMARY_INQUIRE_FINDINGS = "就发现向部门发出书面函询（发现转为函询核实中）"
USAGE_INQUIRE_FINDINGS = "/函询发现 编号"
SUMMARY_RECTIFY = "要求部门对已确认的发现限期整改（到期前后按工作日催办）"
USAGE_RECTIFY = "/整改 编号 期限 要求"
SUMMARY_RECTIFIED = "报告发现的整改情况"
USAGE_RECTIFIED = "/整改报告 编号 整改情况"
SUMMARY_CLOSE = "办结已确认或已整改的发现（写明结果，部门联络员随即收到）"
USAGE_CLOSE = "/办结发现 编号 结果"
SUMMARY_FINDING_RECORD = "查看一条发现的依据和处理经过"
USAGE_FINDING_RECORD = "/发现记录 编号"

LIFECYCLE_HINT = (
    "核实：/函询发现 编号、/走访 部门；确认后：/整改 编号 期限 要求、/办结发现 编号 结果；"
    "依据和经过：/发现记录 编号。也可写部门代替编号，处理该部门全部待处理的发现。"
)
RECTIFY_USAGE_HINT = (
    "用法：/整改 编号 期限 要求，期限写 2026-06-30、6月30日 或“10个工作日”，"
    "例如：/整改 12 10个工作日 停止开展托育机构备案。可写多个编号，如 12,13。"
)
RECTIFY_DEADLINE_PAST = "整改期限应晚于今天。"
CLOSE_NEED_OUTCOME = "请在编号后写明办结结果，例如：/办结发现 12 已停止开展，整改到位。"
RECTIFIED_TITLE = "报告整改情况"
RECTIFIED_NEED_ID = "请写明发现编号，例如：/整改报告 12 已停止开展并移交。发送 /状态 查看需整改的发现。"
RECTIFIED_EMPTY = "请用文字说明整改情况。"
INQUIRE_NEED_ONE_DEPARTMENT = "一次函询只发给一个部门：请只写同一部门的发现编号。"


def in_state(status: FindingStatus, deadline: date | None) -> str:
    """The state a listed finding is in, after its line, when it is not simply open."""
    if status is FindingStatus.RECTIFYING and deadline is not None:
        return f"（{FINDING_STATUS[status]}，期限 {deadline:%Y-%m-%d}）"
    return f"（{FINDING_STATUS[status]}）"


def cannot_move(finding_id: int, status: FindingStatus, action: str) -> str:
    return f"发现 #{finding_id} {FINDING_STATUS[status]}，不能{action}。"


ACTION_INQUIRE = "再发函询（已确认或已驳回的发现无需核实）"
ACTION_RECTIFY = "要求整改（须先确认发现）"
ACTION_CLOSE = "办结（须先确认发现；驳回的发现无需办结）"
ACTION_REPORT = "报告整改（编办尚未要求整改，或已办结）"


def inquiry_about_findings(department: str, lines: Sequence[str]) -> str:
    return f"就以下发现向{department}发出书面函询：\n" + "\n".join(lines)


def inquiry_findings_noted(inquiry_id: int, finding_ids: Sequence[int]) -> str:
    return f"发现 {_numbers(finding_ids)} 已转为函询核实中（函询第 {inquiry_id} 号）。"


def inquiry_findings_pending(finding_ids: Sequence[int]) -> str:
    """After an inquiry is accepted: what the office still has to decide."""
    numbers = _numbers(finding_ids)
    return f"该函询涉及的发现 {numbers} 仍待处理：/确认发现 编号 理由，或 /驳回发现 编号 理由。"


def rectify_requested(finding_id: int, deadline: date) -> str:
    return f"已要求整改发现 #{finding_id}，期限 {deadline:%Y-%m-%d}，已通知该部门联络员并将按期催办。"


def rectify_to_liaison(finding_id: int, item: str, requirement: str, deadline: date) -> str:
    return (
        f"【整改要求】编办确认关于“{item}”的发现（#{finding_id}）需要整改：{requirement}\n"
        f"请于 {deadline:%Y-%m-%d} 前完成，并发送 /整改报告 {finding_id} 说明整改情况。"
    )


LABEL_REPORT_RECTIFICATION = "报告整改情况"
LABEL_CLOSE = "办结"


def rectified_prompt(finding_id: int, item: str, requirement: str) -> str:
    return f"请说明发现 #{finding_id}（{item}）的整改情况。编办的要求：{requirement}"


def rectified_recorded(finding_id: int) -> str:
    return f"已报告发现 #{finding_id} 的整改情况，编办核实后办结。"


def rectified_to_staff(department: str, finding_id: int, item: str, text: str) -> str:
    return (
        f"【整改报告】{department}报告了发现 #{finding_id}（{item}）的整改情况：{text}\n"
        f"核实后办结：/办结发现 {finding_id} 结果；仍需整改：/整改 {finding_id} 期限 要求。"
    )


def closed(finding_id: int) -> str:
    return f"已办结发现 #{finding_id}，结果已通知该部门联络员。"


def closed_to_liaison(finding_id: int, item: str, outcome: str) -> str:
    return (
        f"【发现办结】关于“{item}”的发现（#{finding_id}）已办结。结果：{outcome}\n"
        "发送 /状态 查看全部审核结果。"
    )


def status_finding_line(
    finding_id: int,
    kind: FindingKind,
    item: str,
    status: FindingStatus,
    reason: str,
    note: str,
    deadline: date | None,
) -> str:
    """A finding past its decision (or being looked into), as /状态 shows it to the department."""
    parts = [FINDING_STATUS[status]]
    if deadline is not None:
        parts.append(f"期限 {deadline:%Y-%m-%d}")
    if reason:
        parts.append(f"确认理由：{reason}")
    if note:
        parts.append(f"{_NOTE_LABELS.get(status, '说明')}：{note}")
    return f"· #{finding_id} {item}——{FINDING_LABELS[kind]}：{'，'.join(parts)}"


_NOTE_LABELS = {
    FindingStatus.RECTIFYING: "整改要求",
    FindingStatus.RECTIFIED: "整改情况",
    FindingStatus.CLOSED: "办结结果",
}


def _numbers(finding_ids: Sequence[int]) -> str:
    return "、".join(f"#{n}" for n in finding_ids)


# --- a finding's record (/发现记录) --------------------------------------------------------------------


def record_heading(finding_id: int, department: str, kind: FindingKind, status: FindingStatus) -> str:
    return f"【发现 #{finding_id}】{department}·{FINDING_LABELS[kind]}·{FINDING_STATUS[status]}"


def record_item(item: str, detail: str) -> str:
    return f"事项：{item}" + (f"\n说明：{detail}" if detail else "")


RECORD_EVIDENCE_HEADING = "依据："
RECORD_HISTORY_HEADING = "经过："
RECORD_VISITS_HEADING = "走访记录："


def record_raised(at: datetime, where: str) -> str:
    return f"· {at:%Y-%m-%d %H:%M} 提出（{where}）"


RAISED_BY_MONITORING = "运行监管"


def raised_by_submission(receipt: str) -> str:
    return f"报送 {receipt}" if receipt else "报送"


def record_step(
    at: datetime,
    who: str,
    status: FindingStatus,
    reason: str,
    inquiry_id: int | None,
    visit_id: int | None,
    deadline: date | None,
) -> str:
    links = []
    if inquiry_id is not None:
        links.append(f"函询第 {inquiry_id} 号")
    if visit_id is not None:
        links.append(f"走访 #{visit_id}")
    if deadline is not None:
        links.append(f"期限 {deadline:%Y-%m-%d}")
    extra = f"（{'，'.join(links)}）" if links else ""
    why = f"：{reason}" if reason else ""
    return f"· {at:%Y-%m-%d %H:%M} {who}→{FINDING_STATUS[status]}{extra}{why}"


SYSTEM = "系统"


# --- visits (走访座谈, 现场查看) -------------------------------------------------------------------------

VISIT_KINDS = {VisitKind.TALK: "走访座谈", VisitKind.SITE: "现场查看"}


def visit_line(visit_id: int, kind: VisitKind, visited_on: date, place: str, notes: str) -> str:
    where = f"，{place}" if place else ""
    return f"· 走访 #{visit_id} {visited_on:%Y-%m-%d} {VISIT_KINDS[kind]}{where}：{excerpt(notes, 60)}"


# --- recommendations (动态管理) -----------------------------------------------------------------------------

SUMMARY_RECOMMEND = "查看部门年度动态管理建议（按职能类别，附依据和拟修改的三定内容）"
USAGE_RECOMMEND = "/建议 部门 [年度]"
SUMMARY_ADOPT = "采纳一条动态管理建议（调整三定的，随即生成新的三定版本并通知相关部门）"
USAGE_ADOPT = "/采纳建议 编号 理由"
SUMMARY_AMEND = "修改后采纳一条动态管理建议"
USAGE_AMEND = "/修改建议 编号"
SUMMARY_REJECT = "不采纳一条动态管理建议"
USAGE_REJECT = "/不采纳建议 编号 理由"
RECOMMEND_ASK = "请写明部门，例如：/建议 教育局 2026（年度可省略，默认上一年度）。"
RECOMMEND_NEED_ID = "请写明建议编号和理由，例如：/采纳建议 3 经核实该职能已无实际工作。编号见 /建议 部门。"
RECOMMEND_NEED_REASON = "请在编号后写明理由，例如：/不采纳建议 3 该职能仍需保留。"
RECOMMEND_HINT = "处理：/采纳建议 编号 理由、/修改建议 编号、/不采纳建议 编号 理由。"
AMEND_TITLE = "修改建议"
AMEND_ADVICE_ONLY = "该建议不修改三定，无需修改：请用 /采纳建议 或 /不采纳建议。"
AMEND_REASON_PROMPT = "请写明修改后采纳的理由。"
AMEND_EMPTY = "请按提示写明修改后的内容。"
LABEL_ADOPT_AMENDED = "确认修改后采纳"
LABEL_EDIT_CHANGES = "重新修改"
EVIDENCE_LIMIT = 6  # records shown per signal in chat; /发现记录 and fmbot recommend show all


def recommend_heading(department: str, year: int, count: int) -> str:
    if not count:
        return f"{department}{year}年度目前没有动态管理建议。"
    return f"【{department}{year}年度动态管理建议】共 {count} 条，按职能类别："


def class_heading(label: str, duties: int, performed: int, gaps: int) -> str:
    if not duties:
        return f"〔{label}〕"
    return f"〔{label}〕职责 {duties} 项，年内已履行 {performed} 项，缺位 {gaps} 项"


def recommendation_line(number: int, kind: str, state: str, rationale: str) -> str:
    return f"#{number} {kind}［{state}］{rationale}"


CHANGES_LINE = "  拟修改三定："
EVIDENCE_LINE = "  依据："


def more_evidence(count: int) -> str:
    return f"    …另有 {count} 项依据（fmbot recommend 可列出全部）"


def decision_line(state: str, who: str, at: datetime, reason: str) -> str:
    return f"  {state}：{who} {at:%Y-%m-%d}，理由：{reason}"


def unknown_recommendation(number: str) -> str:
    return f"找不到编号为 {number} 的建议。发送 /建议 部门 查看。"


def recommendation_decided_already(number: int, state: str) -> str:
    return f"建议 #{number} {state}，无需重复处理。"


def adopted(number: int, revisions: Sequence[str]) -> str:
    if not revisions:
        return f"已采纳建议 #{number}，已通知相关部门联络员。"
    return f"已采纳建议 #{number}：{'；'.join(revisions)}。已通知相关部门联络员。"


def amended(number: int, revisions: Sequence[str]) -> str:
    return f"已修改后采纳建议 #{number}：{'；'.join(revisions)}。已通知相关部门联络员。"


def rejected(number: int) -> str:
    return f"已不采纳建议 #{number}，理由已记录。"


def new_revision(department: str, revision: int) -> str:
    return f"{department}三定已更新为第 {revision} 版"


def catalog_change_refused(error: str) -> str:
    return f"无法按该建议修改三定（{error}），建议未处理。请用 /修改建议 调整后采纳。"


def revision_source(number: int, who: str, reason: str) -> str:
    """Where the new revision came from, as the catalog keeps it (fmbot catalog show)."""
    return f"动态管理建议 #{number}，{who}采纳：{reason}"


def adopted_to_liaison(department: str, changes: Sequence[str], rationale: str, reason: str) -> str:
    if changes:
        listed = "\n".join(f"· {change}" for change in changes)
        return f"【三定调整】编办采纳动态管理建议，调整{department}三定：\n{listed}\n理由：{reason}"
    return f"【动态管理建议】编办对{department}提出：{rationale}\n说明：{reason}"


def amend_prompt(changes: Sequence[str]) -> str:
    listed = "\n".join(f"{n}. {change}" for n, change in enumerate(changes, start=1))
    how = (
        "请发送修改后的内容：调整职责状态的写“取消”“转移”“下放”“整合”或“保留”；新增职责写职责表述，"
        "可在末尾注明类别，如“（监督检查类）”；增写分工说明的写说明文字。"
    )
    several = "有多项时每行一项，写成“序号 内容”。" if len(changes) > 1 else ""
    return f"拟修改三定：\n{listed}\n{how}{several}"


def amend_unreadable(line: str) -> str:
    return f"无法识别“{line}”。{AMEND_EMPTY}"


def amend_preview(number: int, changes: Sequence[str], reason: str) -> str:
    listed = "\n".join(f"· {change}" for change in changes) or "· 不修改三定（保留原职责）"
    return f"【修改后采纳建议 #{number} · 预览】\n{listed}\n理由：{reason}"


KEEP_WORDS = frozenset({"保留", "不调整"})

SUMMARY_VISIT = "记录对部门的走访座谈或现场查看（日期、地点、人员、情况、附件），并据此确认、驳回或办结发现"
USAGE_VISIT = "/走访 部门"
SUMMARY_VISITS = "查看部门的走访记录"
USAGE_VISITS = "/走访记录 部门"
VISIT_TITLE = "记录走访"
VISIT_ASK = "请写明部门，例如：/走访 教育局。"
VISIT_KIND_PROMPT = "请选择方式："
VISIT_DATE_PROMPT = "走访日期？例如 2027-01-06、1月6日，或“今天”。"
VISIT_DATE_FORMAT = "无法识别日期。请写成 2027-01-06、1月6日，或“今天”。"
VISIT_DATE_FUTURE = "走访日期不能晚于今天：请在走访后记录。"
VISIT_PLACE_PROMPT = "地点？"
VISIT_PEOPLE_PROMPT = "参加人员？（如：编办 周静；教育局 李敏）"
VISIT_NOTES_PROMPT = "了解到的情况？"
VISIT_FILES_PROMPT = "如有照片或文件，请逐个发送；发完或没有时选择“完成”。"
VISIT_FILES_MORE = "已收到。继续发送，或选择“完成”。"
VISIT_TOO_MANY_FILES = "一次走访最多附 {limit} 个文件。请选择“完成”。"
VISIT_CONCLUSION_PROMPT = "请写明结论（作为确认、驳回或办结的理由，告知部门联络员）。"
VISIT_NONE = "无"
LABEL_DONE = "完成"
LABEL_RECORD = "确认记录"
OUTCOME_LABELS = {
    "confirm": "确认发现",
    "dismiss": "驳回发现",
    "close": "办结发现（已确认的）",
    "none": "暂不处理",
}
TODAY_WORDS = frozenset({"今天", "今日"})


def visit_findings_prompt(department: str, lines: Sequence[str]) -> str:
    return (
        f"{department}待处理的发现：\n"
        + "\n".join(lines)
        + "\n本次走访涉及哪些发现？请回复编号（多个用空格分隔）；不涉及发现的，回复“无”。"
    )


def visit_findings_unknown(numbers: Sequence[int]) -> str:
    return f"{_numbers(numbers)} 不在上面的列表中。请回复列表中的编号。"


def visit_outcome_prompt(finding_ids: Sequence[int]) -> str:
    return f"走访后，发现 {_numbers(finding_ids)} 如何处理？"


def visit_preview(
    department: str,
    kind: VisitKind,
    visited_on: date,
    place: str,
    people: str,
    notes: str,
    finding_ids: Sequence[int],
    files: Sequence[str],
    outcome: str,
    conclusion: str,
) -> str:
    lines = [
        f"【{VISIT_KINDS[kind]} · 预览】{department}",
        f"日期：{visited_on:%Y-%m-%d}",
        f"地点：{place}",
        f"人员：{people}",
        f"情况：{notes}",
    ]
    if files:
        lines.append(f"附件：{'、'.join(files)}")
    if finding_ids:
        lines.append(f"涉及发现：{_numbers(finding_ids)}；处理：{OUTCOME_LABELS[outcome]}")
        if conclusion:
            lines.append(f"结论：{conclusion}")
    return "\n".join(lines)


def visit_recorded(visit_id: int, department: str, finding_ids: Sequence[int]) -> str:
    about = f"，涉及发现 {_numbers(finding_ids)}" if finding_ids else ""
    return f"已记录走访 #{visit_id}（{department}{about}）。"


def visit_finding_skipped(finding_id: int, status: FindingStatus, outcome: str) -> str:
    return f"发现 #{finding_id} {FINDING_STATUS[status]}，未{OUTCOME_LABELS[outcome]}。"


def visit_reason(visit_id: int, conclusion: str) -> str:
    return f"走访 #{visit_id}：{conclusion}"


def visits_heading(department: str, count: int) -> str:
    return f"【{department} 走访记录】共 {count} 次：" if count else f"{department}还没有走访记录。"


def visit_detail(people: str, findings: Sequence[int], files: Sequence[str]) -> str:
    parts = [f"  人员：{people}"]
    if findings:
        parts.append(f"  涉及发现：{_numbers(findings)}")
    if files:
        parts.append(f"  附件：{'、'.join(files)}")
    return "\n".join(parts)


CLI_RECORDER = "命令行"


def cli_unknown_department(code: str) -> str:
    return f"目录中没有部门 {code}。"


def cli_finding_not_concerned(number: int, department: str) -> str:
    return f"发现 #{number} 不是{department}待处理或已确认的发现，未记录走访。"


def cli_file_too_large(path: str, megabytes: int) -> str:
    return f"文件 {path} 超过 {megabytes} MB，未记录走访。"


def cli_file_unreadable(path: str, reason: str) -> str:
    return f"无法读取文件 {path}：{reason}。未记录走访。"


# --- the six classes (/职责分类) ----------------------------------------------------------------------------

SUMMARY_CLASSES = "查看或确认部门各项职责的职能类别（宏观决策类、组织实施类等六类）"
USAGE_CLASSES = "/职责分类 部门 [序号 类别 …]"
CLASSES_ASK = (
    "请写明部门，例如：/职责分类 教育局；确认或修改类别：/职责分类 教育局 3 监督检查类 5 确认"
    "（“确认”即按现有类别确认）。"
)
CLASSES_HINT = (
    "修改或确认：/职责分类 部门 序号 类别（可写多组；类别写“确认”即按现有类别确认）。"
    "标“推测”的为按措辞推测、尚未经编办确认。"
)
CONFIRM_WORDS = frozenset({"确认", "保持"})
GUESSED = "推测"


def classes_heading(department: str, counts: Sequence[tuple[str, int]]) -> str:
    listed = "，".join(f"{label} {count} 项" for label, count in counts if count)
    return f"【{department} 职能类别】{listed}"


def class_line(n: int, label: str, guessed: bool, status: str, text: str) -> str:
    mark = f"（{GUESSED}）" if guessed else ""
    state = f"［{status}］" if status else ""
    return f"{n}. {label}{mark}{state} {excerpt(text, 40)}"


def classes_unreadable(words: str) -> str:
    return f"无法识别“{words}”。请写成“序号 类别”，类别为六类之一或“确认”。{CLASSES_HINT}"


def classes_no_duty(department: str, n: int) -> str:
    return f"{department}没有第 {n} 项职责。"


def classes_recorded(department: str, lines: Sequence[str], revision: int) -> str:
    return f"已确认{department}职责的类别（三定更新为第 {revision} 版）：\n" + "\n".join(lines)


def classes_unchanged(department: str) -> str:
    return f"{department}这些职责的类别已经编办确认，无需更新。"


def classified(n: int, label: str) -> str:
    return f"· 第 {n} 项：{label}"


def classes_source(who: str) -> str:
    return f"职能类别确认，{who}"
