"""问题报告: kind, description, optional file; staff are notified; a receipt comes back."""

from __future__ import annotations

import pytest

from conversations import texts
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, STAFF
from tests.flows.transcript import Chat, Upload, press


@pytest.mark.parametrize("kind", list(texts.ISSUE_KINDS.values()))
def test_each_of_the_six_kinds_can_be_reported(chat: Chat, kind: str) -> None:
    chat.dialog(
        LIAISON,
        [
            ("/问题报告", "请选择问题类型"),
            (kind, "请描述具体情况"),
            ("情况说明", "如需附上材料"),
            (press("skip"), f"类型：{kind}"),
            (press("confirm"), "回执编号：WT20260310-"),
        ],
    )


def test_a_report_with_a_file_reaches_staff_with_the_file(chat: Chat, flow_database: Database) -> None:
    chat.dialog(
        LIAISON,
        [
            ("/report", "请选择问题类型"),
            (press("unclear"), "请描述具体情况"),
            (
                Upload(
                    "说明.pdf", b"%PDF-1.4 fake", text="校外培训监管职责不清", mime_type="application/pdf"
                ),
                "附件：说明.pdf",
            ),
            (press("confirm"), "回执编号"),
        ],
    )
    notice = chat.replies(STAFF)[0]
    assert "职责不清" in notice.text and "校外培训监管职责不清" in notice.text
    assert notice.file is not None and notice.file.content == b"%PDF-1.4 fake"
    with flow_database.unit_of_work() as uow:
        [report] = uow.issue_reports.of_department("jiaoyu")
    assert (report.kind, report.attachment_name) == ("unclear", "说明.pdf")


def test_a_file_can_be_added_at_the_attachment_step(chat: Chat) -> None:
    chat.dialog(
        LIAISON,
        [
            ("/问题报告", "类型"),
            ("履职困难", "描述"),
            ("人手不足", "如需附上材料"),
            (Upload("统计.xlsx", b"PK fake"), "附件：统计.xlsx"),
        ],
    )


def test_a_file_over_the_limit_is_refused_with_the_limit(chat: Chat) -> None:
    chat.engine.services.max_attachment_bytes = 1024 * 1024
    chat.dialog(
        LIAISON,
        [
            ("/问题报告", "类型"),
            ("重大活动", "描述"),
            ("运动会", "如需附上材料"),
            (Upload("大文件.zip", b"x" * (1024 * 1024 + 1)), "上限 1 MB"),
        ],
    )


def test_a_report_shows_in_the_departments_status(chat: Chat) -> None:
    chat.dialog(
        LIAISON,
        [
            ("/问题报告", "类型"),
            ("新增职能", "描述"),
            ("托育服务", "附上材料"),
            ("1", "预览"),
            ("1", "回执编号"),
        ],
    )
    assert "新增职能" in chat.say(LIAISON, "/状态")


def test_staff_and_leaders_cannot_file_a_department_report(chat: Chat) -> None:
    assert "仅限部门联络员" in chat.say(STAFF, "/问题报告")
    assert "仅限部门联络员" in chat.say(LEADER, "/问题报告")
