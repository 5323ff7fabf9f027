"""书面函询: staff ask, the department's liaisons reply (text and/or a file), staff accept or follow up,
and the whole thread is kept."""

from __future__ import annotations

import pytest

from conversations.flows import inquiry
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, OTHER_LIAISON, STAFF
from tests.flows.transcript import Chat, Upload, press


def _ask(chat: Chat, department: str = "教育局", question: str = "学生资助与民政救助如何衔接？") -> int:
    reply = chat.dialog(
        STAFF,
        [
            (f"/函询 {department}", "请输入函询的问题"),
            (question, "请输入回复期限"),
            ("2026-03-20", ["致：教育局", "回复期限：2026-03-20"]),
            (press("confirm"), "已发给教育局的 1 位联络员"),
        ],
    )
    return int(reply.split("函询第 ")[1].split(" 号")[0])


def test_staff_send_an_inquiry_that_the_departments_liaison_receives(chat: Chat) -> None:
    number = _ask(chat)
    received = chat.text_for(LIAISON)
    assert "学生资助与民政救助如何衔接" in received and f"/函询回复 {number}" in received
    assert chat.text_for(OTHER_LIAISON) == ""  # another department's liaison hears nothing


def test_the_liaison_replies_with_text_and_a_file_and_staff_receive_both(chat: Chat) -> None:
    number = _ask(chat)
    chat.text_for(LIAISON)
    chat.dialog(
        LIAISON,
        [
            (f"/函询回复 {number}", "请输入回复内容"),
            (
                Upload("衔接办法.docx", b"fake docx", text="已建立数据共享机制，详见附件。"),
                "附件：衔接办法.docx",
            ),
            (press("confirm"), "回复已提交"),
        ],
    )
    replies = chat.replies(STAFF)
    assert "已建立数据共享机制" in replies[0].text and f"/采纳 {number}" in replies[0].text
    assert replies[0].file is not None and replies[0].file.name == "衔接办法.docx"


def test_a_follow_up_reopens_the_inquiry_and_acceptance_closes_it_with_the_thread_kept(chat: Chat) -> None:
    number = _ask(chat)
    chat.dialog(
        LIAISON, [(f"/函询回复 {number}", "请输入回复内容"), ("初步回复", "回复预览"), ("1", "回复已提交")]
    )
    chat.dialog(STAFF, [(f"/追问 {number}", "请输入追问的问题"), ("请补充数据", "追问已发给部门联络员")])
    assert "请补充数据" in chat.text_for(LIAISON)
    chat.dialog(
        LIAISON, [("/函询回复", "请补充数据"), ("补充回复", "回复预览"), (press("confirm"), "回复已提交")]
    )
    chat.dialog(STAFF, [(f"/采纳 {number}", "本次函询办结")])
    assert "已采纳" in chat.text_for(LIAISON)
    thread = chat.say(STAFF, f"/函询记录 {number}")
    for part in ("学生资助与民政救助如何衔接", "初步回复", "请补充数据", "补充回复", "编办采纳", "已采纳"):
        assert part in thread


def test_an_inquiry_without_a_department_offers_the_departments(chat: Chat) -> None:
    chat.dialog(
        STAFF, [("/函询", ["请选择函询的部门", "教育局"]), (press("department:minzheng"), "请输入函询的问题")]
    )


def test_a_deadline_in_working_days_is_counted_on_the_calendar(chat: Chat) -> None:
    chat.dialog(
        STAFF,
        [
            ("/函询 jiaoyu", "请输入函询的问题"),
            ("问题", "请输入回复期限"),
            ("5个工作日", "回复期限：2026-03-17"),  # Tue 03-10 plus five working days
        ],
    )


def test_a_deadline_in_the_past_is_refused(chat: Chat) -> None:
    chat.dialog(STAFF, [("/函询 jiaoyu", "问题"), ("问题", "期限"), ("2026-03-01", "回复期限应晚于今天")])


def test_a_liaison_cannot_reply_to_another_departments_inquiry(chat: Chat) -> None:
    number = _ask(chat)
    reply = chat.say(OTHER_LIAISON, f"/函询回复 {number}")
    assert "不是发给本部门的" in reply and "/待办" in reply


def test_a_liaison_cannot_read_another_departments_thread(chat: Chat) -> None:
    number = _ask(chat)
    assert "不是发给本部门的" in chat.say(OTHER_LIAISON, f"/函询记录 {number}")


def test_a_liaison_cannot_send_an_inquiry(chat: Chat) -> None:
    reply = chat.say(LIAISON, "/函询 民政局")
    assert "仅限" in reply and "/函询回复" in reply


def test_only_the_office_acts_on_replies_and_a_leader_is_told_what_they_can_do(chat: Chat) -> None:
    number = _ask(chat)
    assert "仅限" in chat.say(LEADER, f"/采纳 {number}")
    assert "仅限" in chat.say(LIAISON, f"/追问 {number}")


def test_a_reply_cannot_be_accepted_before_it_arrives(chat: Chat) -> None:
    number = _ask(chat)
    assert "待回复" in chat.say(STAFF, f"/采纳 {number}")


def test_open_inquiries_are_in_the_liaisons_todo(chat: Chat) -> None:
    number = _ask(chat)
    assert f"函询第 {number} 号待回复" in chat.say(LIAISON, "/待办")


def test_an_inquiry_to_a_department_without_liaisons_is_still_registered(
    chat: Chat, flow_database: Database
) -> None:
    chat.dialog(
        STAFF,
        [
            ("/函询 司法局", "问题"),
            ("问题", "期限"),
            ("3月30日", "2026-03-30"),
            (press("confirm"), "尚无已绑定的联络员"),
        ],
    )
    with flow_database.unit_of_work() as uow:
        assert [i.status for i in uow.inquiries.of_department("sifa")] == ["open"]


def _answer_and_accept(chat: Chat, number: int) -> None:
    chat.dialog(
        LIAISON, [(f"/函询回复 {number}", "请输入回复内容"), ("已衔接", "回复预览"), ("1", "回复已提交")]
    )
    chat.dialog(STAFF, [(f"/采纳 {number}", "本次函询办结")])


def test_the_offices_list_keeps_closed_inquiries_after_the_open_ones(chat: Chat) -> None:
    closed = _ask(chat)
    _answer_and_accept(chat, closed)
    listing = chat.say(STAFF, "/函询记录")
    assert "没有函询记录" not in listing
    assert f"已办结：\n第 {closed} 号 教育局 已采纳" in listing
    still_open = _ask(chat, question="学前教育资助如何认定？")
    listing = chat.say(STAFF, "/函询记录")
    assert listing.index(f"第 {still_open} 号 教育局 待回复") < listing.index("已办结：")
    assert listing.index("已办结：") < listing.index(f"第 {closed} 号 教育局 已采纳")


def test_the_offices_list_shows_only_the_latest_closed_inquiries(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inquiry, "CLOSED_LISTED", 1)
    older, newer = _ask(chat), _ask(chat, question="学前教育资助如何认定？")
    _answer_and_accept(chat, older)
    _answer_and_accept(chat, newer)
    listing = chat.say(STAFF, "/函询记录")
    assert f"已办结（最近 1 件）：\n第 {newer} 号" in listing and f"第 {older} 号" not in listing
