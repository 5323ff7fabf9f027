"""Words a user sees (issue 12, item 14): one name for each verdict, whose duty an item is, and lines
that neither repeat nor dangle."""

from __future__ import annotations

from conversations import nudge_texts
from storage import Database
from tests.flows.conftest import LIAISON, STAFF
from tests.flows.test_annual_goals import OUT_OF_SCOPE, OVERLAP, _to_preview
from tests.flows.test_binding import _invite
from tests.flows.test_findings import _finding
from tests.flows.test_inquiry import _ask
from tests.flows.transcript import Chat, press

LABEL = "职责外（未找到对应职责）"


def test_an_item_wholly_another_departments_is_said_to_be_theirs(chat: Chat) -> None:
    preview = _to_preview(chat)
    assert f"{OVERLAP}\n    ⚠️职责交叉 对应：民政局第2项职责" in preview and "（属民政局职责）" in preview
    assert "亦有此职责" not in preview


def test_the_out_of_scope_verdict_has_one_name_in_preview_findings_and_counts(chat: Chat) -> None:
    preview = _to_preview(chat)
    assert f"{OUT_OF_SCOPE}\n    ❓{LABEL}" in preview and "职责外 1 项" in preview
    chat.say(LIAISON, press("confirm"))
    notice = chat.text_for(STAFF)
    findings = chat.say(STAFF, "/发现")
    for text in (preview, notice, findings):
        assert "超出" not in text and "未找到对应职责（" not in text
    assert LABEL in notice and LABEL in findings


def test_an_acceptance_without_words_leaves_no_dangling_colon(chat: Chat) -> None:
    number = _ask(chat)
    chat.dialog(
        LIAISON, [(f"/函询回复 {number}", "请输入回复内容"), ("回复", "回复预览"), ("1", "回复已提交")]
    )
    chat.dialog(STAFF, [(f"/采纳 {number}", "本次函询办结")])
    thread = chat.say(STAFF, f"/函询记录 {number}")
    [accepted] = [line for line in thread.splitlines() if "编办采纳" in line]
    assert not accepted.endswith("：")


def test_a_finding_decided_twice_says_so_once(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    chat.say(STAFF, f"/确认发现 {number} 理由")
    reply = chat.say(STAFF, f"/驳回发现 {number} 理由")
    assert f"发现 #{number} 编办已确认，无需重复处理" in reply and "已编办" not in reply


def test_a_skipped_name_does_not_repeat_the_department_and_role(chat: Chat, flow_database: Database) -> None:
    chat.say("newcomer", f"/绑定 {_invite(flow_database)}")
    chat.say("newcomer", "跳过")
    greeting = chat.say("newcomer", "/帮助").splitlines()[0]
    assert greeting.count("司法局") == 1 and greeting.count("联络员") == 1
    assert "（司法局部门联络员）" in greeting


def test_a_recorded_receipt_has_no_stray_space() -> None:
    assert nudge_texts.receipt_recorded("stats", "统计表", "教育局", "2026-03").startswith("已登记：教育局的")
