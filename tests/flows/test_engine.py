"""The engine's promises, shown on the issue-report flow: idempotency, order, restarts, cancel and back,
expiry, recovery from a vanished step, and failures that leave nothing half-written."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from conversations import ConversationKey, Engine, Inbound, Services
from conversations.commands import Registry, default_registry
from conversations.flow import Command, Context, Transition, done
from conversations.flows import basics, lookups
from conversations.rights import EVERYONE
from storage import Database
from storage.tables.conversations import BindFailureRow, InboxMessageRow
from tests.flows.conftest import LEADER, LIAISON, STAFF
from tests.flows.transcript import CHANNEL, Chat, press


def _reports(database: Database) -> int:
    with database.unit_of_work() as uow:
        return len(uow.issue_reports.of_department("jiaoyu"))


def _start_report(chat: Chat) -> None:
    chat.dialog(LIAISON, [("/问题报告", "请选择问题类型"), ("职责交叉", "请描述具体情况")])


def test_the_same_message_id_handled_twice_has_one_effect(chat: Chat, flow_database: Database) -> None:
    _start_report(chat)
    chat.dialog(LIAISON, [("与民政局在学生资助上职责交叉", "如需附上材料"), (press("skip"), "预览")])
    chat.send(LIAISON, press("confirm"), message_id="confirm-1")
    assert chat.send(LIAISON, press("confirm"), message_id="confirm-1") == []
    assert _reports(flow_database) == 1


def test_a_repeated_message_id_does_not_move_the_flow_twice(chat: Chat) -> None:
    chat.send(LIAISON, "/问题报告", message_id="a")
    chat.send(LIAISON, "1", message_id="b")
    assert chat.send(LIAISON, "1", message_id="b") == []
    assert "请选择问题类型" in chat.say(LIAISON, "/返回")  # one step forward was taken, so one back


def test_a_bare_number_answers_the_last_prompts_buttons(chat: Chat) -> None:
    chat.say(LIAISON, "/问题报告")
    chat.dialog(LIAISON, [("2", "请描述具体情况"), ("说明", "如需附上材料"), ("1", "类型：职责不清")])


def test_a_half_finished_report_survives_a_restart(
    chat: Chat, flow_database: Database, services: Services
) -> None:
    _start_report(chat)
    chat.engine = Engine(flow_database.unit_of_work, services)  # a new process over the same database
    chat.dialog(
        LIAISON,
        [("新情况说明", "如需附上材料"), (press("skip"), "类型：职责交叉"), (press("confirm"), "回执编号")],
    )
    assert _reports(flow_database) == 1


def test_a_draft_continues_on_another_channel_the_user_is_bound_on(
    chat: Chat, flow_database: Database
) -> None:
    with flow_database.unit_of_work() as uow:
        user = uow.users.by_account(CHANNEL, LIAISON)
        assert user is not None
        uow.users.bind_account(user.id, "telegram", "555", chat.clock())
        uow.commit()
    _start_report(chat)
    chat.channel = "telegram"
    assert "如需附上材料" in chat.say("555", "在电报上接着写")


def test_cancel_leaves_the_flow_and_saves_nothing(chat: Chat, flow_database: Database) -> None:
    _start_report(chat)
    chat.dialog(LIAISON, [("说明", "如需附上材料"), ("/取消", "已取消「问题报告」"), ("1", "没有理解")])
    assert _reports(flow_database) == 0


def test_back_returns_to_the_previous_step(chat: Chat) -> None:
    _start_report(chat)
    chat.dialog(LIAISON, [("/返回", "请选择问题类型"), ("新增职能", "请描述具体情况")])


def test_back_on_the_first_step_says_there_is_nothing_before_it(chat: Chat) -> None:
    chat.say(LIAISON, "/问题报告")
    assert "已经是第一步" in chat.say(LIAISON, "/back")


def test_the_preview_can_be_edited_before_confirming(chat: Chat) -> None:
    _start_report(chat)
    chat.dialog(
        LIAISON,
        [
            ("初稿", "如需附上材料"),
            (press("skip"), "描述：初稿"),
            (press("edit"), "请描述具体情况"),
            ("改稿", "描述：改稿"),
        ],
    )


def test_another_command_inside_a_flow_says_how_to_leave_it(chat: Chat) -> None:
    _start_report(chat)
    assert "/取消" in chat.say(LIAISON, "/待办")
    assert "如需附上材料" in chat.say(LIAISON, "待办事项也是描述")  # without a slash it is the user's text


def test_an_idle_draft_expires_with_a_notice(chat: Chat) -> None:
    _start_report(chat)
    chat.clock.advance(hours=25)
    reply = chat.say(LIAISON, "迟到的描述")
    assert "已超过 1 天未操作，已作废" in reply
    assert "您可以使用" in reply  # the menu, not a guess at what the text meant


def test_a_draft_within_the_idle_time_continues(chat: Chat) -> None:
    _start_report(chat)
    chat.clock.advance(hours=23)
    assert "如需附上材料" in chat.say(LIAISON, "按时的描述")


def test_a_stored_step_that_no_longer_exists_resets_to_the_menu(chat: Chat, flow_database: Database) -> None:
    _start_report(chat)
    with flow_database.unit_of_work() as uow:
        user = uow.users.by_account(CHANNEL, LIAISON)
        assert user is not None
        stored = uow.conversations.get(f"user:{user.id}")
        assert stored is not None
        uow.conversations.save(
            f"user:{user.id}",
            flow="issue_report",
            step="step_removed_in_an_upgrade",
            data=stored.data,
            version=stored.version + 1,
            now=chat.clock(),
        )
        uow.commit()
    reply = chat.say(LIAISON, "说明")
    assert "系统已更新" in reply and "您可以使用" in reply


def _failing_registry() -> Registry:
    def boom(ctx: Context, args: str) -> Transition:
        ctx.uow.bind_attempts.record_failure("console", "x", ctx.now)  # a write that must not survive
        raise RuntimeError("simulated bug")

    base = default_registry()
    extra = Command(("爆炸",), EVERYONE, boom, "test only")
    commands = [c for c in base.commands if c not in (basics.CANCEL, basics.BACK, basics.HELP)]
    return Registry(
        [*commands, extra], cancel=basics.CANCEL, back=basics.BACK, help=basics.HELP, duty_lookup=lookups.DUTY
    )


def test_a_failure_apologises_with_a_reference_logs_it_and_writes_nothing(
    chat: Chat, flow_database: Database, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    chat.engine = Engine(flow_database.unit_of_work, services, _failing_registry())
    with caplog.at_level(logging.ERROR, logger="fmbot.conversations"):
        reply = chat.say(LIAISON, "/爆炸", message_id="bad-1")
    reference = reply.split("错误编号 ")[1].split()[0]
    assert "本次操作未生效" in reply
    assert reference in caplog.text
    with flow_database.unit_of_work() as uow:
        session = uow.conversations._session
        assert session.exec(select(BindFailureRow)).all() == []
        row = session.exec(select(InboxMessageRow).where(InboxMessageRow.message_id == "bad-1")).one()
        assert (row.status, row.error_ref) == ("failed", reference)


def test_after_a_failure_the_user_can_carry_on(
    chat: Chat, flow_database: Database, services: Services
) -> None:
    chat.engine = Engine(flow_database.unit_of_work, services, _failing_registry())
    chat.say(LIAISON, "/爆炸")
    assert "请选择问题类型" in chat.say(LIAISON, "/问题报告")


def test_recorded_messages_are_handled_in_the_order_they_arrived(chat: Chat) -> None:
    key = ConversationKey(CHANNEL, LIAISON)
    first = Inbound(key, "r1", chat.clock(), text="/问题报告")
    second = Inbound(key, "r2", chat.clock(), text="3")  # answers the prompt the first one brings
    chat.engine.record(first)
    chat.engine.record(second)
    chat.engine.process(key)
    texts = [reply.text for reply in chat.replies(LIAISON)]
    assert "请选择问题类型" in texts[0] and "请描述具体情况" in texts[1]


def test_messages_recorded_before_a_crash_are_handled_after_the_restart(
    chat: Chat, flow_database: Database, services: Services
) -> None:
    chat.engine.record(Inbound(ConversationKey(CHANNEL, LIAISON), "before-crash", chat.clock(), text="/待办"))
    chat.engine = Engine(flow_database.unit_of_work, services)
    assert chat.engine.process_pending() == 1
    assert "您的待办" in chat.text_for(LIAISON)


def test_a_button_from_a_finished_flow_is_answered_politely(chat: Chat) -> None:
    assert "该按钮已失效" in chat.say(LIAISON, press("confirm"))


def test_help_lists_only_what_a_liaison_may_do(chat: Chat) -> None:
    reply = chat.say(LIAISON, "/帮助")
    assert "/年度目标" in reply and "/待办" in reply and "教育局" in reply
    assert "/未报" not in reply and "/邀请" not in reply


def test_help_lists_only_what_staff_may_do(chat: Chat) -> None:
    reply = chat.say(STAFF, "/help")
    assert "/未报" in reply and "/邀请" in reply and "/函询" in reply
    assert "/年度目标" not in reply


def test_commands_work_without_the_slash_and_in_full_width(chat: Chat) -> None:
    assert "您的待办" in chat.say(LIAISON, "待办")
    assert "您的待办" in chat.say(LIAISON, "／待办")
    assert "您的待办" in chat.say(LIAISON, "/todo")


def test_an_argument_keeps_its_full_width_punctuation_as_typed(chat: Chat, flow_database: Database) -> None:
    from tests.flows.test_findings import _finding

    number = _finding(flow_database)
    chat.say(STAFF, f"／确认发现　{number}　职责，教育局（牵头）：见第3项！")
    assert "职责，教育局（牵头）：见第3项！" in chat.text_for(LIAISON)


def test_only_the_command_word_and_codes_are_folded_from_full_width() -> None:
    registry = default_registry()
    parsed = registry.parse("／职责　低保，救助", bare=False)
    assert parsed is not None and (parsed.name, parsed.args) == ("职责", "低保，救助")
    glued = registry.parse("/职责低保，救助@fmbot", bare=False)
    assert glued is not None and (glued.name, glued.args) == ("职责", "低保，救助")
    code = registry.parse("/绑定 ＡＢ１２", bare=False)
    assert code is not None and code.args == "AB12"
    asked = registry.fallback("低保，救助归谁管？")
    assert asked is not None and asked.args == "低保，救助"


def test_free_text_outside_a_flow_points_to_help(chat: Chat) -> None:
    assert "/帮助" in chat.say(LIAISON, "你好")


def test_a_draft_is_stored_as_json_only(chat: Chat, flow_database: Database) -> None:
    _start_report(chat)
    with flow_database.unit_of_work() as uow:
        user = uow.users.by_account(CHANNEL, LIAISON)
        assert user is not None
        stored = uow.conversations.get(f"user:{user.id}")
    assert stored is not None and (stored.flow, stored.step) == ("issue_report", "description")
    assert '"kind": "overlap"' in stored.data


def test_draft_idle_time_is_configurable(flow_database: Database, services: Services, chat: Chat) -> None:
    services.draft_idle = timedelta(minutes=30)
    _start_report(chat)
    chat.clock.advance(minutes=31)
    assert "已超过 30 分钟未操作" in chat.say(LIAISON, "说明")


def test_a_sweep_closes_idle_drafts_and_tells_their_owners_at_once(chat: Chat) -> None:
    _start_report(chat)
    chat.say(STAFF, "/函询 jiaoyu")
    chat.clock.advance(hours=12)
    chat.say(STAFF, "问题")  # staff's draft is still fresh
    chat.clock.advance(hours=13)
    assert chat.engine.expire_drafts() == 1
    assert "「问题报告」草稿已超过 1 天未操作，已作废" in chat.text_for(LIAISON)
    assert chat.text_for(STAFF) == ""
    assert "没有理解" in chat.say(LIAISON, "迟到的描述")  # the notice is not given twice


def test_a_mistyped_command_inside_a_flow_is_not_taken_as_content(chat: Chat) -> None:
    _start_report(chat)
    chat.dialog(LIAISON, [("/取小", "没有这个指令"), ("真正的描述", "如需附上材料")])


def test_help_lists_what_a_leader_may_look_at(chat: Chat) -> None:
    reply = chat.say(LEADER, "/帮助")
    assert "/未报" in reply and "/部门" in reply and "/发现" in reply
    assert "/邀请" not in reply and "/确认发现" not in reply


def test_a_message_handled_at_once_is_recorded_handled_and_answered_in_one_transaction(
    chat: Chat, flow_database: Database
) -> None:
    commits: list[object] = []

    def count(connection: object) -> None:
        commits.append(connection)

    event.listen(flow_database.engine, "commit", count)
    try:
        chat.engine.handle_sync(Inbound(ConversationKey(CHANNEL, LIAISON), "one", chat.clock(), text="/待办"))
    finally:
        event.remove(flow_database.engine, "commit", count)
    assert len(commits) == 1
    with flow_database.unit_of_work() as uow:
        assert uow.inbox.unhandled(CHANNEL, LIAISON) == []
        assert [fate.status for fate in uow.outbox.fates(CHANNEL)] == ["pending"]
    assert "您的待办" in chat.text_for(LIAISON)


def test_a_message_arriving_while_an_earlier_one_waits_is_handled_after_it(chat: Chat) -> None:
    key = ConversationKey(CHANNEL, LIAISON)
    chat.engine.record(Inbound(key, "w1", chat.clock(), text="/问题报告"))  # recorded, not yet handled
    chat.engine.handle_sync(Inbound(key, "w2", chat.clock(), text="3"))  # answers the first one's prompt
    texts = [reply.text for reply in chat.replies(LIAISON)]
    assert "请选择问题类型" in texts[0] and "请描述具体情况" in texts[1]


def _stored_state(database: Database, account: str) -> tuple[str, str, str, int]:
    with database.unit_of_work() as uow:
        user = uow.users.by_account(CHANNEL, account)
        assert user is not None
        stored = uow.conversations.get(f"user:{user.id}")
        assert stored is not None
        return stored.flow, stored.step, stored.data, stored.version


def test_a_turn_that_leaves_the_state_as_it_was_still_takes_the_next_version(
    chat: Chat, flow_database: Database
) -> None:
    chat.say(LIAISON, "/帮助")
    flow, step, data, version = _stored_state(flow_database, LIAISON)
    chat.say(LIAISON, "/帮助")
    assert _stored_state(flow_database, LIAISON) == (flow, step, data, version + 1)


def test_a_turn_that_leaves_the_state_as_it_was_is_refused_when_another_changed_it_meanwhile(
    chat: Chat, flow_database: Database, services: Services
) -> None:
    overtake = False

    def overtaken(ctx: Context, args: str) -> Transition:
        if not overtake:
            return done("完成")
        # Another worker's turn commits a new version of this state while this one runs.
        owner = f"user:{ctx.user.id}" if ctx.user else ""
        stored = ctx.uow.conversations.get(owner)
        assert stored is not None
        ctx.uow.conversations.save(
            owner, flow="", step="", data=stored.data, version=stored.version + 1, now=ctx.now
        )
        ctx.uow.bind_attempts.record_failure("console", "x", ctx.now)  # this turn's own write
        return done("完成")

    base = default_registry()
    extra = Command(("抢先",), EVERYONE, overtaken, "test only")
    commands = [c for c in base.commands if c not in (basics.CANCEL, basics.BACK, basics.HELP)]
    registry = Registry(
        [*commands, extra], cancel=basics.CANCEL, back=basics.BACK, help=basics.HELP, duty_lookup=lookups.DUTY
    )
    chat.engine = Engine(flow_database.unit_of_work, services, registry)
    assert "完成" in chat.say(LIAISON, "/抢先")  # the state as the next turn leaves it: idle, no buttons
    overtake = True
    reply = chat.say(LIAISON, "/抢先")
    assert "本次操作未生效" in reply and "完成" not in reply
    with flow_database.unit_of_work() as uow:
        assert uow.bind_attempts.failures_since("console", "x", chat.clock() - timedelta(days=1)) == []
