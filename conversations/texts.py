"""Every user-facing sentence of the conversations, in one place (Chinese; code stays English).

Functions take plain values and return text; nothing here reads the database or decides anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from fm_domain.records import INTERNAL, FindingKind, FindingStatus, InquiryMessageKind, InquiryStatus
from fm_domain.users import Role
from fm_domain.verdicts import Verdict

# --- engine -----------------------------------------------------------------------------------------

STATE_LOST = "抱歉，系统已更新，您未完成的操作无法继续，已返回主菜单。请重新开始。"
AT_FIRST_STEP = "已经是第一步了。如需退出，请发送 /取消。"
NOT_UNDERSTOOD = "抱歉，没有理解您的意思。发送 /帮助 查看可用的功能。"
STALE_BUTTON = "该按钮已失效（对应的操作已结束）。发送 /帮助 查看可用的功能。"
NOTHING_TO_CANCEL = "当前没有进行中的操作。发送 /帮助 查看可用的功能。"
NOTHING_TO_GO_BACK = "当前没有进行中的操作，无法返回。发送 /帮助 查看可用的功能。"
UNKNOWN_CHOICE = "请从下列选项中选择（回复编号或点按钮）。"
TEXT_EXPECTED = "请输入文字内容。"
# What the cancel button sends: the command itself, so it works the same typed.
CANCEL_COMMAND = "/取消"


def numbered_choice(n: int, label: str) -> str:
    """A button as a line of text, for channels that cannot show buttons (``回复 1 确认提交``)."""
    return f"回复 {n} {label}"


def apology(reference: str) -> str:
    return (
        f"抱歉，处理您的消息时出错了，本次操作未生效。请稍后重试（如需重新开始，发送 /取消）；"
        f"如仍有问题，请将错误编号 {reference} 告知编办。"
    )


def cancelled(title: str) -> str:
    return f"已取消「{title}」，未保存任何内容。发送 /帮助 查看可用的功能。"


def left_flow(title: str) -> str:
    """/取消 at a step that may be passed over: nothing more is pending (what was done stays done)."""
    return f"已退出「{title}」。发送 /帮助 查看可用的功能。"


def busy(title: str) -> str:
    return f"您正在进行「{title}」。请先完成，或发送 /取消 退出后再使用其他功能（/返回 回到上一步）。"


def unknown_command(title: str) -> str:
    return f"没有这个指令。您正在进行「{title}」，请按提示继续；发送 /取消 退出，/返回 回到上一步。"


def draft_expired(title: str, idle: timedelta) -> str:
    return f"您的「{title}」草稿已超过{_duration(idle)}未操作，已作废。如需继续，请重新开始。"


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        return f" {minutes // (24 * 60)} 天"
    if minutes % 60 == 0:
        return f" {minutes // 60} 小时"
    return f" {minutes} 分钟"


# --- help and rights --------------------------------------------------------------------------------

GUEST_HELP = (
    "您好！这里是职能管理助手。您的账号尚未绑定。\n"
    "请向编办索取邀请码，然后发送：/绑定 邀请码（例如 /绑定 ABCD234567）。\n"
    "绑定后即可报送年度目标、月度安排，查询职责等。"
)
HELP_FOOTER = "在任何步骤中，发送 /取消 退出，/返回 回到上一步；带编号的选项可直接回复编号。"

ROLE_LABELS = {
    "liaison": "部门联络员",
    "staff": "编办工作人员",
    "leader": "领导",
    "admin": "管理员",
    "guest": "未绑定账号",
}


def help_heading(name: str, role: str, department: str | None) -> str:
    return f"您好，{name}（{department or ''}{ROLE_LABELS.get(role, role)}）。您可以使用："


def help_line(usage: str, alias: str, summary: str) -> str:
    return f"{usage}（/{alias}）：{summary}" if alias else f"{usage}：{summary}"


def not_allowed(command: str, roles: Iterable[str], allowed: Iterable[str]) -> str:
    who = "、".join(ROLE_LABELS[r] for r in sorted(roles) if r != "guest")
    offered = "、".join(f"/{name}" for name in allowed)
    return f"「/{command}」仅限{who}使用。您可以使用：{offered}。发送 /帮助 查看说明。"


# Command summaries, as /帮助 lists them.
SUMMARY_HELP = "查看您可以使用的功能"
SUMMARY_CANCEL = "退出当前操作"
SUMMARY_BACK = "回到上一步"
SUMMARY_BIND = "用邀请码绑定本账号"
SUMMARY_INVITE = "生成邀请码（角色：联络员/工作人员/领导/管理员）"
SUMMARY_GOALS = "报送本部门年度工作目标（部门或处室）"
SUMMARY_MONTHLY = "报送本月工作安排和上月进展"
SUMMARY_HALFYEAR = "报送半年工作总结（年度目标进展和其他重点工作）"
SUMMARY_REPORT = "报告职责交叉、职责不清等问题"
SUMMARY_INQUIRY = "向部门发出书面函询"
SUMMARY_ANSWER = "回复编办的书面函询"
SUMMARY_ACCEPT = "采纳部门的函询回复"
SUMMARY_FOLLOW_UP = "对函询回复追问"
SUMMARY_THREAD = "查看函询往来记录"
SUMMARY_TODO = "我要报送的事项和截止日期"
SUMMARY_STATUS = "本部门的报送记录和审核结果"
SUMMARY_DUTY = "查询某事项归哪个部门、哪项职责（如：职责 低保，或直接问“低保归谁管”）"
SUMMARY_MISSING = "本期尚未报送的部门"
SUMMARY_DEPARTMENT = "某部门的职责覆盖和未处理的发现"
SUMMARY_FINDINGS = "未处理的发现"
SUMMARY_CONFIRM = "确认一条发现（需写明理由）"
SUMMARY_DISMISS = "驳回一条发现（需写明理由）"
SUMMARY_JUDGE = "认定一条发现的事项实际对应的职责（或职责外、机关内部），今后相同或相近的事项参照认定"

# How /帮助 shows the commands that take arguments (the others show as their bare name).
USAGE_BIND = "/绑定 邀请码"
USAGE_INVITE = "/邀请 角色 部门 [天数]"
USAGE_INQUIRY = "/函询 部门"
USAGE_ANSWER = "/函询回复 编号"
USAGE_ACCEPT = "/采纳 编号"
USAGE_FOLLOW_UP = "/追问 编号"
USAGE_THREAD = "/函询记录 [编号]"
USAGE_DUTY = "/职责 事项"
USAGE_DEPARTMENT = "/部门 部门"
USAGE_CONFIRM = "/确认发现 编号 理由"
USAGE_DISMISS = "/驳回发现 编号 理由"
USAGE_JUDGE = "/认定 编号 结论 [理由]"

# --- binding and invites ----------------------------------------------------------------------------

BIND_TITLE = "绑定"
BIND_ASK_CODE = "请发送编办给您的邀请码（10 位字母和数字）。"
BIND_REFUSED = "邀请码无效、已使用或已过期，请核对后重试，或向编办索取新的邀请码。"
BIND_LOCKED_NOW = "绑定失败次数过多，本账号的绑定已锁定 1 小时。"


def bind_locked(until: datetime) -> str:
    return f"绑定失败次数过多，已暂时锁定。请于 {until:%H:%M} 后再试，或联系编办。"


def already_bound(name: str, role: str, department: str | None) -> str:
    where = f"{department}的" if department else ""
    return f"本账号已绑定为{where}{ROLE_LABELS.get(role, role)}（{name}）。如需更换，请联系编办。"


def bound(role: str, department: str | None) -> str:
    where = f"{department}的" if department else ""
    return f"绑定成功！您是{where}{ROLE_LABELS.get(role, role)}。"


ASK_NAME = "请回复您的姓名（如：张伟），编办会在报送记录和通知中使用；也可以回复“跳过”。"
NAME_INVALID = "请只回复姓名本身（2–10 个汉字，或英文姓名），或回复“跳过”。"


def name_saved(name: str) -> str:
    return f"好的，{name}，已记下您的姓名。"


def default_display_name(role: str, department: str | None, external_id: str) -> str:
    """The name of a user who skipped giving theirs. Department and role are shown beside a name wherever
    it appears (您好，X（城管局部门联络员）; 城管局 X), so the name itself does not repeat them."""
    return f"用户{external_id[-4:]}"


INVITE_USAGE = (
    "用法：/邀请 角色 部门 [有效天数]，例如 /邀请 联络员 jiaoyu 7。"
    "角色可写 联络员、工作人员、领导、管理员；联络员必须指定部门（部门代码、全称或简称）。"
)
ADMIN_INVITES_ONLY = "管理员邀请码只能由管理员生成。您可以生成联络员、工作人员或领导的邀请码。"
ROLE_WORDS = {
    "联络员": Role.LIAISON,
    "liaison": Role.LIAISON,
    "工作人员": Role.STAFF,
    "编办": Role.STAFF,
    "staff": Role.STAFF,
    "领导": Role.LEADER,
    "leader": Role.LEADER,
    "管理员": Role.ADMIN,
    "admin": Role.ADMIN,
}


def unknown_role(word: str) -> str:
    return f"无法识别角色“{word}”。{INVITE_USAGE}"


def unknown_department(word: str, known: str) -> str:
    return f"找不到部门“{word}”。现有部门：{known}。"


def known_departments(departments: Iterable[tuple[str, str]]) -> str:
    """The (name, code) pairs as the messages about an unknown department list them."""
    return "、".join(f"{name}（{code}）" for name, code in departments) or "（目录为空）"


def invite_issued(code: str, role: str, department: str | None, expires: datetime) -> str:
    where = f"{department}的" if department else ""
    return (
        f"已生成{where}{ROLE_LABELS.get(role, role)}邀请码：{code}\n"
        f"有效期至 {expires:%Y-%m-%d %H:%M}，只能使用一次。请对方在 fmbot 中发送：/绑定 {code}"
    )


# --- drafting: items, preview, edit -----------------------------------------------------------------

# The one name of the out-of-scope verdict, in previews, findings, counts and judgements alike.
OUT_OF_SCOPE = "职责外（未找到对应职责）"
VERDICT_MARKS = {
    Verdict.IN_SCOPE: "✅",
    Verdict.RETIRED: "⚠️已取消/划转职责",
    Verdict.OVERLAP: "⚠️职责交叉",
    Verdict.OUT_OF_SCOPE: f"❓{OUT_OF_SCOPE}",
}
# Keyed as counted (ItemCheck.counted_as) and as findings are kinded (FindingKind).
VERDICT_LABELS = {
    Verdict.IN_SCOPE: "职责内",
    Verdict.RETIRED: "涉及已取消、划转或下放的职责",
    Verdict.OVERLAP: "与其他部门职责交叉",
    Verdict.OUT_OF_SCOPE: OUT_OF_SCOPE,
    INTERNAL: "机关自身建设",  # out_of_scope, but the bureau's own internal work: no overreach
    FindingKind.NOT_STARTED: "年度目标未启动",  # raised by the half-year summary, not by the duty review
    FindingKind.DELAYED: "上月事项延期",  # raised by the monthly arrangement, not by the duty review
    # Raised by the monitoring job (运行监管), each with the records behind it.
    FindingKind.GAP: "缺位",
    FindingKind.OVERREACH: "越位",
    FindingKind.RELATION: "反复交叉",
    FindingKind.LAG: "滞后",
    FindingKind.UNREPORTED: "不报",
}
# An item the matcher is not sure of is not asserted: the office judges it (待编办研判).
PENDING_JUDGEMENT = "待编办研判"
LOW_CONFIDENCE_MARK = "❔"
INTERNAL_MARK = "🏢机关自身建设"
TENTATIVE = {
    Verdict.IN_SCOPE: "可能属职责内",
    Verdict.RETIRED: "可能涉及已取消/划转职责",
    Verdict.OVERLAP: "可能与其他部门职责交叉",
    Verdict.OUT_OF_SCOPE: f"可能属{OUT_OF_SCOPE}",
}
# How a finding names its kind: an in_scope one is raised only because the matcher was not sure.
FINDING_LABELS = {
    **VERDICT_LABELS,
    FindingKind.IN_SCOPE: f"{PENDING_JUDGEMENT}（{TENTATIVE[Verdict.IN_SCOPE]}）",
}

ITEMS_PROMPT = (
    "请发送事项，每行一项（可直接从文件中复制粘贴，编号会自动去掉），或直接发送 .docx / .xlsx 文件。"
)
ITEMS_EMPTY = "没有读到任何事项。请每行写一项，或发送 .docx / .xlsx 文件。"
EDIT_PROMPT = "请发送“编号 新内容”，例如：2 推进义务教育优质均衡发展。"
EDIT_FORMAT = "格式不对。请发送“编号 新内容”，例如：2 推进义务教育优质均衡发展。"
REMOVE_PROMPT = "请发送要删除的事项编号，多个编号用空格分隔，例如：2 5。"
REMOVE_FORMAT = "请只发送编号，多个编号用空格分隔，例如：2 5。"
REMOVED_ALL = "已删除全部事项。"
ADD_PROMPT = "请发送要添加的事项，每行一项（也可发送 .docx / .xlsx 文件）。"
PREVIEW_CHOICE_HINT = "请选择下一步（回复编号或点按钮）；也可以直接发送“改 2 新内容”“删 2”“加 新内容”。"

LABEL_CONFIRM = "确认提交"
LABEL_EDIT = "修改"
LABEL_REMOVE = "删除"
LABEL_ADD = "添加"
LABEL_CANCEL = "取消"
LABEL_SKIP = "跳过"


def number_out_of_range(n: int, count: int) -> str:
    return f"没有第 {n} 项（共 {count} 项）。"


def headings_left_out(headings: list[str]) -> str:
    quoted = "、".join(f"“{heading}”" for heading in headings)
    return f"{quoted} 下面列有分项，已作为标题略去，未列为事项。如其本身也是一项工作，请发送“加 内容”补上。"


def not_a_preview_choice(text: str, count: int) -> str:
    """A single plain line sent at the preview: maybe one more item, maybe not — say how to add it."""
    shown = text if len(text) <= 30 else text[:30] + "…"
    return (
        f"“{shown}”不是选项，未作改动。若是要添加的事项，请发送“加 {shown}”，"
        f"或带上编号发送（如“{count + 1}. {shown}”）。\n{PREVIEW_CHOICE_HINT}"
    )


def item_line(
    n: int,
    text: str,
    verdict: Verdict,
    duty_label: str,
    note: str,
    *,
    low: bool = False,
    internal: bool = False,
    precedent: str = "",
) -> str:
    """One previewed item: its mark and duty; ``❔待编办研判：可能…`` when the matcher is not sure, the
    bureau's internal work named as such, and the office's earlier judgement it follows."""
    if internal:
        mark = INTERNAL_MARK
    elif low:
        mark = f"{LOW_CONFIDENCE_MARK}{PENDING_JUDGEMENT}：{TENTATIVE.get(verdict, '')}"
    else:
        mark = VERDICT_MARKS.get(verdict, "")
    line = f"{n}. {text}\n    {mark}"
    if duty_label:
        line += f" 对应：{duty_label}"
    if note:
        line += f"（{note}）"
    if precedent:
        line += f"\n    {precedent_evidence(precedent)}"
    return line


def precedent_evidence(text: str) -> str:
    """The office's earlier judgement an item's verdict follows, shown as the evidence for it."""
    return f"📌编办曾认定：{text}"


def excerpt(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def duty_label(department: str, n: int, text: str, status_label: str = "") -> str:
    status = f"，{status_label}" if status_label else ""
    return f"{department}第{n}项职责“{excerpt(text, 40)}”{status}"


def overlap_note(other: str, lead: str, we_lead: bool, *, own_duty: bool = True) -> str:
    """Who else holds the duty, and who leads by the duties' wording (empty ``lead``: undetermined).
    Without ``own_duty`` (no duty of the department fits) the item is wholly the other's: 属X职责."""
    if not own_duty and not we_lead:
        return f"属{other}职责"
    if we_lead:
        return f"{other}亦有相关职责，本部门牵头"
    if lead:
        return f"{other}亦有此职责，由{lead}牵头"
    return f"{other}亦有此职责，牵头部门待编办研判"


