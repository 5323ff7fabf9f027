"""What nudges (催办), the staff digest, delivery and calendar notices and the /报送 command say (Chinese).

Functions take plain values and return text or a Reply; nothing here reads the database or decides who
is late. Each nudge names the task, the deadline and how to submit: the command, and a button that sends it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from conversations.messages import Choice, Reply
from fm_domain.deadlines import ONCE_PERIOD, RULE_HELP, TaskKind

_WEEKDAYS = "一二三四五六日"
# A digest longer than this would be split into many chat messages; the rest is counted, and /未报 lists all.
DIGEST_MAX_LINES = 40
EXCERPT_CHARS = 30

INQUIRY_REPLY_COMMAND = "/函询回复"
RECTIFICATION_COMMAND = "/整改报告"
PROGRESS_TABLE_COMMAND = "/统计表"
# The tasks a liaison submits through a flow, and the command that starts it.
FLOW_COMMANDS = {
    TaskKind.ANNUAL_GOALS: "/年度目标",
    TaskKind.MONTHLY_ARRANGEMENT: "/月度安排",
    TaskKind.HALF_YEAR_SUMMARY: "/半年总结",
}
CHANNEL_LABELS = {"wecom": "企业微信", "telegram": "Telegram", "console": "控制台"}


def inquiry_reply_command(inquiry_id: int) -> str:
    """``/函询回复 12``: what the nudges name and the inquiry's reply button sends."""
    return f"{INQUIRY_REPLY_COMMAND} {inquiry_id}"


def submit_command(kind: TaskKind, record_id: int | None = None) -> str | None:
    """The command that submits this kind of task (a task made for one record: with its number); None when
    it arrives outside the chat (staff record it)."""
    if kind is TaskKind.INQUIRY_REPLY and record_id is not None:
        return inquiry_reply_command(record_id)
    if kind is TaskKind.RECTIFICATION and record_id is not None:
        return f"{RECTIFICATION_COMMAND} {record_id}"
    if kind is TaskKind.PROGRESS_TABLE and record_id is not None:
        return f"{PROGRESS_TABLE_COMMAND} {record_id}"
    return FLOW_COMMANDS.get(kind)


def button_payload(command: str, period: str) -> str:
    """What a nudge's button sends: a flow's command names the period, so the liaison drafts the period the
    nudge is about even while an earlier one is also owed (the bare command starts the earliest owed)."""
    if command in FLOW_COMMANDS.values() and period != ONCE_PERIOD:
        return f"{command} {period}"
    return command


def inquiry_task_title(inquiry_id: int) -> str:
    """The title of the task of replying to a written inquiry."""
    return f"书面函询（第 {inquiry_id} 号）回复"


def rectification_task_title(finding_id: int) -> str:
    """The title of the task of reporting a finding's rectification."""
    return f"发现 #{finding_id} 整改情况"


def date_label(day: date, today: date | None = None) -> str:
    """``12月7日``; with the year when it is not today's."""
    year = "" if today is not None and today.year == day.year else f"{day.year}年"
    return f"{year}{day.month}月{day.day}日"


def weekday_label(day: date) -> str:
    return f"星期{_WEEKDAYS[day.weekday()]}"


def day_label(day: date, today: date | None = None) -> str:
    """``12月7日（星期一）``; with the year when it is not today's."""
    return f"{date_label(day, today)}（{weekday_label(day)}）"


def period_label(period: str) -> str:
    """``2026-10`` → 2026年10月, ``2026`` → 2026年, ``2026H1`` → 2026年上半年, ``once`` → ""."""
    if period == ONCE_PERIOD:
        return ""
    if len(period) == 7 and period[4] == "-":
        return f"{period[:4]}年{int(period[5:])}月"
    if period.endswith("H1"):
        return f"{period[:4]}年上半年"
    return f"{period}年" if period.isdigit() else period


def task_label(title: str, period: str) -> str:
    label = period_label(period)
    return f"「{title}」（{label}）" if label else f"「{title}」"


