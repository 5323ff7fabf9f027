"""月度安排: this month's items with their review, and the progress of each of last month's items."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fm_domain.records import FindingKind, SubmissionKind
from storage import Database
from tests.flows.conftest import LIAISON, SHANGHAI, STAFF
from tests.flows.documents import xlsx_file
from tests.flows.transcript import Chat, Upload, press

FEBRUARY = ["推进智慧校园建设", "完善教师资格认定工作流程"]


def _submit_february(chat: Chat) -> None:
    march = chat.clock.now
    chat.clock.now = datetime(2026, 2, 10, 9, 0, tzinfo=SHANGHAI)
    chat.dialog(
        LIAISON,
        [
            ("/月度安排", ["未找到 2026-01 的月度安排", "2026-02 月度工作安排"]),
            ("\n".join(FEBRUARY), "本月事项 2 项"),
            (press("confirm"), "回执编号：YD202602-"),
        ],
    )
    chat.clock.now = march


def _march(database: Database) -> Mapping[str, Any]:
    """What the flow adds to the stored arrangement of March (the progress of February's items)."""
    with database.unit_of_work() as uow:
        latest = uow.submissions.latest(SubmissionKind.MONTHLY_ARRANGEMENT, "jiaoyu", "2026-03")
        assert latest is not None
        return latest.details


def test_the_first_arrangement_asks_only_for_this_months_items(chat: Chat, flow_database: Database) -> None:
    chat.dialog(
        LIAISON,
        [
            ("/月度安排", "未找到 2026-02 的月度安排，直接填写本月事项"),
            ("1. 推进义务教育优质均衡发展", ["2026-03 月度工作安排 · 预览", "✅ 对应：教育局第3项职责"]),
            (press("confirm"), "「月度安排」已提交。回执编号：YD202603-"),
        ],
    )
    assert _march(flow_database)["progress"] == []


def test_each_of_last_months_items_gets_a_status_and_a_delay_needs_a_reason(
    chat: Chat, flow_database: Database
) -> None:
    _submit_february(chat)
    chat.dialog(
        LIAISON,
        [
            ("/月度安排", f"上月事项（1/2）：{FEBRUARY[0]}"),
            (press("done"), f"上月事项（2/2）：{FEBRUARY[1]}"),
            (press("delayed"), f"请说明“{FEBRUARY[1]}”延期的原因"),
            ("等待省厅新规", "2026-03 月度工作安排"),
            (
                "加强师德师风建设",
                [
                    "上月事项进展：",
                    f"1. {FEBRUARY[0]}：完成",
                    f"2. {FEBRUARY[1]}：延期（原因：等待省厅新规）",
                ],
            ),
            (press("confirm"), "回执编号"),
        ],
    )
    progress = _march(flow_database)["progress"]
    assert [(p["status"], p["reason"]) for p in progress] == [("done", ""), ("delayed", "等待省厅新规")]


def test_statuses_can_be_answered_by_number_or_by_word(chat: Chat) -> None:
    _submit_february(chat)
    chat.dialog(LIAISON, [("/月度安排", "回复 2 推进中"), ("2", "（2/2）"), ("完成", "2026-03 月度工作安排")])


def test_back_in_the_progress_questions_returns_to_the_previous_item(chat: Chat) -> None:
    _submit_february(chat)
    chat.dialog(LIAISON, [("/月度安排", "（1/2）"), (press("ongoing"), "（2/2）"), ("/返回", "（1/2）")])


def test_a_delay_without_a_reason_is_asked_again(chat: Chat) -> None:
    _submit_february(chat)
    chat.dialog(LIAISON, [("/月度安排", "（1/2）"), (press("delayed"), "原因"), ("   ", "请写明延期原因")])


def test_last_months_status_can_be_revised_from_the_preview(chat: Chat, flow_database: Database) -> None:
    _submit_february(chat)
    chat.dialog(
        LIAISON,
        [
            ("/月度安排", "（1/2）"),
            (press("done"), "（2/2）"),
            (press("done"), "月度工作安排"),
            ("加强师德师风建设", "回复 5 修改上月进展"),
            (press("revise_progress"), "要修改进展的上月事项编号"),
            ("2", "（2/2）"),
            (press("ongoing"), f"2. {FEBRUARY[1]}：推进中"),
            (press("confirm"), "回执编号"),
        ],
    )
    assert [p["status"] for p in _march(flow_database)["progress"]] == ["done", "ongoing"]


def test_this_months_items_can_come_from_a_spreadsheet(chat: Chat) -> None:
    content = xlsx_file([["序号", "工作事项"], [1, "推进智慧校园建设"], [2, "开展中小学教辅材料征订审核"]])
    chat.dialog(
        LIAISON,
        [
            ("/月度安排", "直接填写本月事项"),
            (Upload("三月安排.xlsx", content), ["本月事项 2 项", "⚠️已取消/划转职责"]),
        ],
    )


def test_a_submitted_arrangement_shows_in_todo_and_reaches_staff(chat: Chat) -> None:
    chat.dialog(LIAISON, [("/monthly", "本月事项"), ("推进智慧校园建设", "预览"), ("1", "回执编号")])
    assert "月度工作安排（2026-03）已报送" in chat.say(LIAISON, "/待办")
    assert "「月度安排」第 1 版" in chat.text_for(STAFF)


def test_a_submitted_arrangement_leaves_the_missing_list(chat: Chat) -> None:
    chat.dialog(LIAISON, [("/月度安排", "本月事项"), ("推进智慧校园建设", "预览"), ("1", "回执编号")])
    monthly = chat.say(STAFF, "/未报").split("「月度工作安排」")[1]
    assert "教育局" not in monthly and "民政局" in monthly


def test_a_last_month_item_marked_delayed_reaches_staff_as_a_finding_with_its_reason(
    chat: Chat, flow_database: Database
) -> None:
    _submit_february(chat)
    chat.text_for(STAFF)  # February's own notice
    chat.dialog(
        LIAISON,
        [
            ("/月度安排", f"上月事项（1/2）：{FEBRUARY[0]}"),
            (press("ongoing"), f"上月事项（2/2）：{FEBRUARY[1]}"),
            (press("delayed"), "延期的原因"),
            ("等待省厅新规", "2026-03 月度工作安排"),
            ("加强师德师风建设", "预览"),
            (press("confirm"), ["回执编号", "2026-02 事项进展：完成 0 项，推进中 1 项，延期 1 项"]),
        ],
    )

    notice = chat.text_for(STAFF)
    assert "2026-02 事项进展：完成 0 项，推进中 1 项，延期 1 项" in notice
    assert f"[上月事项延期] {FEBRUARY[1]}——延期原因：等待省厅新规" in notice
    assert "/函询 教育局" in notice
    with flow_database.unit_of_work() as uow:
        [finding] = [f for f in uow.findings.open("jiaoyu") if f.kind is FindingKind.DELAYED]
    assert (finding.item, finding.detail) == (FEBRUARY[1], "延期原因：等待省厅新规")
    assert f"#{finding.id}" in chat.say(STAFF, "/发现")


def test_staff_notice_of_an_arrangement_without_delays_carries_the_progress_counts_and_no_finding(
    chat: Chat, flow_database: Database
) -> None:
    _submit_february(chat)
    chat.text_for(STAFF)
    chat.dialog(
        LIAISON,
        [
            ("/月度安排", "（1/2）"),
            (press("done"), "（2/2）"),
            (press("done"), "2026-03 月度工作安排"),
            ("推进义务教育优质均衡发展", "预览"),
            (press("confirm"), "回执编号"),
        ],
    )

    assert "2026-02 事项进展：完成 2 项，推进中 0 项，延期 0 项" in chat.text_for(STAFF)
    with flow_database.unit_of_work() as uow:
        assert [f for f in uow.findings.open("jiaoyu") if f.kind is FindingKind.DELAYED] == []