def review_counts(counts: dict[str, int]) -> str:
    """``职责内 3 项，职责交叉 1 项``; empty when nothing was counted."""
    parts = [f"{VERDICT_LABELS[v].split('（')[0]} {counts[v]} 项" for v in VERDICT_LABELS if counts.get(v)]
    return "，".join(parts)


def review_summary(counts: dict[str, int]) -> str:
    tally = review_counts(counts)
    return "审核结果：" + tally if tally else ""


def finding_detail(duty_label: str, note: str, *, low: bool = False) -> str:
    """What a finding says about its item: the duty it touches and the note, whichever there are; led by
    待编办研判 when the matcher was not sure."""
    found = "；".join(part for part in (duty_label, note) if part)
    if not low:
        return found
    if duty_label:
        return f"{PENDING_JUDGEMENT}：可能对应{found}"
    return f"{PENDING_JUDGEMENT}：{found}" if found else PENDING_JUDGEMENT


# --- annual goals -----------------------------------------------------------------------------------

GOALS_TITLE = "年度目标"
GOALS_LEVEL_PROMPT = "请选择报送层级："
LABEL_DEPARTMENT_LEVEL = "部门年度目标"
LABEL_DIVISION_LEVEL = "处室年度目标"
GOALS_DIVISION_PROMPT = "请选择处室："
GOALS_NO_DIVISIONS = "本部门的三定目录中没有内设机构，将按部门层级报送。"
NOT_A_LIAISON_OF_A_DEPARTMENT = "您的账号没有所属部门，无法报送。请联系编办。"