# --- nudges to liaisons -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NudgeText:
    """What one reminder is about, in the words it will use."""

    kind: str  # before_3 | before_1 | due | overdue (fm_domain.nudges)
    department: str  # the department's name
    title: str
    period: str
    deadline: date
    today: date
    working_days: int  # before the deadline (before_N), or late (overdue)
    command: str | None


@dataclass(frozen=True)
class _Verb:
    """How a reminder names the act: a task is 报送, a written inquiry is answered (回复)."""

    notice: str  # 【报送提醒】
    act: str  # 报送
    button: str  # 开始报送


_SUBMIT = _Verb("【报送提醒】", "报送", "开始报送")
_ANSWER = _Verb("【回复提醒】", "回复", "开始回复")


def nudge_reply(nudge: NudgeText) -> Reply:
    what = f"{nudge.department}的{task_label(nudge.title, nudge.period)}"
    deadline = day_label(nudge.deadline, nudge.today)
    verb = _ANSWER if is_inquiry_command(nudge.command) else _SUBMIT
    if nudge.kind == "due":
        today = f"{date_label(nudge.deadline, nudge.today)}，{weekday_label(nudge.deadline)}"
        head = f"{verb.notice}{what}今天（{today}）截止，请在今天内{verb.act}。"
    elif nudge.kind == "overdue":
        late = nudge.working_days
        head = f"【逾期提醒】{what}已于{deadline}截止，尚未收到，已逾期 {late} 个工作日。请尽快{verb.act}。"
    else:
        head = f"{verb.notice}{what}将于{deadline}截止，还有 {nudge.working_days} 个工作日。"
    if nudge.command:
        # The button, when the channel shows it, sends the same command; the text must work without it.
        return Reply(
            f"{head}\n{verb.act}方式：发送 {nudge.command} 开始{verb.act}。",
            (Choice(verb.button, button_payload(nudge.command, nudge.period)),),
        )
    return Reply(f"{head}\n报送方式：请按通知要求将材料报送编办；编办登记收到后即不再提醒。")


def is_inquiry_command(command: str | None) -> bool:
    """Whether a nudge's command answers a written inquiry (``/函询回复 12``)."""
    return command is not None and command.split(" ", 1)[0] == INQUIRY_REPLY_COMMAND


# --- the staff digest -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestLine:
    department: str
    title: str
    period: str
    deadline: date
    working_days_late: int
    # False when the department has no liaison bound on any channel: nobody was reminded.
    reminded: bool = True


def digest_reply(today: date, lines: Sequence[DigestLine]) -> Reply:
    shown = [
        f"{n}. {line.department} {task_label(line.title, line.period)}："
        f"{day_label(line.deadline, today)}截止，逾期 {line.working_days_late} 个工作日"
        for n, line in enumerate(lines[:DIGEST_MAX_LINES], start=1)
    ]
    if len(lines) > DIGEST_MAX_LINES:
        shown.append(f"……另有 {len(lines) - DIGEST_MAX_LINES} 项，发送 /未报 查看。")
    text = "\n".join(
        [
            f"【逾期汇总】{today.year}年{day_label(today, today)}，以下 {len(lines)} 项报送逾期未交：",
            *shown,
            *_digest_reminders(lines),
            "线下收到的材料请用 /报送 已收 任务名称 部门 期次 登记，提醒随即停止。",
        ]
    )
    return Reply(text, (Choice("查看未报送部门", "/未报"),))


def _digest_reminders(lines: Sequence[DigestLine]) -> list[str]:
    """Who was reminded, and which departments were not, having no liaison bound to hear it."""
    unreminded = list(dict.fromkeys(line.department for line in lines if not line.reminded))
    if not unreminded:
        return ["已向相关部门联络员发送逾期提醒。"]
    said = (
        []
        if len(unreminded) == len({line.department for line in lines})
        else ["已向其他部门联络员发送逾期提醒。"]
    )
    return [
        *said,
        f"⚠️ {'、'.join(unreminded)}没有绑定联络员，未发送逾期提醒；"
        "请用 /邀请 联络员 部门 生成邀请码，请对方绑定。",
    ]


