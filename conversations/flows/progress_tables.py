"""统计表 (职能履行和工作推进情况统计表): staff publish a template for a period (``/发布统计表``: the
matters, the figures each takes, the departments, the deadline), and its workbook goes to each
department's liaisons; a liaison fills it (``/统计表 N``) by sending the filled .xlsx or typing rows
("序号 数值…"), sees the whole table and confirms; each confirmation is the next version, with a receipt.
Until a department has filled it the table is owed like any task (conversations.obligations: /待办, the
nudges, /未报). Staff see who filled what (``/统计表 N``).

Nothing is taken half: a workbook with any problem (a wrong period, a figure that is not a number, a row
left empty) is refused whole with every problem named by its cell, and a typed message with a line that
does not read is refused whole too; a table is stored only once every row has its figures.

```mermaid
stateDiagram-v2
    [*] --> title: /发布统计表
    title --> period --> rows --> columns --> departments --> deadline --> publish_preview
    publish_preview --> [*]: 发布 (workbook to the liaisons, nudged until filled)
    [*] --> fill: /统计表 N (liaison)
    fill --> fill: rows typed (what is still missing is said)
    fill --> preview: a whole workbook, or every row typed, or 填好了
    preview --> fill: 修改
    preview --> [*]: 确认提交 (next version, receipt, staff told)
```
"""

from __future__ import annotations

import base64
import re
from datetime import date

from conversations import report_texts, texts
from conversations.evaluation_sheet import XLSX_MIME
from conversations.flow import Command, Context, Finish, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import inquiry
from conversations.flows.common import (
    catalog,
    department_name,
    file_to_draft,
    find_department,
    oversized,
    text_of,
)
from conversations.messages import Attachment, Choice, Inbound, Reply
from conversations.nudge_texts import ALL_DEPARTMENTS_WORDS
from conversations.progress_sheet import problems_text, read_filled, write_template
from conversations.rights import LIAISONS, OFFICE, is_office
from fm_domain.deadlines import period_key
from fm_domain.records import Figures, ProgressTable, figure, missing_rows
from fm_domain.records.progress import ordered, plain, rows_of

# --- /发布统计表 (staff) ---------------------------------------------------------------------------------


def _publish(ctx: Context, args: str) -> Transition:
    ctx.data = {
        "title": args.strip(),
        "period": "",
        "rows": [],
        "columns": [],
        "departments": None,
        "deadline": "",
    }
    return Goto("period") if ctx.data["title"] else Goto("title")


def _title(ctx: Context, message: Inbound) -> Transition:
    if not text_of(message):
        return Stay(texts.TEXT_EXPECTED)
    ctx.data["title"] = text_of(message)
    return Goto("period")


def _period(ctx: Context, message: Inbound) -> Transition:
    period = period_key(text_of(message))
    if period is None:
        return Stay(report_texts.TABLE_PERIOD_FORMAT)
    ctx.data["period"] = period
    return Goto("rows")


def _rows(ctx: Context, message: Inbound) -> Transition:
    rows = rows_of(text_of(message).splitlines())
    if not rows:
        return Stay(report_texts.TABLE_ROWS_EMPTY)
    ctx.data["rows"] = list(rows)
    return Goto("columns")


def _columns_prompt(ctx: Context) -> Reply:
    return Reply(report_texts.TABLE_COLUMNS_PROMPT, (Choice(report_texts.LABEL_ONE_COLUMN, "one"),))