def goals_heading(department: str, year: str, division: str, due: str = "") -> str:
    """``【教育局 2027年度工作目标】截止 2027-02-01``; ``due`` from period_due."""
    who = f"{department}{division}" if division else department
    return f"【{who} {year}年度工作目标】{due}"


def goals_items_prompt(department: str, year: str, division: str, due: str = "") -> str:
    return f"{goals_heading(department, year, division, due)}\n{ITEMS_PROMPT}"


LABEL_START_AFRESH = "重新填写"
GOALS_AFRESH = "好的，请发送全部事项，每行一项，或发送 .docx / .xlsx 文件。"


def goals_from_last_version(version: int, count: int) -> str:
    """The button that starts a re-submission from what was last submitted."""
    return f"从上一版（第{version}版，{count}项）开始修改"


def goals_preview_heading(department: str, year: str, division: str, count: int) -> str:
    who = f"{department}{division}" if division else department
    return f"【{who} {year}年度工作目标 · 预览】共 {count} 项："


def period_due(deadline: date | None, today: date) -> str:
    """The deadline of the period a submission is for, as its heading shows it ("" when no task sets one)."""
    if deadline is None:
        return ""
    late = "，已逾期" if deadline < today else ""
    return f"截止 {deadline:%Y-%m-%d}{late}"


def period_not_open(asked: str, chosen: str) -> str:
    return f"{asked} 目前不在报送期内，已改为报送 {chosen}。"


