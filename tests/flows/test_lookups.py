"""Look-ups: 待办 and 状态 for a liaison's own department, 未报 and 部门 for the office."""

from __future__ import annotations

from conversations import texts
from fm_domain.records import SubmissionKind
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, STAFF
from tests.flows.records import submit
from tests.flows.transcript import Chat


def test_todo_names_each_task_with_its_working_day_deadline(chat: Chat) -> None:
    reply = chat.say(LIAISON, "/待办")
    assert "年度工作目标（2026）已逾期，截止 2026-02-02" in reply  # 01-31 is a Saturday
    assert "月度工作安排（2026-03）已逾期，截止 2026-03-06" in reply  # the 5th working day
    assert "/年度目标" in reply and "/月度安排" in reply


def test_todo_before_the_deadline_shows_it_as_coming(chat: Chat) -> None:
    chat.clock.advance(days=22)  # 2026-04-01: April's arrangement is due on 04-08
    assert "⏳ 月度工作安排（2026-04）截止 2026-04-08" in chat.say(LIAISON, "/待办")


def test_todo_shows_what_was_submitted_with_its_receipt(chat: Chat, flow_database: Database) -> None:
    submit(flow_database, SubmissionKind.MONTHLY_ARRANGEMENT, "2026-03")
    assert "月度工作安排（2026-03）已报送，回执 R-" in chat.say(LIAISON, "/待办")


def test_missing_lists_every_department_that_has_not_submitted(chat: Chat, flow_database: Database) -> None:
    submit(flow_database, SubmissionKind.MONTHLY_ARRANGEMENT, "2026-03")
    reply = chat.say(STAFF, "/未报")
    annual, monthly = reply.split("「月度工作安排」")
    assert "教育局" in annual and "教育局" not in monthly
    assert all(name in monthly for name in ("民政局", "司法局", "城管局", "商务局"))


def test_missing_is_for_the_office_and_leaders_only(chat: Chat) -> None:
    assert "「年度工作目标」2026" in chat.say(LEADER, "/未报")
    reply = chat.say(LIAISON, "/未报")
    assert "仅限" in reply and "/待办" in reply


def test_status_of_a_department_without_submissions_says_so(chat: Chat) -> None:
    assert "还没有报送记录" in chat.say(LIAISON, "/状态")


def test_status_and_todo_are_for_liaisons(chat: Chat) -> None:
    assert "仅限部门联络员" in chat.say(STAFF, "/状态")
    assert "/未报" in chat.say(STAFF, "/待办")  # the refusal says what staff can use instead


def test_the_department_view_counts_duties_and_says_when_no_goals_exist(chat: Chat) -> None:
    reply = chat.say(STAFF, "/部门 jiaoyu")
    assert "在履行职责 14 项，已取消/划转 1 项" in reply
    assert "尚未报送年度目标" in reply


def test_the_department_view_names_known_departments_for_an_unknown_one(chat: Chat) -> None:
    assert "民政局（minzheng）" in chat.say(STAFF, "/部门 外交部")


def test_a_liaison_cannot_look_into_another_department(chat: Chat) -> None:
    reply = chat.say(LIAISON, "/部门 民政局")
    assert "仅限" in reply and "/状态" in reply


def test_a_plain_question_finds_the_department_and_duty_that_cover_it(chat: Chat) -> None:
    reply = chat.say(LIAISON, "低保归谁管")
    first = reply.splitlines()[1]
    assert first.startswith("1. 民政局 第2项") and "最低生活保障" in first


def test_duty_lookup_searches_every_department(chat: Chat) -> None:
    reply = chat.say(STAFF, "/职责 社区矫正")
    assert reply.splitlines()[1].startswith("1. 司法局")


def test_duty_lookup_says_when_nothing_fits_and_what_to_do(chat: Chat) -> None:
    assert "/问题报告" in chat.say(LIAISON, "/duty 航天育种")


def test_duty_lookup_without_a_topic_shows_how_to_ask(chat: Chat) -> None:
    assert "低保归谁管" in chat.say(LIAISON, "/职责")


def test_an_unbound_account_cannot_look_up_duties(chat: Chat) -> None:
    assert "尚未绑定" in chat.say("stranger", "低保归谁管")


def test_a_cancelled_duty_that_goals_still_perform_is_not_shown_as_covered() -> None:
    line = texts.coverage_line(14, "负责中小学教辅材料的征订审核", "covered", 2, "已取消")
    assert "已覆盖" not in line and "已取消，仍有 2 项目标涉及" in line
