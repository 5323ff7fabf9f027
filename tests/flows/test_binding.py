"""Binding a chat account with an invite code, and what an unbound account may do."""

from __future__ import annotations

from fm_domain.users import Role, invite_expiry
from storage import Database
from tests.flows.conftest import START
from tests.flows.transcript import Chat


def _invite(
    database: Database, role: Role = Role.LIAISON, department: str | None = "sifa", days: int = 7
) -> str:
    with database.unit_of_work() as uow:
        code = uow.invites.issue(role, department, invite_expiry(START, days), START)
        uow.commit()
    return code


def test_an_unbound_account_is_told_only_how_to_bind(chat: Chat) -> None:
    reply = chat.say("stranger", "/年度目标")
    assert "/绑定 邀请码" in reply
    assert "年度目标" in reply  # the guest help names what binding opens up, nothing more


def test_an_unbound_account_asking_for_help_sees_how_to_bind(chat: Chat) -> None:
    assert "尚未绑定" in chat.say("stranger", "/帮助")


def test_a_valid_invite_binds_the_account_to_its_role_and_department(
    chat: Chat, flow_database: Database
) -> None:
    code = _invite(flow_database)
    reply = chat.say("newcomer", f"/绑定 {code}")
    assert "绑定成功" in reply
    assert "司法局" in reply
    assert "请回复您的姓名" in reply


def test_after_binding_the_name_given_is_how_fmbot_greets_and_the_menu_follows(
    chat: Chat, flow_database: Database
) -> None:
    chat.say("newcomer", f"/绑定 {_invite(flow_database)}")
    reply = chat.say("newcomer", "王小明")
    assert "王小明" in reply
    assert "/年度目标" in reply  # the menu of what a liaison may now do
    assert "您好，王小明" in chat.say("newcomer", "/帮助")


def test_the_name_can_be_skipped_and_the_menu_follows(chat: Chat, flow_database: Database) -> None:
    chat.say("newcomer", f"/绑定 {_invite(flow_database)}")
    assert "/年度目标" in chat.say("newcomer", "跳过")


def test_something_that_is_not_a_name_is_asked_again(chat: Chat, flow_database: Database) -> None:
    chat.say("newcomer", f"/绑定 {_invite(flow_database)}")
    assert "请只回复姓名本身" in chat.say("newcomer", "我叫王小明，今年负责联络工作123")


def test_binding_asks_for_the_code_when_it_is_missing(chat: Chat, flow_database: Database) -> None:
    code = _invite(flow_database)
    chat.dialog("newcomer", [("/bind", "请发送编办给您的邀请码"), (code.lower(), "绑定成功")])


def test_a_used_invite_is_refused_like_a_wrong_one(chat: Chat, flow_database: Database) -> None:
    code = _invite(flow_database)
    chat.say("first", f"/绑定 {code}")
    used = chat.say("second", f"/绑定 {code}")
    wrong = chat.say("third", "/绑定 ABCDEFGHJK")
    assert used == wrong
    assert "无效、已使用或已过期" in used


def test_an_expired_invite_is_refused_like_a_wrong_one(chat: Chat, flow_database: Database) -> None:
    code = _invite(flow_database, days=1)
    chat.clock.advance(days=2)
    assert "无效、已使用或已过期" in chat.say("late", f"/绑定 {code}")


def test_five_failures_in_ten_minutes_lock_binding_for_an_hour(chat: Chat, flow_database: Database) -> None:
    for _ in range(4):
        assert "无效" in chat.say("guesser", "/绑定 ABCDEFGHJK")
        chat.clock.advance(minutes=1)
    assert "锁定 1 小时" in chat.say("guesser", "/绑定 ABCDEFGHJK")
    code = _invite(flow_database)
    chat.clock.advance(minutes=30)
    assert "已暂时锁定" in chat.say("guesser", f"/绑定 {code}")  # even a good code waits
    chat.clock.advance(minutes=31)
    assert "绑定成功" in chat.say("guesser", f"/绑定 {code}")


def test_failures_spread_over_more_than_ten_minutes_do_not_lock(chat: Chat) -> None:
    for _ in range(6):
        chat.say("slow", "/绑定 ABCDEFGHJK")
        chat.clock.advance(minutes=3)
    assert "无效、已使用或已过期" in chat.say("slow", "/绑定 ABCDEFGHJK")


def test_an_account_already_bound_is_not_rebound(chat: Chat, flow_database: Database) -> None:
    code = _invite(flow_database)
    assert "已绑定" in chat.say("li", f"/绑定 {code}")


def test_staff_issue_an_invite_in_chat_that_a_new_liaison_redeems(chat: Chat) -> None:
    reply = chat.say("zhou", "/邀请 联络员 商务局 3")
    code = reply.split("邀请码：")[1].split()[0]
    assert "绑定成功" in chat.say("newcomer", f"/绑定 {code}")
    assert "商务局" in chat.say("newcomer", "/帮助")


def test_an_invite_for_an_unknown_department_names_the_departments_that_exist(chat: Chat) -> None:
    reply = chat.say("zhou", "/invite liaison 外交部")
    assert "找不到部门" in reply and "教育局（jiaoyu）" in reply


def test_a_liaison_cannot_issue_invites_and_is_told_what_they_can_do(chat: Chat) -> None:
    reply = chat.say("li", "/邀请 联络员 jiaoyu")
    assert "仅限" in reply and "/年度目标" in reply


def test_after_binding_a_number_answers_the_menu(chat: Chat, flow_database: Database) -> None:
    code = _invite(flow_database)
    chat.say("newcomer", f"/绑定 {code}")
    chat.say("newcomer", "王小明")
    assert "请选择报送层级" in chat.say("newcomer", "1")  # 1 is the menu's first entry, /年度目标


def test_an_invite_still_works_just_before_it_expires(chat: Chat, flow_database: Database) -> None:
    code = _invite(flow_database, days=1)
    chat.clock.advance(hours=23, minutes=59)
    assert "绑定成功" in chat.say("ontime", f"/绑定 {code}")


def test_staff_cannot_create_an_administrator(chat: Chat) -> None:
    assert "只能由管理员生成" in chat.say("zhou", "/邀请 管理员")


def test_a_command_instead_of_a_name_skips_the_name_and_runs(chat: Chat, flow_database: Database) -> None:
    chat.say("newcomer", f"/绑定 {_invite(flow_database)}")
    assert "请选择报送层级" in chat.say("newcomer", "/年度目标")