# --- notices to staff -------------------------------------------------------------------------------


def calendar_missing_notice(year: int) -> Reply:
    return Reply(
        f"【日历需要更新】工作日历还没有 {year} 年的节假日安排，目前暂按周一至周五计算工作日，"
        f"节假日和调休上班日可能算错，截止日期和催办时间也会随之偏差。\n"
        f"国务院办公厅公布 {year} 年节假日安排后，请管理员把放假日期（holidays）和调休上班日期（workdays）"
        f"按 [{year}] 表的格式补充到节假日文件（FM_HOLIDAYS_FILE）并重启 fmbot。本提醒只发送一次。"
    )


# Platforms answer in English; staff read the cause in Chinese, with the platform's words kept for IT.
_DELIVERY_CAUSES = (
    ("blocked by the user", "对方已屏蔽机器人"),
    ("chat not found", "会话不存在（对方从未打开过机器人或已删除会话）"),
    ("user is deactivated", "对方账号已停用"),
    ("81013", "对方不在应用可见范围内，或账号不存在"),
    ("60020", "服务器 IP 不在企业可信 IP 中"),
    ("over the per-member limit", "内容过长，超过企业微信对单个成员的发送频率限制"),
    ("empty reply", "回复内容为空"),
    ("timeout", "发送超时"),
    ("network", "网络错误"),
)


def delivery_cause(reason: str) -> str:
    """A sender's reason as staff read it: a Chinese cause where it is known, the platform's words beside."""
    if not reason:
        return "未知"
    lowered = reason.lower()
    for marker, cause in _DELIVERY_CAUSES:
        if marker.lower() in lowered:
            return f"{cause}；{reason}"
    return f"平台返回：{reason}"


def delivery_failed_notice(
    recipient: str, channel: str, reason: str, excerpt: str, *, retries_exhausted: bool
) -> Reply:
    where = CHANNEL_LABELS.get(channel, channel)
    why = "多次重试后仍未送达" if retries_exhausted else "无法送达"
    short = excerpt.strip().replace("\n", " ")
    if len(short) > EXCERPT_CHARS:
        short = short[:EXCERPT_CHARS] + "……"
    return Reply(
        f"【消息未送达】发给 {recipient}（{where}）的一条消息{why}（原因：{delivery_cause(reason)}）。\n"
        f"消息开头：「{short}」\n"
        "请电话联系本人确认账号是否仍可使用（如已退出企业微信、停用或屏蔽了机器人），必要时请其重新绑定。"
    )


# --- /报送: staff keep the reporting tasks ------------------------------------------------------------

SUMMARY_TASKS = "查看和维护报送任务（新增、修改截止规则和报送部门、停用、登记线下收到的材料）"
TASKS_USAGE = "/报送 [新增|修改|停用|启用|已收] …"
# Each action's usage, as "参数不全" quotes it.
TASKS_ADD_USAGE = "/报送 新增 名称 规则 部门…|全部"
TASKS_CHANGE_USAGE = "/报送 修改 任务 规则｜部门 部门…｜名称 新名称"
TASKS_RENAME_USAGE = "/报送 修改 任务 名称 新名称"
TASKS_STOP_USAGE = "/报送 停用 任务"
TASKS_RESUME_USAGE = "/报送 启用 任务"
TASKS_RECEIPT_USAGE = "/报送 已收 任务 部门 [期次]"
TASKS_HELP = (
    "用法（“任务”写任务名称即可）：\n"
    "/报送 —— 列出全部报送任务\n"
    "/报送 新增 名称 规则 部门…|全部 —— 例如：/报送 新增 统计表 每月10日 全部\n"
    "/报送 修改 任务 规则 —— 例如：/报送 修改 月度工作安排 每月第7个工作日\n"
    "/报送 修改 任务 部门 部门…|全部 —— 改为由哪些部门报送\n"
    "/报送 修改 任务 名称 新名称\n"
    "/报送 停用 任务，/报送 启用 任务\n"
    "/报送 已收 任务 部门 [期次] —— 登记线下收到的材料，该部门该期的提醒随即停止\n"
    f"{RULE_HELP}"
)
TASKS_MORE = "发送 /报送 帮助 查看新增、修改、停用和登记收到的用法。"
TASKS_EMPTY = "目前没有报送任务。"
ALL_DEPARTMENTS = "全部部门"
ALL_DEPARTMENTS_WORDS = ("全部", "所有", "全部部门", "all")
TITLE_HAS_NO_SPACES = "任务名称中请不要有空格。"


