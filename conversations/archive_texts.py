"""Every Chinese word of the dossier (电子档案), the city-wide workbook, /档案, /登录 and the web console's
labels, in one place. The record's own labels (verdicts, finding and inquiry states, issue kinds) are
conversations.texts', so the dossier says of an item what the chat said of it.

Functions take plain values and return text; nothing here reads the database or decides anything.
"""

from __future__ import annotations

from datetime import date, datetime

from conversations.texts import (
    FINDING_LABELS,
    FINDING_STATUS,
    GOAL_STATUS_LABELS,
    INQUIRY_STATUS,
    ISSUE_KINDS,
    MESSAGE_KINDS,
    PROGRESS_LABELS,
    REPORT_STATUS,
    VERDICT_LABELS,
)
from fm_domain.archive import ChangeKind, PartKey, ReportState
from fm_domain.records import INTERNAL, SubmissionKind

__all__ = [
    "FINDING_LABELS",
    "FINDING_STATUS",
    "GOAL_STATUS_LABELS",
    "INQUIRY_STATUS",
    "ISSUE_KINDS",
    "MESSAGE_KINDS",
    "PROGRESS_LABELS",
    "REPORT_STATUS",
    "VERDICT_LABELS",
]

# --- the documents -------------------------------------------------------------------------------------

DOSSIER_TITLE = "部门职能履行情况电子档案"
CITY_TITLE = "全市部门职能履行情况汇总"
CONTENTS = "目　录"
CONTENTS_HINT = "（目录在 Word 中打开后按 F9 或“更新域”生成页码）"
NONE = "无"
EMPTY_ROWS = "暂无记录。"


def dossier_subtitle(name: str, year: int) -> str:
    return f"{name}　{year}年度"


def city_subtitle(year: int) -> str:
    return f"{year}年度"


def made_at(moment: datetime) -> str:
    return f"{moment:%Y年%m月%d日 %H:%M}"


FACT_DEPARTMENT = "部门"
FACT_CODE = "部门代码"
FACT_YEAR = "年度"
FACT_REVISION = "三定版本"
FACT_MADE = "生成时间"
FACT_DEPARTMENTS = "部门数"


def revision_fact(number: int, imported: datetime) -> str:
    return f"第 {number} 版（{imported:%Y-%m-%d} 导入）"


# Sections of the dossier, in order.
SECTION_SANDING = "一、三定规定"
SECTION_REPORTING = "二、报送情况"
SECTION_GOALS = "三、年度工作目标"
SECTION_MONTHLY = "四、月度工作安排及进展"
SECTION_HALF_YEAR = "五、半年工作总结"
SECTION_ISSUES = "六、问题报告、重要政策措施和重大活动"
SECTION_FINDINGS = "七、审核发现及处理"
SECTION_INQUIRIES = "八、书面函询"
# The parts other features add come after, numbered on (see fm_domain.archive.extension).
PART_TITLES = {
    PartKey.REPORTS: "统计表和专项报告",
    PartKey.VISITS: "走访座谈和现场查看",
    PartKey.LIFECYCLE: "发现处理过程",
    PartKey.RECOMMENDATIONS: "动态管理建议及采纳情况",
    PartKey.PERFORMANCE: "绩效考评",
}
CHAPTER_NUMBERS = "一二三四五六七八九十"


def chapter_title(number: int, title: str) -> str:
    """``九、绩效考评`` for the ninth chapter."""
    return f"{_numeral(number)}、{title}"


def _numeral(number: int) -> str:
    """一 … 十, 十一 … 十九, 二十 …: the dossier grows past ten chapters with the parts added to it."""
    if number <= len(CHAPTER_NUMBERS):
        return CHAPTER_NUMBERS[number - 1]
    if number < 100:
        tens, ones = divmod(number, 10)
        return (
            (CHAPTER_NUMBERS[tens - 1] if tens > 1 else "")
            + "十"
            + (CHAPTER_NUMBERS[ones - 1] if ones else "")
        )
    return str(number)


