"""Whole dialogues that must behave the same on SQLite and PostgreSQL: versioned submissions with
findings, idempotency, restarts, the inquiry thread with a file, concurrent workers."""

from __future__ import annotations

import threading

from conversations import ConversationKey, Engine, Inbound, Services
from storage import Database
from tests.flows.conftest import LIAISON, STAFF
from tests.flows.test_annual_goals import IN_SCOPE, OVERLAP, PLAN
from tests.flows.transcript import CHANNEL, Chat, Upload, press


def test_goals_are_versioned_and_their_findings_decided(any_chat: Chat, any_database: Database) -> None:
    for version in (1, 2):
        any_chat.dialog(
            LIAISON,
            [
                ("/年度目标", "层级"),
                (press("department"), "请发送事项"),
                (PLAN, "共 4 项"),
                (press("confirm"), f"第 {version} 版" if version > 1 else "回执编号"),
            ],
        )
    any_chat.replies(STAFF)
    any_chat.say(STAFF, "/驳回发现 1 理由充分")
    with any_database.unit_of_work() as uow:
        assert [s.version for s in uow.submissions.of_department("jiaoyu")] == [2, 1]
        assert [f.status for f in uow.findings.of_department("jiaoyu")][:2] == ["dismissed", "open"]


def test_a_duplicate_and_a_restart_mid_flow(
    any_chat: Chat, any_database: Database, services: Services
) -> None:
    any_chat.send(LIAISON, "/月度安排", message_id="x1")
    assert any_chat.send(LIAISON, "/月度安排", message_id="x1") == []
    any_chat.engine = Engine(any_database.unit_of_work, services)
    any_chat.dialog(LIAISON, [(IN_SCOPE, "预览"), ("1", "回执编号")])


def test_an_inquiry_thread_with_a_file(any_chat: Chat) -> None:
    any_chat.dialog(
        STAFF, [("/函询 教育局", "问题"), ("问题", "期限"), ("5个工作日", "预览"), ("1", "第 1 号")]
    )
    any_chat.dialog(
        LIAISON,
        [
            ("/函询回复 1", "回复内容"),
            (Upload("回复.docx", b"\x00\x01binary"), "附件：回复.docx"),
            ("1", "已提交"),
        ],
    )
    assert any_chat.replies(STAFF)[-1].file is not None
    assert "附件：回复.docx" in any_chat.say(STAFF, "/函询记录 1")


def test_two_workers_handling_one_users_messages_keep_their_order(
    any_chat: Chat, any_database: Database, services: Services
) -> None:
    """Two engines (as in two processes) race over the same recorded messages: each message is handled
    once, and in the order it arrived."""
    key = ConversationKey(CHANNEL, LIAISON)
    said = ["/年度目标", "1", OVERLAP, f"加 {IN_SCOPE}", "删 1"]
    for n, text in enumerate(said):
        any_chat.engine.record(Inbound(key, f"race-{n}", any_chat.clock(), text=text))
    workers = [Engine(any_database.unit_of_work, services) for _ in range(2)]
    threads = [threading.Thread(target=worker.process, args=(key,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    replies = [reply.text for reply in any_chat.replies(LIAISON)]
    assert len(replies) == len(said)
    assert f"1. {IN_SCOPE}" in replies[-1] and "共 1 项" in replies[-1]
