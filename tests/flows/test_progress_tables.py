"""统计表: staff publish a template for a period and the departments' liaisons receive its workbook; a liaison
fills it with the workbook or row by row, nothing half-taken, each confirmation a version with a receipt;
until filled it is owed and nudged like any task."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from conversations import NudgeSweeper, Services
from storage import Database
from tests.flows.conftest import LIAISON, OTHER_LIAISON, SHANGHAI, STAFF, START
from tests.flows.transcript import Chat, FakeClock, Upload, press

ROWS = "1. 行政许可办件\n2. 执法检查\n3. 政策文件制定"


def _publish(chat: Chat, departments: str = "教育局 民政局", owing: int = 2) -> int:
    chat.dialog(
        STAFF,
        [
            ("/发布统计表 职能履行和工作推进情况统计表", "期次"),
            ("2026-02", "哪些项目"),
            (ROWS, "填写哪些数值"),
            ("计划数 完成数", "哪些部门填写"),
            (departments, "截止日期"),
            ("2026-03-20", ["统计表 · 预览", "填写数值：计划数、完成数", "3. 政策文件制定"]),
        ],
    )
    published = chat.send(STAFF, press("confirm"))
    assert f"统计表 #1 已发布：{owing} 个部门填写，模板已发给 {owing} 位联络员" in published[0].text
    assert published[0].file is not None and published[0].file.name.endswith("（2026-02）.xlsx")
    return 1


def _filled(chat: Chat, values: dict[str, list[object]], period: object = "2026-02") -> bytes:
    """The workbook the liaison received, filled in as a liaison would: by cell."""
    (notice,) = [r for r in chat.replies(LIAISON) if r.file is not None]
    assert notice.file is not None
    workbook = load_workbook(io.BytesIO(notice.file.content))
    sheet = workbook.active
    assert sheet is not None
    sheet["B2"] = period
    for cell, row in values.items():
        for offset, value in enumerate(row):
            sheet.cell(row=int(cell), column=3 + offset, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_liaison_fills_the_table_with_the_workbook_and_gets_a_receipt(
    chat: Chat, flow_database: Database
) -> None:
    _publish(chat)
    assert "【统计表】编办发布了《职能履行和工作推进情况统计表》（2026-02）" in chat.text_for(OTHER_LIAISON)
    workbook = _filled(chat, {"7": [120, 118], "8": [30, 31], "9": [2, 1]})
    chat.dialog(
        LIAISON,
        [
            ("/统计表", ["各项填写：计划数、完成数", "1. 行政许可办件"]),
            (Upload("统计表.xlsx", workbook), ["统计表 · 预览", "1. 行政许可办件：计划数 120，完成数 118"]),
            (press("confirm"), "已提交，回执编号 TJ001-00001"),
        ],
    )
    assert "【统计表】教育局提交了统计表 #1" in chat.text_for(STAFF)
    view = chat.say(STAFF, "/统计表 1")
    assert (
        "已填 1/2 个部门" in view
        and "· 教育局：回执 TJ001-00001（第 1 版）" in view
        and "· 民政局：未填" in view
    )
    with flow_database.unit_of_work() as uow:
        (report,) = uow.progress.reports(1)
        kept = uow.progress.file(report.id)
    assert report.figures == ((120.0, 118.0), (30.0, 31.0), (2.0, 1.0))
    assert kept == ("统计表.xlsx", workbook)


def test_a_workbook_with_problems_is_refused_whole_with_each_cell_named(
    chat: Chat, flow_database: Database
) -> None:
    _publish(chat)
    wrong = _filled(chat, {"7": [120, "约一百"], "8": [30]}, period="2026-01")
    reply = chat.dialog(LIAISON, [("/统计表 1", "逐行回复数值"), (Upload("统计表.xlsx", wrong), "未保存")])
    assert "B2：期次为“2026-01”，本表的期次是“2026-02”" in reply
    assert "D7：第 1 项“行政许可办件”的“完成数”不是数字：约一百" in reply
    assert "确认提交" not in reply
    assert "还缺第 1、2、3 项" in chat.say(LIAISON, press("preview"))
    with flow_database.unit_of_work() as uow:
        assert uow.progress.reports(1) == []


def test_rows_typed_in_chat_are_taken_line_by_line_until_the_table_is_whole(
    chat: Chat, flow_database: Database
) -> None:
    _publish(chat)
    chat.dialog(
        LIAISON,
        [
            ("/统计表 1", "逐行回复数值"),
            ("1 120 118\n2 三十 31", "无法识别“2 三十 31”"),  # one bad line: none of the message is taken
            ("1 120 118", "已填 1/3 项，还缺第 2、3 项"),
            ("2 30 31\n3 2 1", ["统计表 · 预览", "2. 执法检查：计划数 30，完成数 31"]),
            (press("confirm"), "回执编号 TJ001-00001"),
        ],
    )
    chat.dialog(
        LIAISON,
        [
            ("/统计表 1", "逐行回复数值"),
            ("1 121 119\n2 30 31\n3 2 2", "预览"),
            (press("confirm"), "第 2 版，替代之前的填报"),
        ],
    )
    with flow_database.unit_of_work() as uow:
        assert [r.version for r in uow.progress.reports(1, "jiaoyu")] == [1, 2]


def test_a_table_not_filled_is_owed_and_nudged_like_any_task(
    chat: Chat, flow_database: Database, services: Services, clock: FakeClock
) -> None:
    _publish(chat)
    chat.replies(LIAISON)
    assert "📊 统计表《职能履行和工作推进情况统计表》待填写，截止 2026-03-20：/统计表 1" in chat.say(
        LIAISON, "/待办"
    )
    sweeper = NudgeSweeper(
        chat.engine.unit_of_work, calendar=services.calendar, timezone=SHANGHAI, clock=clock
    )
    due = sweeper.sweep(START.replace(day=17))
    assert sorted(q.department for q in due.queued if q.task == "progress-1") == ["jiaoyu", "minzheng"]
    assert "发送 /统计表 1 开始报送" in chat.text_for(LIAISON)
    chat.dialog(
        LIAISON, [("/统计表 1", "逐行回复"), ("1 1 1\n2 2 2\n3 3 3", "预览"), (press("confirm"), "回执")]
    )
    later = sweeper.sweep(START.replace(day=19))
    assert sorted(q.department for q in later.queued if q.task == "progress-1") == ["minzheng"]
    assert "✅ 统计表《职能履行和工作推进情况统计表》已填写" in chat.say(LIAISON, "/待办")


def test_a_department_not_asked_is_not_given_the_table(chat: Chat) -> None:
    _publish(chat, departments="民政局", owing=1)
    assert "该统计表不需要本部门填写" in chat.say(LIAISON, "/统计表 1")
    assert "目前没有需要填写的统计表" in chat.say(LIAISON, "/统计表")


def test_a_file_that_is_no_workbook_is_refused_before_any_parser_reads_it(chat: Chat) -> None:
    _publish(chat)
    reply = chat.dialog(
        LIAISON, [("/统计表 1", "逐行回复"), (Upload("统计表.xlsx", b"PK\x03\x04 not a zip"), "未保存")]
    )
    assert "不是有效的 xlsx 文件" in reply


def test_publishing_accepts_a_period_written_in_chinese(chat: Chat) -> None:
    chat.dialog(
        STAFF,
        [
            ("/发布统计表 职能履行和工作推进情况统计表", "期次"),
            ("2026年第一季度", "哪些项目"),
        ],
    )


def test_rows_sent_one_message_each_are_added_not_taken_for_the_values(chat: Chat) -> None:
    chat.dialog(
        STAFF,
        [
            ("/发布统计表 职能履行和工作推进情况统计表", "期次"),
            ("2026-02", "哪些项目"),
            ("1. 行政许可办件", "填写哪些数值"),
            ("2. 执法检查", ["已加入项目：执法检查（共 2 项）", "填写哪些数值"]),
            ("计划数 完成数", "哪些部门填写"),
            ("全部", "截止日期"),
            ("2026-03-20", ["填写数值：计划数、完成数", "1. 行政许可办件", "2. 执法检查"]),
        ],
    )