SUB_DUTIES = "（一）主要职责（按职能类别）"
SUB_DIVISIONS = "（二）内设机构"
SUB_STAFFING = "（三）编制"
SUB_REVISIONS = "（四）修订记录"
SUB_COVERAGE = "职责覆盖情况"
SUB_EARLIER = "此前各版本"
SUB_PROGRESS = "上月事项进展"
SUB_GOAL_PROGRESS = "年度目标进展"
SUB_OTHER_WORK = "上半年其他重点工作"
SUB_POLICY_EVENTS = "重要政策措施和重大活动"
SUB_OTHER_ISSUES = "其他问题报告"


def staffing_text(administrative: int | None, leaders: int | None, bodies: int | None, listed: int) -> str:
    def number(value: int | None) -> str:
        return "未载明" if value is None else str(value)

    return (
        f"行政编制 {number(administrative)} 名，领导职数 {number(leaders)} 名，"
        f"内设机构 {number(bodies)} 个（目录列出 {listed} 个）。"
    )


PARTIAL_CATALOG = "注：该部门的职责清单已知不完整。"
GUESSED_CATEGORY = "（推测）"

CATEGORY_ORDER_NOTE = "职责按宏观决策、组织实施、监督检查、部门间协调配合、辅助职能、其它职能六类排列。"


def series_heading(title: str, period: str, division: str) -> str:
    return f"{title} {period}" + (f"（{division}）" if division else "")


def version_line(version: int, receipt: str, submitted: datetime, versions: int) -> str:
    receipt_text = f"，回执 {receipt}" if receipt else ""
    more = f"；共 {versions} 个版本，此前各版本见下表" if versions > 1 else ""
    return f"第 {version} 版{receipt_text}，{submitted:%Y-%m-%d %H:%M} 提交{more}。"


GOALS_NONE = "本年度尚未报送部门年度工作目标。"
MONTHLY_NONE = "本年度尚无月度工作安排。"
HALF_YEAR_NONE = "本年度尚未报送半年工作总结。"
ISSUES_NONE = "本年度没有问题报告。"
FINDINGS_NONE = "本年度没有审核发现。"
INQUIRIES_NONE = "本年度没有书面函询。"
REPORTING_NONE = "本年度没有需要该部门报送的任务。"
REVISIONS_FIRST = "首次导入"
PERIODIC = "阶段性"
CHART_MISSING_FONT = "（图表未能生成：本机缺少中文字体 Noto Sans CJK，请安装 fonts-noto-cjk。）"


def coverage_summary(covered: int, duties: int) -> str:
    return f"本年度工作目标、月度安排涉及在履行职责 {covered} 项，共 {duties} 项。"


def inquiry_heading(inquiry_id: int, status: str, deadline: date, asked: datetime) -> str:
    return f"函询第 {inquiry_id} 号（{status}；{asked:%Y-%m-%d} 发出，{deadline:%Y-%m-%d} 前回复）"


def revision_change(kind: ChangeKind, subject: str, before: str, after: str) -> str:
    match kind:
        case ChangeKind.DUTY_ADDED:
            return f"新增第 {subject} 项职责：{after}"
        case ChangeKind.DUTY_REMOVED:
            return f"删去第 {subject} 项职责：{before}"
        case ChangeKind.DUTY_TEXT:
            return f"第 {subject} 项职责文字修改"
        case ChangeKind.DUTY_STATUS:
            return f"第 {subject} 项职责{before}→{after}"
        case ChangeKind.DUTY_CATEGORY:
            return f"第 {subject} 项职责类别 {before}→{after}"
        case ChangeKind.DIVISION_ADDED:
            return f"新设内设机构 {subject}"
        case ChangeKind.DIVISION_REMOVED:
            return f"撤销内设机构 {subject}"
        case ChangeKind.STAFFING:
            return f"编制（行政编制/领导职数/内设机构）{before}→{after}"
        case ChangeKind.NAME:
            return f"名称 {before}→{after}"