def departments_label(names: Sequence[str]) -> str:
    """The departments that owe a task, as the listing and the confirmations name them."""
    return "、".join(names) or "（无）"


def tasks_heading(count: int) -> str:
    return f"【报送任务】共 {count} 项："


def task_line(
    n: int,
    title: str,
    rule: str,
    departments: str,
    deadline: date | None,
    period: str,
    today: date,
) -> str:
    upcoming = ""
    if deadline is not None:
        label = period_label(period)
        upcoming = f"；本期{('（' + label + '）') if label else ''}截止 {day_label(deadline, today)}"
    return f"{n}. 「{title}」：{rule}；报送部门：{departments}{upcoming}"


def stopped_task_line(title: str) -> str:
    return f"⏸「{title}」已停用（/报送 启用 {title} 可恢复）"


def task_rule_broken(title: str, error: str) -> str:
    return f"⚠️「{title}」的截止规则无法识别：{error}（请用 /报送 修改 {title} 规则 更正）"


def unknown_action(word: str) -> str:
    return f"不认识的操作“{word}”。\n{TASKS_HELP}"


def missing_arguments(usage: str) -> str:
    return f"参数不全。用法：{usage}"


def bad_code(code: str) -> str:
    return (
        f"任务名称“{code}”不合适：请用汉字、字母、数字、下划线或连字符，"
        "不超过 64 个字，且不以 inquiry- 开头。"
    )


def task_exists(title: str) -> str:
    return f"报送任务「{title}」已存在；要修改请用 /报送 修改 {title} …"


def unknown_task(word: str, known: Sequence[str]) -> str:
    return f"没有名为“{word}”的报送任务。现有任务：{'、'.join(known) or '无'}"


def unknown_departments(words: Sequence[str], known: str) -> str:
    return f"不认识的部门：{'、'.join(words)}。可用部门（代码或名称均可）：{known}"


def no_departments() -> str:
    return "请写明报送部门（部门代码或名称，多个用空格分隔），或写“全部”。"


def task_added(title: str, rule: str, departments: str, deadline: date, today: date) -> str:
    return (
        f"已新增报送任务「{title}」：{rule}，报送部门：{departments}。"
        f"最近一期截止 {day_label(deadline, today)}；今天之前已截止的各期不再追究。"
    )


def task_rule_changed(title: str, rule: str, deadline: date, today: date) -> str:
    return (
        f"已将「{title}」的截止规则改为：{rule}。最近一期截止 {day_label(deadline, today)}；"
        "按新规则在今天之前已截止的各期不再追究。"
    )


def task_departments_changed(title: str, departments: str) -> str:
    return f"已将「{title}」的报送部门改为：{departments}。"


def task_title_changed(old: str, title: str) -> str:
    return f"已将「{old}」的名称改为「{title}」。"


def task_stopped(title: str) -> str:
    return f"已停用报送任务「{title}」，不再提醒。"


def task_resumed(title: str) -> str:
    return f"已启用报送任务「{title}」。"


def receipt_recorded(code: str, title: str, department: str, period: str) -> str:
    return f"已登记：{department}的{task_label(title, period)}已收到，对该部门该期的提醒随即停止。"


def receipt_exists(department: str, title: str, period: str) -> str:
    return f"{department}的{task_label(title, period)}此前已登记收到。"
