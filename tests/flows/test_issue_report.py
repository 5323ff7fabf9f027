"""问题报告: kind, description, optional file; staff are notified; a receipt comes back."""

from __future__ import annotations

import pytest

from conversations import texts
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, OTHER_LIAISON, STAFF
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


# --- a report is a case: staff list, reply and close it; the liaison follows it --------------------------


def _file(chat: Chat, kind: str, description: str, user: str = LIAISON) -> int:
    """File a report without a file; returns its number as the staff notice gives it."""
    chat.dialog(
        user,
        [("/问题报告", "类型"), (kind, "描述"), (description, "附上材料"), (press("skip"), "预览")],
    )
    chat.dialog(user, [(press("confirm"), "回执编号")])
    notice = chat.text_for(STAFF)
    assert "/回复报告" in notice and "/办结报告" in notice
    return int(notice.split("【问题报告 #")[1].split("】")[0])


def test_staff_list_reports_with_those_not_closed_first_and_filter_by_department_and_kind(chat: Chat) -> None:
    first = _file(chat, "职责交叉", "校外培训监管与市场监管局交叉")
    second = _file(chat, "履职困难", "人手不足")
    third = _file(chat, "职责交叉", "养老服务与卫健委交叉", user=OTHER_LIAISON)
    chat.say(STAFF, f"/办结报告 {first} 已明确由教育局牵头")

    everything = chat.say(STAFF, "/报告")
    assert "未办结 2 件，已办结 1 件" in everything
    assert everything.index(f"#{second} [待编办处理]") < everything.index(f"#{third} [待编办处理]")
    assert everything.index(f"#{third} ") < everything.index(f"#{first} [已办结]")

    overlaps = chat.say(STAFF, "/报告 教育局 职责交叉")
    assert f"#{first} " in overlaps and f"#{second} " not in overlaps and f"#{third} " not in overlaps
    assert "民政局" in chat.say(STAFF, "/报告 民政局") and f"#{first} " not in chat.say(STAFF, "/报告 民政局")
    assert "无法识别“卫生”" in chat.say(STAFF, "/报告 卫生")


def test_staff_see_one_report_whole(chat: Chat) -> None:
    report = _file(chat, "职责不清", "校外培训机构的消防检查由谁负责")

    detail = chat.say(STAFF, f"/报告 {report}")

    assert (
        "校外培训机构的消防检查由谁负责" in detail and "类型：职责不清" in detail and "待编办处理" in detail
    )


def test_a_reply_reaches_the_liaison_and_shows_in_status(chat: Chat) -> None:
    report = _file(chat, "职责不清", "校外培训机构的消防检查由谁负责")

    assert "已回复问题报告" in chat.say(STAFF, f"/回复报告 {report} 已转综合处研究 两周内答复")

    told = chat.text_for(LIAISON)
    assert "【问题报告回复】" in told and "已转综合处研究 两周内答复" in told
    status = chat.say(LIAISON, "/状态")
    assert "职责不清" in status and "编办已回复" in status and "编办回复：已转综合处研究 两周内答复" in status


def test_closing_with_an_outcome_tells_the_liaison_and_a_closed_case_takes_no_more(chat: Chat) -> None:
    report = _file(chat, "新增职能", "托育服务")

    assert "已办结" in chat.say(STAFF, f"/办结报告 {report} 已纳入三定修订建议")

    told = chat.text_for(LIAISON)
    assert "【问题报告办结】" in told and "已纳入三定修订建议" in told
    status = chat.say(LIAISON, "/状态")
    assert "已办结" in status and "处理结果：已纳入三定修订建议" in status
    assert "已办结，不能再回复或办结" in chat.say(STAFF, f"/回复报告 {report} 补充")
    assert "已办结，不能再回复或办结" in chat.say(STAFF, f"/办结报告 {report} 再次办结")
    assert chat.text_for(LIAISON) == ""


def test_a_new_report_shows_as_waiting_for_the_office_in_status(chat: Chat) -> None:
    _file(chat, "履职困难", "人手不足")

    assert "履职困难（2026-03-10）：待编办处理" in chat.say(LIAISON, "/状态")


def test_reply_and_close_need_a_number_and_a_text(chat: Chat) -> None:
    report = _file(chat, "履职困难", "人手不足")

    assert "请写明问题报告编号" in chat.say(STAFF, "/回复报告")
    assert "请在编号后写明内容" in chat.say(STAFF, f"/回复报告 {report}")
    assert "请在编号后写明内容" in chat.say(STAFF, f"/办结报告 {report}")
    assert "没有编号为 999 的问题报告" in chat.say(STAFF, "/办结报告 999 已处理")


def test_only_the_office_may_reply_to_or_close_a_report(chat: Chat) -> None:
    report = _file(chat, "履职困难", "人手不足")

    for command in (f"/回复报告 {report} 自己回复", f"/办结报告 {report} 自己办结"):
        assert f"「{command.split()[0]}」仅限管理员、编办工作人员使用" in chat.say(LIAISON, command)
    assert "「/报告」仅限" in chat.say(LIAISON, "/报告")
    assert "仅限管理员、编办工作人员使用" in chat.say(LEADER, f"/办结报告 {report} 自己办结")
    status = chat.say(LIAISON, "/状态")
    assert "待编办处理" in status and "自己" not in status


def test_a_leader_may_read_the_reports(chat: Chat) -> None:
    report = _file(chat, "履职困难", "人手不足")

    assert f"#{report} [待编办处理]" in chat.say(LEADER, "/报告")


def test_the_department_view_counts_its_reports_not_closed(chat: Chat) -> None:
    _file(chat, "履职困难", "人手不足")
    closed = _file(chat, "新增职能", "托育服务")
    chat.say(STAFF, f"/办结报告 {closed} 已纳入三定修订建议")

    assert "未办结的问题报告 1 件，发送 /报告 教育局 查看" in chat.say(STAFF, "/部门 教育局")
