"""Findings: staff list them, confirm or dismiss each with a reason; the department hears the outcome and
sees it in /状态. (Findings arise from reviews: see test_annual_goals for that end of the story.)"""

from __future__ import annotations

import json

from fm_domain.users import Role
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, OTHER_LIAISON, STAFF, START
from tests.flows.transcript import Chat


def _finding(database: Database, item: str = "整治校园周边占道经营摊点", verdict: str = "overlap") -> int:
    with database.unit_of_work() as uow:
        liaison = uow.users.by_account("console", LIAISON)
        assert liaison is not None
        submission = uow.submissions.add(
            kind="annual_goals",
            department="jiaoyu",
            division="",
            period="2026",
            content=json.dumps({"items": [{"text": item, "verdict": verdict}], "duties": [], "counts": {}}),
            submitted_by=liaison.id,
            submitted_at=START,
        )
        uow.submissions.set_receipt(submission.id, "ND2026-00001")
        finding = uow.findings.add(
            department="jiaoyu",
            submission_id=submission.id,
            item=item,
            verdict=verdict,
            detail="城管局第3项职责",
            created_at=START,
        )
        uow.commit()
    return finding


def test_staff_see_the_open_findings(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    reply = chat.say(STAFF, "/发现")
    assert f"#{number}" in reply and "教育局" in reply and "职责交叉" in reply


def test_confirming_with_a_reason_tells_the_department_and_shows_in_its_status(
    chat: Chat, flow_database: Database
) -> None:
    number = _finding(flow_database)
    assert "已确认发现" in chat.say(STAFF, f"/确认发现 {number} 应由城管局牵头")
    assert "应由城管局牵头" in chat.text_for(LIAISON)
    assert chat.text_for(OTHER_LIAISON) == ""
    status = chat.say(LIAISON, "/状态")
    assert "编办已确认" in status and "应由城管局牵头" in status
    assert "没有待处理的发现" in chat.say(STAFF, "/发现")


def test_dismissing_asks_for_the_reason_when_it_is_missing(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    chat.dialog(STAFF, [(f"/驳回发现 {number}", "请写明理由"), ("属于本部门配合事项", "已驳回发现")])
    assert "编办已驳回" in chat.say(LIAISON, "/状态")


def test_a_finding_is_decided_once(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    chat.say(STAFF, f"/dismiss {number} 理由")
    assert "无需重复处理" in chat.say(STAFF, f"/confirm {number} 理由")


def test_an_unknown_finding_number_points_to_the_list(chat: Chat) -> None:
    assert "/发现" in chat.say(STAFF, "/确认发现 999 理由")


def test_liaisons_and_leaders_cannot_decide_findings(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    assert "仅限" in chat.say(LIAISON, f"/确认发现 {number} 理由")
    assert "仅限" in chat.say(LEADER, f"/驳回发现 {number} 理由")
    assert "职责交叉" in chat.say(LEADER, "/发现")  # a leader may look


def test_open_findings_appear_in_the_department_view(chat: Chat, flow_database: Database) -> None:
    _finding(flow_database)
    reply = chat.say(STAFF, "/部门 教育局")
    assert "未处理的发现" in reply and "占道经营" in reply


def test_a_leader_of_one_department_sees_only_that_departments_findings(
    chat: Chat, flow_database: Database
) -> None:
    _finding(flow_database)  # a finding of 教育局 (jiaoyu)
    with flow_database.unit_of_work() as uow:
        leader = uow.users.create("民政局 刘局长", Role.LEADER, "minzheng", START)
        uow.users.bind_account(leader.id, "console", "mz-lead", START)
        uow.commit()
    assert "职责交叉" not in chat.say("mz-lead", "/发现")
    assert "只能查看本部门" in chat.say("mz-lead", "/部门 jiaoyu")
    assert "职责交叉" in chat.say(LEADER, "/发现")  # a leader of no particular department sees all