def submitted(title: str, receipt: str, version: int, summary: str) -> str:
    again = f"（第 {version} 版，之前的版本仍保留）" if version > 1 else ""
    tail = f"\n{summary}" if summary else ""
    return f"「{title}」已提交{again}。回执编号：{receipt}{tail}\n可发送 /状态 查看审核结果。"


def earlier_findings(carried: Sequence[int], closed: Sequence[int]) -> str:
    """For staff: what became of the open findings of the submission's earlier versions."""
    lines = []
    if carried:
        lines.append(f"上一版未处理的发现 {_finding_numbers(carried)} 本版仍有，沿用原编号。")
    if closed:
        numbers = _finding_numbers(closed)
        lines.append(f"上一版未处理的发现 {numbers} 所涉事项本版已修改或删除，已随新版本关闭，无需处理。")
    return "\n".join(lines)


def earlier_findings_closed(count: int) -> str:
    """For the liaison, after the receipt."""
    return f"\n上一版中 {count} 条待编办研判的发现所涉事项已修改或删除，已随本版本关闭。"


def _finding_numbers(finding_ids: Sequence[int]) -> str:
    return "、".join(f"#{n}" for n in finding_ids)


def staff_review_notice(
    title: str,
    department: str,
    who: str,
    receipt: str,
    version: int,
    summary: str,
    findings: Sequence[str],
    follow_up: str = "",
) -> str:
    lines = [f"【新报送】{department}{who}提交了「{title}」第 {version} 版，回执 {receipt}。"]
    if summary:
        lines.append(summary)
    if findings:
        lines.append("需要研判的发现：")
        lines += list(findings)
        lines.append(FINDINGS_HINT)
    else:
        lines.append("所有事项均在职责范围内。")
    if follow_up:
        lines.append(follow_up)
    return "\n".join(lines)


def finding_line(finding_id: int, kind: FindingKind, item: str, detail: str) -> str:
    return f"#{finding_id} [{FINDING_LABELS[kind]}] {item}" + (f"——{detail}" if detail else "")


# --- monthly arrangement ----------------------------------------------------------------------------

MONTHLY_TITLE = "月度安排"
PROGRESS_LABELS = {"done": "完成", "ongoing": "推进中", "delayed": "延期"}
PROGRESS_PICK_PROMPT = "请发送要修改进展的上月事项编号。"
LABEL_REVISE_PROGRESS = "修改上月进展"
REASON_EMPTY = "请写明延期原因。"


def monthly_no_previous(previous: str) -> str:
    return f"未找到 {previous} 的月度安排，直接填写本月事项。"


def progress_prompt(index: int, count: int, text: str) -> str:
    return f"上月事项（{index}/{count}）：{text}\n请选择进展："


def delay_reason_prompt(text: str) -> str:
    return f"请说明“{text}”延期的原因。"


def monthly_heading(department: str, period: str, due: str = "") -> str:
    """``【司法局 2026-12 月度工作安排】截止 2026-12-07``; ``due`` from period_due."""
    return f"【{department} {period} 月度工作安排】{due}"


def monthly_items_prompt(department: str, period: str, due: str = "") -> str:
    return f"{monthly_heading(department, period, due)}\n{ITEMS_PROMPT}"


def monthly_preview_heading(department: str, period: str, count: int) -> str:
    return f"【{department} {period} 月度工作安排 · 预览】本月事项 {count} 项："


def progress_line(n: int, text: str, status: str, reason: str) -> str:
    label = PROGRESS_LABELS.get(status, "未填")
    return f"{n}. {text}：{label}" + (f"（原因：{reason}）" if reason else "")


MONTHLY_PROGRESS_HEADING = "上月事项进展："


def progress_counts(counts: dict[str, int]) -> str:
    """``完成 1 项，推进中 0 项，延期 1 项``."""
    return "，".join(f"{label} {counts.get(status, 0)} 项" for status, label in PROGRESS_LABELS.items())


def progress_tally(previous_period: str, counts: dict[str, int]) -> str:
    """What the receipt and the staff notice say of last month's items."""
    return f"{previous_period} 事项进展：{progress_counts(counts)}"


def delayed_detail(reason: str) -> str:
    return f"延期原因：{reason}"


def delayed_follow_up(department: str) -> str:
    return f"延期的事项如需进一步了解，可发送 /函询 {department} 发出书面函询。"


# --- half-year summary -----------------------------------------------------------------------------

HALFYEAR_TITLE = "半年总结"
GOAL_STATUS_LABELS = {"done": "已完成", "ongoing": "推进中", "not_started": "未启动"}
GOAL_PICK_PROMPT = "请发送要修改进展的年度目标编号。"
LABEL_REVISE_GOALS = "修改目标进展"
NOT_STARTED_REASON_EMPTY = "请写明未启动的原因。"
HALFYEAR_NOTHING = "本期没有年度目标进展可报，请至少填写一项上半年完成的重点工作。"


def half_year_label(period: str) -> str:
    """``2026H1`` → 2026年上半年."""
    return f"{period[:4]}年上半年"


def halfyear_heading(department: str, period: str, due: str = "") -> str:
    """``【教育局 2026年上半年工作总结】截止 2026-07-15``; ``due`` from period_due."""
    return f"【{department} {half_year_label(period)}工作总结】{due}"


def halfyear_no_goals(year: str) -> str:
    return f"未找到本部门 {year} 年度工作目标（部门层级），跳过目标进展，直接填写上半年完成的重点工作。"


def goal_prompt(index: int, count: int, text: str) -> str:
    return f"年度目标（{index}/{count}）：{text}\n请选择上半年进展："


def not_started_reason_prompt(text: str) -> str:
    return f"请简要说明“{text}”未启动的原因。"


def halfyear_items_prompt(department: str, period: str, due: str, skippable: bool) -> str:
    skip = "\n没有其他工作可报的，请选择“跳过”。" if skippable else ""
    return (
        f"{halfyear_heading(department, period, due)}\n"
        f"请填写上半年完成的其他重点工作（年度目标以外的）。{ITEMS_PROMPT}{skip}"
    )


def goal_counts(counts: dict[str, int]) -> str:
    """``已完成 2 项，推进中 1 项，未启动 0 项``."""
    return "，".join(f"{label} {counts.get(status, 0)} 项" for status, label in GOAL_STATUS_LABELS.items())


def goals_progress_heading(year: str, counts: dict[str, int]) -> str:
    return f"{year} 年度目标进展：{goal_counts(counts)}"