def _columns(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "one":
        columns = [report_texts.TABLE_ONE_COLUMN]
    elif more := _more_rows(text_of(message)):
        # Rows sent one message each ("2. 执法检查" after "1. 行政许可办件"): more of the list, not values.
        ctx.data["rows"] = [*ctx.data["rows"], *more]
        return Stay(report_texts.table_rows_added(more, len(ctx.data["rows"])))
    else:
        columns = [c for c in re.split(r"[\s、，,；;]+", text_of(message)) if c]
    if not columns:
        return Stay(report_texts.TABLE_COLUMNS_PROMPT)
    ctx.data["columns"] = columns
    return Goto("departments")


def _more_rows(text: str) -> tuple[str, ...]:
    """The rows of a message whose every line is numbered as a row is (1. / 2、 / （3）); else none."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rows = [rows_of([line]) for line in lines]
    numbered = lines and all(row and row[0] != line for row, line in zip(rows, lines, strict=True))
    return tuple(row[0] for row in rows) if numbered else ()


def _departments_prompt(ctx: Context) -> Reply:
    return Reply(report_texts.TABLE_DEPARTMENTS_PROMPT, (Choice(report_texts.LABEL_ALL_DEPARTMENTS, "all"),))


def _departments(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "all" or text_of(message).lower() in ALL_DEPARTMENTS_WORDS:
        ctx.data["departments"] = None
        return Goto("deadline")
    known = catalog(ctx)
    codes = []
    for word in re.split(r"[\s、，,；;]+", text_of(message)):
        if not word:
            continue
        department = find_department(known, word)
        if department is None:
            return Stay(texts.unknown_department(word, "、".join(d.display_name for d in known)))
        codes.append(department.code)
    if not codes:
        return Stay(report_texts.TABLE_DEPARTMENTS_PROMPT)
    ctx.data["departments"] = list(dict.fromkeys(codes))
    return Goto("deadline")


def _deadline(ctx: Context, message: Inbound) -> Transition:
    deadline = inquiry.deadline_from(ctx, text_of(message))
    if deadline is None:
        return Stay(report_texts.TABLE_DEADLINE_FORMAT)
    if deadline <= ctx.services.today():
        return Stay(report_texts.TABLE_DEADLINE_PAST)
    ctx.data["deadline"] = deadline.isoformat()
    return Goto("publish_preview")


def _owing(ctx: Context) -> list[str]:
    chosen = ctx.data["departments"]
    return list(chosen) if chosen is not None else [d.code for d in catalog(ctx)]


def _publish_preview_prompt(ctx: Context) -> Reply:
    data = ctx.data
    who = (
        report_texts.ALL
        if data["departments"] is None
        else "、".join(department_name(ctx, code) for code in data["departments"])
    )
    return Reply(
        report_texts.table_preview(
            data["title"],
            data["period"],
            data["rows"],
            data["columns"],
            who,
            date.fromisoformat(data["deadline"]),
        ),
        (Choice(report_texts.LABEL_PUBLISH, "confirm"), Choice(texts.LABEL_CANCEL, texts.CANCEL_COMMAND)),
    )


def _publish_preview(ctx: Context, message: Inbound) -> Transition:
    if message.choice != "confirm":
        return Stay(texts.UNKNOWN_CHOICE)
    assert ctx.user is not None
    data = ctx.data
    table = ctx.uow.progress.publish(
        title=data["title"],
        period=data["period"],
        rows=data["rows"],
        columns=data["columns"],
        departments=data["departments"],
        deadline=date.fromisoformat(data["deadline"]),
        by=ctx.user.id,
        at=ctx.now,
    )
    told = 0
    for code in _owing(ctx):
        workbook = _workbook(table, department_name(ctx, code))
        notice = Reply(
            report_texts.table_to_liaison(table.id, table.title, table.period, table.deadline),
            (Choice(report_texts.FILL_TITLE, f"/统计表 {table.id}"),),
            file=workbook,
        )
        for liaison in ctx.uow.users.liaisons_of(code):
            ctx.notify(liaison.id, notice)
            told += 1
    published = report_texts.table_published(table.id, len(_owing(ctx)), told)
    return Finish((Reply(published, file=_workbook(table)),))


def _workbook(table: ProgressTable, department: str = "") -> Attachment:
    return Attachment(
        report_texts.template_name(table.title, table.period), write_template(table, department), XLSX_MIME
    )


PUBLISH_FLOW = Flow(
    "progress_table_publish",
    report_texts.PUBLISH_TITLE,
    {
        "title": Step(lambda ctx: Reply(report_texts.TABLE_TITLE_PROMPT), _title),
        "period": Step(lambda ctx: Reply(report_texts.TABLE_PERIOD_PROMPT), _period),
        "rows": Step(lambda ctx: Reply(report_texts.TABLE_ROWS_PROMPT), _rows),
        "columns": Step(_columns_prompt, _columns),
        "departments": Step(_departments_prompt, _departments),
        "deadline": Step(lambda ctx: Reply(report_texts.TABLE_DEADLINE_PROMPT), _deadline),
        "publish_preview": Step(_publish_preview_prompt, _publish_preview),
    },
)


# --- /统计表 [N]: a liaison fills, the office looks ---------------------------------------------------


def _table_command(ctx: Context, args: str) -> Transition:
    if is_office(ctx.user):
        return _office_view(ctx, args)
    assert ctx.user is not None
    department = ctx.user.department or ""
    number = args.strip().lstrip("#")
    if not number:
        owed = [t for t in ctx.uow.progress.tables() if t.owed_by(department)]
        filled = {t for t, d in ctx.uow.progress.filled([t.id for t in owed]) if d == department}
        waiting = [t for t in owed if t.id not in filled]
        if len(waiting) == 1:
            number = str(waiting[0].id)
        elif not owed:
            return done(report_texts.NO_TABLES)
        else:
            return done(_liaison_listing(ctx, owed, department))
    if not number.isdigit() or (table := ctx.uow.progress.table(int(number))) is None:
        return done(report_texts.unknown_table(number))
    if not table.owed_by(department):
        return done(report_texts.NOT_YOURS)
    ctx.data = {"table": table.id, "department": department, "figures": {}, "file": None}
    return Goto("fill")


def _liaison_listing(ctx: Context, tables: list[ProgressTable], department: str) -> str:
    lines = [report_texts.TABLES_HEADING]
    for table in tables:
        versions = ctx.uow.progress.reports(table.id, department)
        receipt = versions[-1].receipt if versions else ""
        lines.append(report_texts.table_line(table.id, table.title, table.period, table.deadline, receipt))
    return "\n".join(lines)


def _table(ctx: Context) -> ProgressTable:
    table = ctx.uow.progress.table(ctx.data["table"])
    assert table is not None
    return table


def _draft_figures(ctx: Context) -> dict[int, Figures]:
    return {int(n): tuple(values) for n, values in ctx.data["figures"].items()}


def _fill_prompt(ctx: Context) -> Reply:
    table = _table(ctx)
    return Reply(
        report_texts.fill_prompt(table.title, table.period, table.rows, table.columns, table.deadline),
        (Choice(report_texts.LABEL_PREVIEW, "preview"),),
    )


def _fill(ctx: Context, message: Inbound) -> Transition:
    table = _table(ctx)
    if message.choice == "preview":
        return _to_preview(ctx, table)
    if message.attachment is not None:
        if problem := oversized(ctx, message.attachment):
            return Stay(problem)
        read = read_filled(message.attachment.name, message.attachment.content, table)
        if read.problems:
            return Stay(problems_text(read.problems))  # the draft keeps what it had: nothing half-taken
        ctx.data["figures"] = {str(n): list(values) for n, values in read.figures.items()}
        ctx.data["file"] = file_to_draft(message.attachment)
        return Goto("preview")
    typed = _typed_rows(text_of(message), table)
    if isinstance(typed, str):
        return Stay(typed)
    figures = _draft_figures(ctx) | typed
    ctx.data["figures"] = {str(n): list(values) for n, values in figures.items()}
    ctx.data["file"] = None  # typed figures change the table: it no longer is the workbook sent
    absent = missing_rows(table, figures)
    if not absent:
        return Goto("preview")
    return Stay(report_texts.filled_so_far(len(table.rows) - len(absent), len(table.rows), absent))


def _typed_rows(text: str, table: ProgressTable) -> dict[int, Figures] | str:
    """Each line "序号 数值…": all of them, or the first that does not read (and none is taken)."""
    rows: dict[int, Figures] = {}
    for line in filter(None, (line.strip() for line in text.splitlines())):
        words = re.split(r"[\s,，、]+", line.replace("#", ""))
        n = figure(words[0])
        values = [figure(word) for word in words[1:]]
        if (
            n is None
            or n != int(n)
            or not 1 <= n <= len(table.rows)
            or len(values) != len(table.columns)
            or any(value is None for value in values)
        ):
            return report_texts.bad_line(line, len(table.columns))
        rows[int(n)] = tuple(value for value in values if value is not None)
    if not rows:
        return report_texts.bad_line(text, len(table.columns))
    return rows


def _to_preview(ctx: Context, table: ProgressTable) -> Transition:
    absent = missing_rows(table, _draft_figures(ctx))
    if absent:
        return Stay(report_texts.missing(absent))
    return Goto("preview")


def _preview_prompt(ctx: Context) -> Reply:
    table = _table(ctx)
    figures = ordered(table, _draft_figures(ctx))
    lines = [
        report_texts.figures_line(n, row, table.columns, [plain(v) for v in values])
        for n, (row, values) in enumerate(zip(table.rows, figures, strict=True), start=1)
    ]
    attached = ctx.data["file"]
    return Reply(
        report_texts.fill_preview(table.title, table.period, lines, attached["name"] if attached else ""),
        (
            Choice(texts.LABEL_CONFIRM, "confirm"),
            Choice(report_texts.LABEL_REFILL, "fill"),
            Choice(texts.LABEL_CANCEL, texts.CANCEL_COMMAND),
        ),
    )


def _preview(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "fill":
        return Goto("fill")
    if message.choice != "confirm":
        return Stay(texts.UNKNOWN_CHOICE)
    assert ctx.user is not None
    table = _table(ctx)
    figures = _draft_figures(ctx)
    if absent := missing_rows(table, figures):
        return Stay(report_texts.missing(absent))
    attached = ctx.data["file"]
    report = ctx.uow.progress.add_report(
        table_id=table.id,
        department=ctx.data["department"],
        figures=ordered(table, figures),
        file_name=attached["name"] if attached else "",
        file_content=base64.b64decode(attached["content"]) if attached else None,
        by=ctx.user.id,
        at=ctx.now,
    )
    receipt = f"TJ{table.id:03d}-{report.id:05d}"
    ctx.uow.progress.set_receipt(report.id, receipt)
    name = department_name(ctx, ctx.data["department"])
    ctx.notify_staff(Reply(report_texts.fill_to_staff(name, table.id, table.title, receipt, report.version)))
    return Finish((Reply(report_texts.fill_recorded(table.title, receipt, report.version)),))


FILL_FLOW = Flow(
    "progress_table_fill",
    report_texts.FILL_TITLE,
    {"fill": Step(_fill_prompt, _fill), "preview": Step(_preview_prompt, _preview)},
)


def _office_view(ctx: Context, args: str) -> Transition:
    number = args.strip().lstrip("#")
    tables = ctx.uow.progress.tables()
    if not number:
        if not tables:
            return done(report_texts.OFFICE_TABLES_EMPTY)
        filled = ctx.uow.progress.filled([t.id for t in tables])
        lines = [report_texts.OFFICE_TABLES_HEADING]
        for table in tables:
            owing = table.departments if table.departments is not None else [d.code for d in catalog(ctx)]
            count = sum(1 for code in owing if (table.id, code) in filled)
            lines.append(
                report_texts.office_table_heading(
                    table.id, table.title, table.period, table.deadline, count, len(owing)
                )
            )
        return done("\n".join(lines))
    table = ctx.uow.progress.table(int(number)) if number.isdigit() else None
    if table is None:
        return done(report_texts.unknown_table(number))
    owing = list(table.departments) if table.departments is not None else [d.code for d in catalog(ctx)]
    latest = {r.department: r for r in ctx.uow.progress.reports(table.id)}  # oldest first: the last wins
    lines = [
        report_texts.office_table_heading(
            table.id, table.title, table.period, table.deadline, len(set(latest) & set(owing)), len(owing)
        )
    ]
    for code in owing:
        report = latest.get(code)
        rows = (
            [
                report_texts.figures_line(n, row, table.columns, [plain(v) for v in values])
                for n, (row, values) in enumerate(zip(table.rows, report.figures, strict=True), start=1)
            ]
            if report is not None
            else []
        )
        lines.append(
            report_texts.office_department_line(
                department_name(ctx, code),
                report.receipt if report else "",
                report.version if report else 0,
                rows,
            )
        )
    return done("\n".join(lines))


COMMANDS = (
    Command(
        ("发布统计表", "publishtable"), OFFICE, _publish, report_texts.SUMMARY_PUBLISH, flow=PUBLISH_FLOW
    ),
    Command(
        ("统计表", "table"),
        OFFICE | LIAISONS,
        _table_command,
        report_texts.SUMMARY_FILL,
        usage=report_texts.USAGE_FILL,
        flow=FILL_FLOW,
    ),
)