SUBMISSION_KINDS = {
    SubmissionKind.ANNUAL_GOALS: "年度工作目标",
    SubmissionKind.MONTHLY_ARRANGEMENT: "月度工作安排",
    SubmissionKind.HALF_YEAR_SUMMARY: "半年工作总结",
}
REPORT_STATES = {
    ReportState.ON_TIME: "按时报送",
    ReportState.LATE: "逾期报送",
    ReportState.OVERDUE: "逾期未报",
    ReportState.DUE: "待报送",
    ReportState.FUTURE: "未到期",
    ReportState.NOT_OWED: "不需报送",
}
# The matrix's cells: one character each, so forty departments × twelve months fit a screen.
REPORT_MARKS = {
    ReportState.ON_TIME: "✓",
    ReportState.LATE: "迟",
    ReportState.OVERDUE: "✗",
    ReportState.DUE: "…",
    ReportState.FUTURE: "",
    ReportState.NOT_OWED: "—",
}


def lateness(state: ReportState, working_days: int) -> str:
    if state is ReportState.LATE:
        return f"晚 {working_days} 个工作日"
    if state is ReportState.OVERDUE:
        return f"已逾期 {working_days} 个工作日"
    return ""


def month_label(month: int) -> str:
    return f"{month}月"


ANNUAL_COLUMN = "年度目标"
CONFIDENCE_LOW = "待编办研判"
PRECEDENT = "参照编办认定"


def verdict_label(counted_as: str) -> str:
    return VERDICT_LABELS.get(counted_as, counted_as) if counted_as != INTERNAL else VERDICT_LABELS[INTERNAL]


def counts_text(counts: dict[str, int]) -> str:
    return "；".join(f"{verdict_label(key)} {value}" for key, value in counts.items()) or NONE


# Column titles.
COL_N = "序号"
COL_DUTY = "职责"
COL_CATEGORY = "职能类别"
COL_STATUS = "状态"
COL_PERIODIC = "阶段性"
COL_DIVISIONS = "承担处室"
COL_DIVISION = "处室"
COL_DIVISION_DUTIES = "职责"
COL_REVISION = "版本"
COL_IMPORTED = "导入时间"
COL_SOURCE = "来源"
COL_CHANGES = "变化"
COL_TASK = "报送任务"
COL_PERIOD = "期次"
COL_DEADLINE = "截止日期"
COL_ARRIVED = "报送日期"
COL_LATE_DAYS = "逾期工作日"
COL_KIND = "类型"
COL_VERSION = "版本"
COL_RECEIPT = "回执编号"
COL_SUBMITTED = "提交时间"
COL_ITEMS = "事项数"
COL_COUNTS = "比对结论"
COL_ITEM = "事项"
COL_VERDICT = "比对结论"
COL_MATCHED_DUTY = "对应职责"
COL_NOTE = "说明"
COL_PROGRESS = "进展"
COL_REASON = "原因"
COL_ID = "编号"
COL_FOUND = "发现日期"
COL_DETAIL = "说明"
COL_DECIDED = "处理日期"
COL_DECISION_REASON = "理由"
COL_INQUIRY = "函询编号"
COL_TIME = "时间"
COL_MESSAGE_KIND = "类别"
COL_TEXT = "内容"
COL_ATTACHMENT = "附件"
COL_REPORTED = "报告日期"
COL_DESCRIPTION = "描述"
COL_REPLY = "编办回复"
COL_OUTCOME = "处理结果"
COL_DEPARTMENT = "部门"
COL_DUTIES = "职责数"
COL_COVERED = "已涉及"
COL_UNCOVERED = "未涉及"
COL_COUNT = "数量"
COL_ON_TIME = "按时"
COL_LATE = "逾期报送"
COL_OVERDUE = "逾期未报"
COL_OPEN_FINDINGS = "待研判发现"

# Views (the workbook's sheets).
VIEW_DUTIES = "职责"
VIEW_SUBMISSIONS = "报送记录"
VIEW_PUNCTUALITY = "报送及时性"
VIEW_ITEMS = "事项比对"
VIEW_FINDINGS = "审核发现"
VIEW_INQUIRIES = "书面函询"
VIEW_ISSUES = "问题报告"
VIEW_COVERAGE = "职责覆盖"