def goal_line(n: int, text: str, status: str, reason: str) -> str:
    label = GOAL_STATUS_LABELS.get(status, "未填")
    return f"{n}. {text}：{label}" + (f"（原因：{reason}）" if reason else "")


def halfyear_preview_heading(department: str, period: str) -> str:
    return f"【{department} {half_year_label(period)}工作总结 · 预览】"


def halfyear_goals_none(year: str) -> str:
    return f"{year} 年度目标进展：未报送年度目标，无进展可报。"


def halfyear_items_heading(count: int) -> str:
    return f"上半年完成的其他重点工作 {count} 项：" if count else "上半年完成的其他重点工作：无"


def goals_tally(counts: dict[str, int]) -> str:
    """What the receipt and the staff notice say of the goals."""
    return f"年度目标进展：{goal_counts(counts)}"


def not_started_detail(reason: str) -> str:
    return f"未启动原因：{reason}"


def not_started_follow_up(department: str) -> str:
    return f"未启动的年度目标如需进一步了解，可发送 /函询 {department} 发出书面函询。"


# --- issue report -----------------------------------------------------------------------------------

REPORT_TITLE = "问题报告"
ISSUE_KINDS = {
    "overlap": "职责交叉",
    "unclear": "职责不清",
    "new_function": "新增职能",
    "difficulty": "履职困难",
    "policy": "重要政策措施",
    "event": "重大活动",
}
REPORT_KIND_PROMPT = "请选择问题类型："
REPORT_DESCRIPTION_PROMPT = "请描述具体情况（可同时附上文件）。"
REPORT_ATTACHMENT_PROMPT = "如需附上材料，请发送文件；不需要请选择“跳过”。"
REPORT_DESCRIPTION_EMPTY = "请用文字描述具体情况。"
LABEL_EDIT_DESCRIPTION = "修改描述"


def message_too_long(limit: int) -> str:
    return f"消息过长（上限 {limit} 字），未作处理。请分几次发送，或把内容作为 .docx / .xlsx 文件发送。"


def too_many_items(count: int, limit: int) -> str:
    return f"共 {count} 项，超过一次报送的上限 {limit} 项。请检查是否粘贴了整篇文件，或分处室分别报送。"


def file_too_large(limit_mb: int) -> str:
    return f"文件过大（上限 {limit_mb} MB），请压缩后重发，或改用文字说明。"


def report_preview(department: str, kind: str, description: str, attachment: str) -> str:
    file_line = f"\n附件：{attachment}" if attachment else "\n附件：无"
    return f"【问题报告 · 预览】\n部门：{department}\n类型：{kind}\n描述：{description}{file_line}"


def report_submitted(receipt: str) -> str:
    return f"问题报告已提交，回执编号：{receipt}。编办将研究处理。"


def staff_report_notice(
    report_id: int, department: str, who: str, kind: str, description: str, receipt: str
) -> str:
    return (
        f"【问题报告 #{report_id}】{department}{who}报告了“{kind}”问题（回执 {receipt}）：\n{description}\n"
        f"回复：/回复报告 {report_id} 回复内容；办结：/办结报告 {report_id} 处理结果"
    )


# Staff work a report as a case: 待编办处理 → 编办已回复 → 已办结 (with the outcome).
REPORT_STATUS = {"open": "待编办处理", "replied": "编办已回复", "closed": "已办结"}
SUMMARY_REPORTS = "查看问题报告（可按部门、类型筛选，未办结的在前）"
SUMMARY_REPLY_REPORT = "回复一件问题报告（报告部门的联络员随即收到）"
SUMMARY_CLOSE_REPORT = "办结一件问题报告，写明处理结果"
USAGE_REPORTS = "/报告 [部门] [类型] 或 /报告 编号"
USAGE_REPLY_REPORT = "/回复报告 编号 回复内容"
USAGE_CLOSE_REPORT = "/办结报告 编号 处理结果"
REPORTS_NONE = "没有问题报告。"
REPORTS_HINT = "查看详情：/报告 编号；回复：/回复报告 编号 内容；办结：/办结报告 编号 处理结果"
REPORT_EXCERPT_CHARS = 40


def reports_heading(open_count: int, closed_count: int, scope: str) -> str:
    where = f"（{scope}）" if scope else ""
    return f"【问题报告{where}】未办结 {open_count} 件，已办结 {closed_count} 件："


def department_open_reports(count: int, department: str) -> str:
    return f"未办结的问题报告 {count} 件，发送 /报告 {department} 查看。"


def reports_none(scope: str) -> str:
    return f"没有{scope}的问题报告。" if scope else REPORTS_NONE


def report_list_line(
    report_id: int, department: str, kind: str, status: str, description: str, reported_at: datetime
) -> str:
    return (
        f"#{report_id} [{REPORT_STATUS.get(status, status)}] {department}·{kind}"
        f"（{reported_at:%Y-%m-%d}）：{excerpt(description, REPORT_EXCERPT_CHARS)}"
    )


def report_detail(
    report_id: int,
    receipt: str,
    department: str,
    kind: str,
    status: str,
    description: str,
    attachment: str,
    reported_at: datetime,
    reply: str,
    outcome: str,
) -> str:
    lines = [
        f"【问题报告 #{report_id}】回执 {receipt}，{REPORT_STATUS.get(status, status)}",
        f"部门：{department}",
        f"类型：{kind}",
        f"报告时间：{reported_at:%Y-%m-%d %H:%M}",
        f"描述：{description}",
        f"附件：{attachment or '无'}",
    ]
    if reply:
        lines.append(f"编办回复：{reply}")
    if outcome:
        lines.append(f"处理结果：{outcome}")
    return "\n".join(lines)


def reports_filter_unknown(word: str, departments: str) -> str:
    kinds = "、".join(ISSUE_KINDS.values())
    return f"无法识别“{word}”。可按部门或类型筛选：部门有 {departments}；类型有 {kinds}。"


def report_need_id(usage: str) -> str:
    return f"请写明问题报告编号，格式：{usage}（编号见 /报告）。"


def report_need_text(usage: str) -> str:
    return f"请在编号后写明内容，格式：{usage}"


def no_such_report(number: str) -> str:
    return f"没有编号为 {number} 的问题报告。发送 /报告 查看全部。"


def report_already_closed(report_id: int, receipt: str) -> str:
    return f"问题报告 #{report_id}（回执 {receipt}）已办结，不能再回复或办结。"


def report_replied(report_id: int, department: str) -> str:
    return (
        f"已回复问题报告 #{report_id}，并通知{department}联络员。办结时请发送：/办结报告 {report_id} 处理结果"
    )


