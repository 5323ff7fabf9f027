"""What 统计表 and the 重要政策措施 / 重大活动 reports say in chat (Chinese), and the labels of the 统计表
workbook. Functions take plain values and return text; nothing here reads the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from conversations.texts import excerpt
from fm_domain.records import WorkReportKind

# --- the workbook --------

TITLE_LABEL = "标题"
PERIOD_LABEL = "期次"
DEPARTMENT_LABEL = "部门"
INSTRUCTIONS_LABEL = "填表说明"
NUMBER_LABEL = "序号"
ROW_LABEL = "项目"
SHEET_INSTRUCTIONS = "每个项目一行，在右侧各列填写数值（只填数字，不带单位）。请勿修改期次、序号和项目。"


def cell_problem(cell: str, problem: str) -> str:
    return f"{cell}：{problem}"


NOT_A_WORKBOOK = "不是有效的 xlsx 文件，请用 Excel/WPS 另存为 .xlsx 后重发。"
NO_PERIOD = "缺少“期次”行（A 列写“期次”，B 列写期次），请用本表的模板填写。"


def too_many_rows(limit: int) -> str:
    return f"行数超过 {limit}，不是由模板生成的统计表。"


NO_HEADER = "找不到表头：应有一行 A 列为“序号”，请用本表的模板填写。"


def wrong_period(found: str, expected: str) -> str:
    return f"期次为“{found}”，本表的期次是“{expected}”：请用本期的模板填写。"


def not_a_number(row: int, label: str, column: str, value: object) -> str:
    return f"第 {row} 项“{excerpt(label, 20)}”的“{column}”不是数字：{value}"


def unknown_row(row: object) -> str:
    return f"序号 {row} 不在本表中"


def missing(rows: Sequence[int]) -> str:
    return "还缺第 " + "、".join(str(n) for n in rows) + " 项（每项每列都要填写）"


def problems_heading(count: int) -> str:
    return (
        f"该表有 {count} 处问题，未保存，请改正后重发："
        if count > 1
        else "该表有问题，未保存，请改正后重发："
    )


PROBLEMS_SHOWN = 10


# --- publishing (staff) --------

SUMMARY_PUBLISH = "发布统计表模板（期次、各部门填写的项目和数值、截止日期；到期前后按工作日催办）"
PUBLISH_TITLE = "发布统计表"
TABLE_TITLE_PROMPT = "统计表名称？（如：职能履行和工作推进情况统计表）"
TABLE_PERIOD_PROMPT = (
    "期次？如 2026年11月、2026年第四季度、2026年上半年、2026年（也可写 2026-11、2026Q4、2026H1、2026）。"
)
TABLE_PERIOD_FORMAT = (
    "无法识别期次。请写成 2026年11月、2026年第四季度、2026年上半年或 2026年"
    "（也可写 2026-11、2026Q4、2026H1、2026）。"
)
TABLE_ROWS_PROMPT = "各部门要填写哪些项目？每行一项（可直接粘贴，编号会自动去掉）。"
TABLE_ROWS_EMPTY = "没有读到项目，请每行写一项。"
TABLE_COLUMNS_PROMPT = (
    "每个项目填写哪些数值？用空格或顿号分隔，如：计划数 完成数 完成率。只填一个数值的，选择“只填一个数值”。"
)


def table_rows_added(rows: Sequence[str], count: int) -> str:
    return f"已加入项目：{'、'.join(rows)}（共 {count} 项）。\n{TABLE_COLUMNS_PROMPT}"


TABLE_ONE_COLUMN = "数值"
LABEL_ONE_COLUMN = "只填一个数值"
TABLE_DEPARTMENTS_PROMPT = "哪些部门填写？写部门名称（空格分隔），或选择“全部部门”。"
LABEL_ALL_DEPARTMENTS = "全部部门"
TABLE_DEADLINE_PROMPT = "截止日期？例如 2026-12-10、12月10日，或“5个工作日”。"
TABLE_DEADLINE_FORMAT = "无法识别日期。请写成 2026-12-10、12月10日，或“5个工作日”。"
TABLE_DEADLINE_PAST = "截止日期应晚于今天。"
LABEL_PUBLISH = "发布"
ALL = "全部部门"


def table_preview(
    title: str, period: str, rows: Sequence[str], columns: Sequence[str], departments: str, deadline: date
) -> str:
    listed = "\n".join(f"{n}. {row}" for n, row in enumerate(rows, start=1))
    return (
        f"【统计表 · 预览】{title}（{period}）\n填写数值：{'、'.join(columns)}\n填写部门：{departments}\n"
        f"截止：{deadline:%Y-%m-%d}\n项目：\n{listed}"
    )


def table_published(table_id: int, departments: int, liaisons: int) -> str:
    return (
        f"统计表 #{table_id} 已发布：{departments} 个部门填写，模板已发给 {liaisons} 位联络员，"
        "到期前后按工作日催办。模板见附件。"
    )


def table_to_liaison(table_id: int, title: str, period: str, deadline: date) -> str:
    return (
        f"【统计表】编办发布了《{title}》（{period}），请于 {deadline:%Y-%m-%d} 前填写："
        f"发送 /统计表 {table_id}，可发送填好的附件模板，或逐行回复数值。"
    )


def template_name(title: str, period: str) -> str:
    return f"{title}（{period}）.xlsx"


# --- filling (liaisons) --------

SUMMARY_FILL = "填写编办发布的统计表（发送填好的 .xlsx，或逐行回复数值）；编办人员查看填报情况"
USAGE_FILL = "/统计表 [编号]"
FILL_TITLE = "填写统计表"
NO_TABLES = "目前没有需要填写的统计表。"
TABLES_HEADING = "需要填写的统计表（发送 /统计表 编号 填写）："
NOT_YOURS = "该统计表不需要本部门填写。"
LABEL_PREVIEW = "填好了，预览"
LABEL_REFILL = "修改"
FILL_LINE_FORMAT = "每行写“序号 数值”（多个数值用空格分隔），例如：1 12 10。"


def todo_table_line(table_id: int, title: str, deadline: date, today: date, filled: bool) -> str:
    if filled:
        return f"✅ 统计表《{title}》已填写（/统计表 {table_id} 可重新填写）"
    late = "已逾期，" if deadline < today else ""
    return f"📊 统计表《{title}》待填写，{late}截止 {deadline:%Y-%m-%d}：/统计表 {table_id}"


def unknown_table(number: str) -> str:
    return f"找不到编号为 {number} 的统计表。"


def table_line(table_id: int, title: str, period: str, deadline: date, receipt: str) -> str:
    done = f"已填，回执 {receipt}" if receipt else f"截止 {deadline:%Y-%m-%d}"
    return f"#{table_id} 《{title}》（{period}）{done}"


def fill_prompt(title: str, period: str, rows: Sequence[str], columns: Sequence[str], deadline: date) -> str:
    listed = "\n".join(f"{n}. {row}" for n, row in enumerate(rows, start=1))
    return (
        f"《{title}》（{period}），截止 {deadline:%Y-%m-%d}。各项填写：{'、'.join(columns)}。\n{listed}\n"
        f"请发送填好的 .xlsx 模板，或逐行回复数值：{FILL_LINE_FORMAT}"
    )


def bad_line(line: str, columns: int) -> str:
    return f"无法识别“{excerpt(line, 30)}”：应为序号和 {columns} 个数字。{FILL_LINE_FORMAT}"


def filled_so_far(done: int, total: int, missing_rows: Sequence[int]) -> str:
    if not missing_rows:
        return f"已填 {done}/{total} 项，已全部填写。"
    return f"已填 {done}/{total} 项，还缺第 " + "、".join(str(n) for n in missing_rows) + " 项。"


def fill_preview(title: str, period: str, lines: Sequence[str], file_name: str) -> str:
    source = f"（来自 {file_name}）" if file_name else ""
    return f"【统计表 · 预览】《{title}》（{period}）{source}\n" + "\n".join(lines)


def figures_line(n: int, row: str, columns: Sequence[str], figures: Sequence[str]) -> str:
    return f"{n}. {row}：" + "，".join(
        f"{column} {value}" for column, value in zip(columns, figures, strict=True)
    )


def fill_recorded(title: str, receipt: str, version: int) -> str:
    again = f"（第 {version} 版，替代之前的填报）" if version > 1 else ""
    return f"《{title}》已提交{again}，回执编号 {receipt}。"


def fill_to_staff(department: str, table_id: int, title: str, receipt: str, version: int) -> str:
    again = f"第 {version} 版，" if version > 1 else ""
    return (
        f"【统计表】{department}提交了统计表 #{table_id}《{title}》（{again}回执 {receipt}）。"
        f"发送 /统计表 {table_id} 查看。"
    )


# --- the office's view --------


def office_table_heading(
    table_id: int, title: str, period: str, deadline: date, filled: int, owing: int
) -> str:
    return (
        f"统计表 #{table_id}《{title}》（{period}），截止 {deadline:%Y-%m-%d}：已填 {filled}/{owing} 个部门"
    )


def office_department_line(department: str, receipt: str, version: int, lines: Sequence[str]) -> str:
    head = f"· {department}：回执 {receipt}（第 {version} 版）" if receipt else f"· {department}：未填"
    return "\n".join([head, *(f"    {line}" for line in lines)])


OFFICE_TABLES_EMPTY = "还没有发布统计表。发送 /发布统计表 发布。"
OFFICE_TABLES_HEADING = "已发布的统计表（/统计表 编号 查看填报）："

# --- 重要政策措施 / 重大活动 --------

WORK_KINDS = {WorkReportKind.POLICY: "重要政策措施", WorkReportKind.EVENT: "重大活动"}
SUMMARY_POLICY = "报送出台的重要政策措施（名称、日期、内容、附件，逐项对照三定）"
SUMMARY_EVENT = "报送开展的重大活动（名称、日期、内容、附件，逐项对照三定）"
SUMMARY_WORK_LIST = "查看部门报送的重要政策措施和重大活动"
USAGE_WORK_LIST = "/政策活动 部门"
WORK_TITLE_PROMPTS = {
    WorkReportKind.POLICY: "政策措施的名称（文件标题）？",
    WorkReportKind.EVENT: "活动名称？",
}
WORK_DATE_PROMPTS = {
    WorkReportKind.POLICY: "出台日期？例如 2026-11-20、11月20日，或“今天”。",
    WorkReportKind.EVENT: "举办日期？例如 2026-11-20、11月20日，或“今天”。",
}
WORK_DATE_FORMAT = "无法识别日期。请写成 2026-11-20、11月20日，或“今天”。"
WORK_DATE_FUTURE = "日期不能晚于今天：请在出台或举办后报送。"
WORK_DESCRIPTION_PROMPT = "主要内容？（可同时附上文件）"
WORK_FILES_PROMPT = "如有文件或照片，请逐个发送；发完或没有时选择“完成”。"
WORK_FILES_MORE = "已收到。继续发送，或选择“完成”。"
WORK_STATUS_HEADING = "重要政策措施、重大活动："


def work_preview(
    kind: WorkReportKind,
    department: str,
    title: str,
    day: date,
    description: str,
    files: Sequence[str],
    check: str,
) -> str:
    lines = [
        f"【{WORK_KINDS[kind]} · 预览】{department}",
        f"名称：{title}",
        f"日期：{day:%Y-%m-%d}",
        f"内容：{description}",
    ]
    if files:
        lines.append(f"附件：{'、'.join(files)}")
    lines.append(f"对照三定：{check}")
    return "\n".join(lines)


def work_recorded(kind: WorkReportKind, receipt: str, finding: int | None) -> str:
    note = f"该项已推送编办研判（发现 #{finding}）。" if finding is not None else ""
    return f"{WORK_KINDS[kind]}已报送，回执编号 {receipt}。{note}"


def work_to_staff(
    kind: WorkReportKind, department: str, title: str, receipt: str, check: str, finding: int | None
) -> str:
    flag = (
        f"\n发现 #{finding}：/确认发现 {finding} 理由 或 /驳回发现 {finding} 理由"
        if finding is not None
        else ""
    )
    return f"【{WORK_KINDS[kind]}】{department}报送“{title}”（回执 {receipt}）。对照三定：{check}{flag}"


def work_line(kind: WorkReportKind, day: date, title: str, receipt: str, check: str) -> str:
    return f"· {day:%Y-%m-%d} {WORK_KINDS[kind]}“{excerpt(title, 30)}”（回执 {receipt}）：{check}"


def works_heading(department: str, count: int) -> str:
    if not count:
        return f"{department}还没有报送重要政策措施或重大活动。"
    return f"【{department} 重要政策措施、重大活动】共 {count} 项："