# Charts.
CHART_PUNCTUALITY = "各月报送及时情况"
CHART_COVERAGE = "职责覆盖（按职能类别）"
CHART_FINDINGS = "审核发现（按类型和处理状态）"
CHART_CITY_PUNCTUALITY = "各部门报送及时情况"
CHART_CITY_FINDINGS = "各部门审核发现"
AXIS_REPORTS = "报送数"
AXIS_DUTIES = "职责数"
AXIS_FINDINGS = "发现数"

# --- chat: /档案 and /登录 ------------------------------------------------------------------------------

SUMMARY_ARCHIVE = "某部门某年度的职能履行电子档案（Word 文件）"
USAGE_ARCHIVE = "/档案 部门 [年份]"
SUMMARY_SIGN_IN = "获取网页控制台的一次性登录链接（10 分钟内有效）"
ARCHIVE_ASK = "请写明部门，例如：/档案 民政局 2026。"
ARCHIVE_UNAVAILABLE = "本服务未启用电子档案的文件生成，请联系管理员。"


def archive_year_invalid(word: str) -> str:
    return f"“{word}”不是年份，请写四位数字，例如：/档案 民政局 2026。"


def archive_ready(department: str, year: int, name: str) -> str:
    return f"{department}{year}年度职能履行电子档案已生成：{name}"


def archive_file_name(code: str, year: int, extension: str) -> str:
    return f"电子档案-{code}-{year}.{extension}"


def city_file_name(year: int) -> str:
    return f"全市汇总-{year}.xlsx"


SIGN_IN_UNAVAILABLE = "网页控制台尚未启用（管理员需设置 FM_WEB_BASE_URL）。"


def sign_in_link(url: str, minutes: int) -> str:
    return f"请在 {minutes} 分钟内打开以下链接登录网页控制台（仅可使用一次，请勿转发）：\n{url}"


# --- the web console -----------------------------------------------------------------------------------

CONSOLE_TITLE = "职能管理控制台"
PAGE_OVERVIEW = "总览"
PAGE_FINDINGS = "审核发现"
PAGE_COVERAGE = "职责覆盖热力图"
PAGE_RANKING = "绩效排名"
PAGE_RECOMMENDATIONS = "动态管理建议"
SIGN_IN_TITLE = "登录网页控制台"
SIGN_IN_BUTTON = "进入控制台"
SIGNED_OUT = "您已退出网页控制台。需要时请在聊天中再次发送 /登录 获取新的链接。"
NOT_SIGNED_IN = "请先登录：在企业微信、Telegram 或控制台中向 fmbot 发送 /登录，打开收到的链接。"
LINK_INVALID = "登录链接无效：请确认链接完整，或在聊天中重新发送 /登录。"
LINK_USED = "此登录链接已经使用过，每个链接只能用一次。请在聊天中重新发送 /登录。"
LINK_EXPIRED = "此登录链接已过期（有效期 10 分钟）。请在聊天中重新发送 /登录。"
FORBIDDEN_DEPARTMENT = "您只能查看本部门的情况。"
UNKNOWN_DEPARTMENT = "没有这个部门。"
CITY_ONLY_STAFF = "全市汇总仅供编办工作人员和领导查看。"
PART_UNAVAILABLE = {
    PartKey.PERFORMANCE: "绩效考评尚未启用：考评方案和评价导入后，这里显示各部门的得分排名和与中位数的比较。",
    PartKey.RECOMMENDATIONS: (
        "动态管理建议尚未启用：运行监管形成确认的证据后，这里显示各部门的调整建议及采纳情况。"
    ),
}


def signed_in_as(name: str, role: str, department: str) -> str:
    return f"{name}（{role}{'，' + department if department else ''}）"


def sign_in_prompt(name: str) -> str:
    return f"{name}，您好。点击下方按钮进入网页控制台（此链接仅可使用一次）。"