def report_closed(report_id: int, department: str) -> str:
    return f"问题报告 #{report_id} 已办结，并通知{department}联络员。"


def report_reply_to_liaison(receipt: str, kind: str, reply: str) -> str:
    return (
        f"【问题报告回复】您部门报告的“{kind}”问题（回执 {receipt}），编办回复：\n{reply}\n"
        "发送 /状态 查看处理情况。"
    )


def report_closed_to_liaison(receipt: str, kind: str, outcome: str) -> str:
    return f"【问题报告办结】您部门报告的“{kind}”问题（回执 {receipt}）已办结。处理结果：\n{outcome}"


# --- written inquiry --------------------------------------------------------------------------------

INQUIRY_TITLE = "书面函询"
INQUIRY_REPLY_TITLE = "函询回复"
INQUIRY_FOLLOW_UP_TITLE = "函询追问"
INQUIRY_DEPARTMENT_PROMPT = "请选择函询的部门："
INQUIRY_QUESTION_PROMPT = "请输入函询的问题。"
INQUIRY_DEADLINE_PROMPT = "请输入回复期限，例如 2026-06-30、6月30日，或“10个工作日”。"
INQUIRY_DEADLINE_FORMAT = "无法识别日期。请写成 2026-06-30、6月30日，或“10个工作日”。"
INQUIRY_DEADLINE_PAST = "回复期限应晚于今天。"
INQUIRY_ANSWER_EMPTY = "请输入回复内容，或发送文件。"
INQUIRY_FOLLOW_UP_PROMPT = "请输入追问的问题。"
INQUIRY_NONE_OPEN = "本部门目前没有待回复的函询。"
INQUIRY_NEED_ID = "请写明函询编号，例如 /函询回复 12。发送 /待办 可查看待回复的函询。"
LABEL_SEND = "发出"
LABEL_EDIT_QUESTION = "修改问题"
LABEL_EDIT_DEADLINE = "修改期限"
LABEL_SUBMIT_ANSWER = "提交回复"
LABEL_EDIT_ANSWER = "修改回复"
LABEL_REPLY = "回复函询"
LABEL_ACCEPT = "采纳"
LABEL_FOLLOW_UP = "追问"
INQUIRY_STATUS = {
    InquiryStatus.OPEN: "待回复",
    InquiryStatus.ANSWERED: "已回复待审",
    InquiryStatus.ACCEPTED: "已采纳",
}
MESSAGE_KINDS = {
    InquiryMessageKind.QUESTION: "编办函询",
    InquiryMessageKind.REPLY: "部门回复",
    InquiryMessageKind.FOLLOW_UP: "编办追问",
    InquiryMessageKind.ACCEPTED: "编办采纳",
}


def working_days_choice(n: int) -> str:
    return f"{n}个工作日"


def no_such_inquiry(inquiry_id: str) -> str:
    return f"找不到编号为 {inquiry_id} 的函询。"


def department_not_yours(department: str) -> str:
    return f"您只能查看本部门的情况，不能查看{department}。发送 /状态 查看本部门的报送和审核结果。"


def inquiry_not_yours(inquiry_id: int) -> str:
    return (
        f"函询第 {inquiry_id} 号不是发给本部门的，您只能查看和回复本部门的函询。"
        "发送 /待办 查看本部门待回复的函询。"
    )


def inquiry_wrong_status(inquiry_id: int, status: InquiryStatus | str) -> str:
    """``status`` "?" when the inquiry is gone."""
    return f"函询第 {inquiry_id} 号当前状态为“{INQUIRY_STATUS.get(status, status)}”，不能进行此操作。"


def inquiry_preview(department: str, question: str, deadline: date) -> str:
    return f"【书面函询 · 预览】\n致：{department}\n问题：{question}\n回复期限：{deadline:%Y-%m-%d}"


def inquiry_sent(inquiry_id: int, department: str, liaisons: int) -> str:
    if liaisons:
        return f"函询第 {inquiry_id} 号已发给{department}的 {liaisons} 位联络员。"
    return f"函询第 {inquiry_id} 号已登记。{department}尚无已绑定的联络员，联络员绑定后可在 /待办 中看到。"


def inquiry_to_liaison(inquiry_id: int, question: str, deadline: date) -> str:
    return (
        f"【书面函询 第 {inquiry_id} 号】编办来函：\n{question}\n"
        f"请于 {deadline:%Y-%m-%d} 前回复：发送 /函询回复 {inquiry_id}"
    )


def inquiry_answer_prompt(inquiry_id: int, question: str, deadline: date) -> str:
    return (
        f"【函询第 {inquiry_id} 号】{question}\n回复期限：{deadline:%Y-%m-%d}\n"
        "请输入回复内容（可同时附上文件）。"
    )


def inquiry_answer_preview(inquiry_id: int, text: str, attachment: str) -> str:
    file_line = f"\n附件：{attachment}" if attachment else ""
    return f"【函询第 {inquiry_id} 号 · 回复预览】\n{text}{file_line}"


def inquiry_answered(inquiry_id: int) -> str:
    return f"函询第 {inquiry_id} 号的回复已提交，编办审阅后会通知您。"


def inquiry_answer_to_staff(inquiry_id: int, department: str, text: str, attachment: str) -> str:
    file_line = f"\n附件：{attachment}" if attachment else ""
    return (
        f"【函询回复】{department}回复了函询第 {inquiry_id} 号：\n{text}{file_line}\n"
        f"采纳请发送 /采纳 {inquiry_id}，追问请发送 /追问 {inquiry_id}。"
    )


def inquiry_accepted(inquiry_id: int) -> str:
    return f"已采纳函询第 {inquiry_id} 号的回复，本次函询办结。"


def inquiry_accepted_to_liaison(inquiry_id: int) -> str:
    return f"编办已采纳您对函询第 {inquiry_id} 号的回复，本次函询办结。"


def inquiry_followed_up(inquiry_id: int) -> str:
    return f"追问已发给部门联络员（函询第 {inquiry_id} 号）。"


def inquiry_follow_up_to_liaison(inquiry_id: int, question: str, deadline: date) -> str:
    return (
        f"【函询第 {inquiry_id} 号 · 追问】{question}\n"
        f"请于 {deadline:%Y-%m-%d} 前回复：发送 /函询回复 {inquiry_id}"
    )


def inquiry_thread_heading(inquiry_id: int, department: str, status: InquiryStatus, deadline: date) -> str:
    return (
        f"【函询第 {inquiry_id} 号】致 {department}，期限 {deadline:%Y-%m-%d}，状态：{INQUIRY_STATUS[status]}"
    )


def inquiry_thread_line(
    kind: InquiryMessageKind, at: datetime, author: str, text: str, attachment: str
) -> str:
    file_part = f" [附件：{attachment}]" if attachment else ""
    said = f"：{text}{file_part}" if text else file_part  # an acceptance may say nothing: no bare colon
    return f"· {at:%m-%d %H:%M} {MESSAGE_KINDS[kind]}（{author}）{said}"


def inquiry_list_line(inquiry_id: int, department: str, status: InquiryStatus, deadline: date) -> str:
    return f"第 {inquiry_id} 号 {department} {INQUIRY_STATUS[status]}，期限 {deadline:%Y-%m-%d}"


INQUIRY_LIST_EMPTY = "没有函询记录。"


def inquiry_closed_heading(limited_to: int = 0) -> str:
    """Above the closed inquiries in the office's list; ``limited_to`` when older ones are left out."""
    return f"已办结（最近 {limited_to} 件）：" if limited_to else "已办结："


INQUIRY_LIST_HINT = "查看往来：/函询记录 编号"

# --- look-ups ---------------------------------------------------------------------------------------

TODO_HEADING = "您的待办："
TODO_NOTHING = "目前没有待办事项。"
STATUS_NOTHING = "本部门还没有报送记录。"
DUTY_ASK = "请写明要查询的事项，例如：职责 低保，或直接问“低保归谁管”。"
NO_CATALOG = "三定职责目录尚未导入，暂时无法查询。请联系编办。"
MISSING_NONE = "本期各部门均已报送。"


def findings_none(department: str = "") -> str:
    return f"{department}目前没有待处理的发现。" if department else "目前没有待处理的发现。"


FINDINGS_HINT = (
    "处理：/确认发现 编号 理由，或 /驳回发现 编号 理由（可写多个编号，如 9,10）；"
    "比对有误的，/认定 编号 结论 [理由]（结论写职责编号如 jiaoyu.3 或 3、职责外、机关内部），"
    "今后相同或相近的事项参照认定。只看一个部门：发现 部门名称。"
)
DEPARTMENT_ASK = "请写明部门，例如：部门 jiaoyu（部门代码、全称或简称均可）。"


def todo_line(title: str, period: str, deadline: date, today: date, done_receipt: str, command: str) -> str:
    if done_receipt:
        return f"✅ {title}（{period}）已报送，回执 {done_receipt}"
    if deadline < today:
        return f"❗ {title}（{period}）已逾期，截止 {deadline:%Y-%m-%d}，请尽快报送：{command}"
    return f"⏳ {title}（{period}）截止 {deadline:%Y-%m-%d}，报送：{command}"


ONCE_PERIOD_TEXT = "一次性"


def todo_offline_line(title: str, period: str, deadline: date, today: date) -> str:
    """A task that arrives outside the chat (a document staff asked for, recorded with /报送 已收)."""
    if deadline < today:
        return f"❗ {title}（{period}）已逾期，截止 {deadline:%Y-%m-%d}，请尽快按要求报送编办"
    return f"⏳ {title}（{period}）截止 {deadline:%Y-%m-%d}，请按要求报送编办"


def todo_received_line(title: str, period: str) -> str:
    return f"✅ {title}（{period}）编办已登记收到"


def todo_inquiry_line(inquiry_id: int, deadline: date, today: date) -> str:
    late = "已逾期，" if deadline < today else ""
    return f"✉️ 函询第 {inquiry_id} 号待回复，{late}期限 {deadline:%Y-%m-%d}：/函询回复 {inquiry_id}"


def status_heading(department: str) -> str:
    return f"【{department} 报送状态】"


def status_submission_line(
    title: str, period: str, division: str, version: int, receipt: str, summary: str
) -> str:
    who = f"{division} " if division else ""
    return f"· {title} {period} {who}第 {version} 版，回执 {receipt}" + (f"；{summary}" if summary else "")


STATUS_FINDINGS_HEADING = "审核发现及处理结果："
STATUS_REPORTS_HEADING = "问题报告："
STATUS_INQUIRIES_HEADING = "书面函询："
FINDING_STATUS = {
    FindingStatus.OPEN: "待编办研判",
    FindingStatus.CONFIRMED: "编办已确认",
    FindingStatus.DISMISSED: "编办已驳回",
    FindingStatus.SUPERSEDED: "随新版本关闭",  # the item was changed or removed in a later version
    FindingStatus.UNDER_INQUIRY: "函询核实中",
    FindingStatus.UNDER_VISIT: "走访核实中",
    FindingStatus.RECTIFYING: "整改中",
    FindingStatus.RECTIFIED: "整改情况已报告，待编办办结",
    FindingStatus.CLOSED: "已办结",
}


def status_finding_line(
    finding_id: int, kind: FindingKind, item: str, status: FindingStatus, reason: str
) -> str:
    outcome = FINDING_STATUS[status] + (f"，理由：{reason}" if reason else "")
    return f"· #{finding_id} {item}——{FINDING_LABELS[kind]}：{outcome}"


def status_report_line(
    receipt: str, kind: str, reported_at: datetime, status: str = "open", reply: str = "", outcome: str = ""
) -> str:
    """A report as its liaison sees it in /状态: where the case stands, staff's reply and the outcome."""
    line = f"· {receipt} {kind}（{reported_at:%Y-%m-%d}）：{REPORT_STATUS.get(status, status)}"
    if reply:
        line += f"\n    编办回复：{reply}"
    if outcome:
        line += f"\n    处理结果：{outcome}"
    return line


def duty_results_heading(topic: str, *, closely: bool) -> str:
    """``closely``: some duty fits the topic well; otherwise say that the ones shown only touch it."""
    if closely:
        return f"“{topic}”相关的职责："
    return f"没有找到与“{topic}”明确对应的职责，以下职责仅部分相关："


# How well a looked-up duty fits the topic: as surely as a review would assert it, or only in part.
DUTY_FIT_CLOSE = "较符合"
DUTY_FIT_PARTIAL = "部分相关"


def duty_result_line(rank: int, department: str, n: int, text: str, status_label: str, fit: str) -> str:
    status = f"（{status_label}）" if status_label else ""
    return f"{rank}. {department} 第{n}项{status}【{fit}】：{text}"


def duty_nothing(topic: str) -> str:
    return f"没有找到与“{topic}”相关的职责。可换个说法再试，或用 /问题报告 报告“职责不清”。"


def missing_heading(title: str, period: str, deadline: date) -> str:
    return f"「{title}」{period}（截止 {deadline:%Y-%m-%d}）未报送："


def missing_departments(names: Iterable[str]) -> str:
    """The departments under a /未报 heading, on one line."""
    return "、".join(names)


def missing_task_unreadable(code: str, reason: str) -> str:
    return f"⚠️ 报送任务 {code} 的截止规则无法识别，未列入：{reason}（请用 /报送 修改 {code} 规则 更正）"


def department_heading(name: str, code: str, active: int, retired: int) -> str:
    return f"【{name}（{code}）】在履行职责 {active} 项，已取消/划转 {retired} 项。"


def coverage_heading(period: str, receipt: str) -> str:
    return f"{period} 年度目标（回执 {receipt}）的职责覆盖："


def coverage_line(n: int, text: str, status: str, items: int, duty_status: str = "") -> str:
    """One duty's coverage; a cancelled or transferred duty that goals still perform is no coverage but a
    duty the department should no longer carry (``duty_status`` names its status: 已取消, 已划转 …)."""
    short = excerpt(text, 30)
    if duty_status:
        return f"· 第{n}项 {short}：{duty_status}，仍有 {items} 项目标涉及"
    labels = {
        "covered": f"已覆盖（{items} 项目标）",
        "uncovered": "未覆盖",
        "periodic_uncovered": "阶段性职责，未安排",
        "unknown": "三定不完整，无法判断",
    }
    return f"· 第{n}项 {short}：{labels.get(status, status)}"


COVERAGE_NONE = "尚未报送年度目标，无法统计职责覆盖。"
OPEN_FINDINGS_HEADING = "未处理的发现："

# --- findings ---------------------------------------------------------------------------------------

FINDINGS_NONE_DECIDED = "以上发现均未处理，请核对编号后重新发送。"


def finding_reason_prompt(finding_ids: Sequence[int], status: FindingStatus) -> str:
    return f"请直接回复理由（{DECISION_WORDS[status]}发现 {_finding_numbers(finding_ids)}）。"


FINDING_TITLE = "处理发现"
FINDING_NEED_ID = "请写明发现编号，例如：/确认发现 12 理由。发送 /发现 查看未处理的发现。"
DECISION_WORDS = {FindingStatus.CONFIRMED: "确认", FindingStatus.DISMISSED: "驳回"}


# --- 编办认定 (/认定) ---------------------------------------------------------------------------------

JUDGE_INTERNAL_WORDS = frozenset({"机关内部", "机关内部工作", "机关自身建设"})
JUDGE_OUT_OF_SCOPE_WORDS = frozenset({"职责外", "超出职责", "超出职责范围"})
JUDGE_CONCLUSIONS = (
    "结论写该事项对应的职责编号（如 jiaoyu.3；本部门的职责可只写 3；写其他部门的职责即认定为职责交叉），"
    "或“职责外”，或“机关内部”（机关自身建设）。"
)
JUDGE_USAGE_HINT = (
    f"用法：/认定 编号 结论 [理由]。{JUDGE_CONCLUSIONS}例如：/认定 12 jiaoyu.3 属校园安全管理。"
)


def judge_unknown_conclusion(word: str) -> str:
    return f"无法识别结论“{word}”。{JUDGE_CONCLUSIONS}"


def judge_unknown_duty(word: str, department: str) -> str:
    return (
        f"找不到职责“{word}”。请核对{department}的职责编号（发送 /部门 {department} 可查看），"
        "或写“职责外”“机关内部”。"
    )


def judge_inactive_other_duty(department: str, n: int, status_label: str) -> str:
    return f"{department}第{n}项职责{status_label}，不能据此认定职责交叉。请写在履行的职责，或“职责外”。"


def judge_department_gone(department: str) -> str:
    return f"三定职责目录中已没有部门“{department}”，无法认定。"


def judge_not_a_match(finding_id: int) -> str:
    return (
        f"发现 #{finding_id} 不是职责比对的结果（如未启动的年度目标），无需认定职责。"
        "请用 /确认发现 或 /驳回发现 处理。"
    )


def judged_as(verdict: Verdict, duty_label: str, internal: bool) -> str:
    """What the office judged an item to be, as the finding's reason and the replies say it."""
    if internal:
        return "机关自身建设（机关内部工作，不属超出职责）"
    if verdict is Verdict.OUT_OF_SCOPE:
        return OUT_OF_SCOPE
    label = VERDICT_LABELS[verdict]
    return f"{label}，{duty_label}" if duty_label else label


def judgement_reason(judged: str, reason: str) -> str:
    return f"编办认定：{judged}" + (f"。{reason}" if reason else "")


def judgement_recorded(finding_id: int, judged: str, status: FindingStatus) -> str:
    return (
        f"已记录编办认定（发现 #{finding_id}）：{judged}。"
        f"该发现已{DECISION_WORDS[status]}，结果已通知该部门联络员；今后该部门措辞相同或相近的事项将参照此认定。"
    )


def no_such_finding(finding_id: str) -> str:
    return f"找不到编号为 {finding_id} 的发现。发送 /发现 查看未处理的发现。"


def finding_already_decided(finding_id: int, status: FindingStatus) -> str:
    return f"发现 #{finding_id} {FINDING_STATUS[status]}，无需重复处理。"


def finding_decided(finding_id: int, status: FindingStatus) -> str:
    return f"已{DECISION_WORDS[status]}发现 #{finding_id}，结果已通知该部门联络员。"


def finding_outcome_to_liaison(finding_id: int, item: str, status: FindingStatus, reason: str) -> str:
    return (
        f"【审核结果】编办已{DECISION_WORDS[status]}关于“{item}”的发现（#{finding_id}）。理由：{reason}\n"
        "发送 /状态 查看全部审核结果。"
    )


def findings_heading(count: int) -> str:
    return f"待处理的发现共 {count} 条："


def department_prefixed(department: str, line: str) -> str:
    return f"{department}：{line}"


# --- attachments ------------------------------------------------------------------------------------

ATTACHMENT_UNSUPPORTED = "暂只能读取 .docx 和 .xlsx 文件中的事项。请改发这两种格式，或直接粘贴文字。"
ATTACHMENT_UNREADABLE = "无法读取该文件（可能已损坏或加密）。请检查后重发，或直接粘贴文字。"
ATTACHMENT_EMPTY = "文件中没有读到任何事项。"
