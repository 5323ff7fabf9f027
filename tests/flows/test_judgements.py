"""编办认定: staff correct a finding's match (the right duty, 职责外, 机关内部); the judgement is kept with
the item's text and the 三定 revision, decides the finding, and later reviews of the same wording follow
it."""

from __future__ import annotations

import pytest

from fm_domain.records import FindingKind
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, STAFF, START
from tests.flows.records import raise_finding
from tests.flows.transcript import Chat, press

ITEM = "整治校园周边占道经营摊点"  # 城管局's work by its wording; the office may judge otherwise


def _finding(database: Database, item: str = ITEM, kind: FindingKind = FindingKind.OVERLAP) -> int:
    return raise_finding(database, item, kind, "城管局第8项职责")


def _judgements(database: Database) -> list[tuple[str, str, str, str | None, bool, int | None]]:
    with database.unit_of_work() as uow:
        return [
            (j.department, j.item, j.verdict, j.duty, j.internal, j.finding_id)
            for j in uow.judgements.current()
        ]


def _status(database: Database, finding: int) -> tuple[str, str]:
    with database.unit_of_work() as uow:
        found = uow.findings.get(finding)
        assert found is not None
        return found.status, found.reason


def test_staff_judge_the_right_duty_and_the_finding_is_dismissed_with_the_judgement_as_its_reason(
    chat: Chat, flow_database: Database
) -> None:
    number = _finding(flow_database)
    reply = chat.say(STAFF, f"/认定 {number} 3 校园周边环境整治由学校安全管理负责")
    assert "已记录编办认定" in reply and "职责内，教育局第3项职责" in reply and "已驳回" in reply
    assert _judgements(flow_database) == [("jiaoyu", ITEM, "in_scope", "jiaoyu.3", False, number)]
    status, reason = _status(flow_database, number)
    assert status == "dismissed"
    assert reason.startswith("编办认定：职责内，教育局第3项职责") and "由学校安全管理负责" in reason
    told = chat.text_for(LIAISON)
    assert "编办已驳回" in told and "编办认定：职责内" in told


def test_the_judgement_is_kept_with_the_revision_in_force_and_who_judged(
    chat: Chat, flow_database: Database
) -> None:
    number = _finding(flow_database)
    chat.say(STAFF, f"/认定 {number} jiaoyu.3")
    with flow_database.unit_of_work() as uow:
        [judgement] = uow.judgements.of_finding(number)
        staff = uow.users.by_account("console", STAFF)
        assert staff is not None
        assert judgement.revision_id == uow.catalog.revision_id("jiaoyu")
        assert (judgement.judged_by, judgement.judged_at) == (staff.id, START)


def test_a_judgement_that_bears_the_finding_out_confirms_it(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)  # overlap
    assert "已确认" in chat.say(STAFF, f"/认定 {number} chengguan.8 应由城管局牵头")
    assert _judgements(flow_database) == [("jiaoyu", ITEM, "overlap", "chengguan.8", False, number)]
    assert _status(flow_database, number)[0] == "confirmed"


@pytest.mark.parametrize(
    ("conclusion", "verdict", "duty", "internal", "status"),
    [
        ("职责外", "out_of_scope", None, False, "confirmed"),
        ("机关内部", "out_of_scope", None, True, "dismissed"),  # internal work is no overreach
        ("机关自身建设", "out_of_scope", None, True, "dismissed"),
        ("14", "retired", "jiaoyu.14", False, "dismissed"),  # 教育局 duty 14 is cancelled
        ("JIAOYU.6", "in_scope", "jiaoyu.6", False, "dismissed"),
    ],
)
def test_each_kind_of_conclusion_is_stored_as_its_verdict(
    chat: Chat,
    flow_database: Database,
    conclusion: str,
    verdict: str,
    duty: str | None,
    internal: bool,
    status: str,
) -> None:
    number = _finding(flow_database, "组织开展航天育种试验", FindingKind.OUT_OF_SCOPE)
    chat.say(STAFF, f"/认定 {number} {conclusion}")
    assert _judgements(flow_database) == [("jiaoyu", "组织开展航天育种试验", verdict, duty, internal, number)]
    assert _status(flow_database, number)[0] == status


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("/认定 {n} jiaoyu.99", "找不到职责“jiaoyu.99”"),
        ("/认定 {n} 99", "找不到职责“99”"),
        ("/认定 {n} nosuch.1", "找不到职责“nosuch.1”"),
        ("/认定 {n} 看情况", "无法识别结论“看情况”"),
        ("/认定 {n} minzheng.14", "民政局第14项职责已转移，不能据此认定职责交叉"),
        ("/认定 {n}", "用法：/认定 编号 结论"),
        ("/认定 999 3", "找不到编号为 999 的发现"),
    ],
)
def test_a_bad_conclusion_is_explained_and_nothing_is_stored(
    chat: Chat, flow_database: Database, said: str, expected: str
) -> None:
    number = _finding(flow_database)
    assert expected in chat.say(STAFF, said.format(n=number))
    assert _judgements(flow_database) == []
    assert _status(flow_database, number)[0] == "open"


def test_a_decided_finding_cannot_be_judged_again(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    chat.say(STAFF, f"/驳回发现 {number} 另行研究")
    assert "无需重复处理" in chat.say(STAFF, f"/认定 {number} 3")
    assert _judgements(flow_database) == []


def test_a_finding_that_is_not_a_match_takes_no_judgement(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database, "建设智慧校园平台", FindingKind.NOT_STARTED)  # a goal not started
    assert "不是职责比对的结果" in chat.say(STAFF, f"/认定 {number} 3")
    assert _judgements(flow_database) == []


def test_liaisons_and_leaders_cannot_judge(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    assert "仅限" in chat.say(LIAISON, f"/认定 {number} 3")
    assert "仅限" in chat.say(LEADER, f"/认定 {number} 3")
    assert _judgements(flow_database) == [] and _status(flow_database, number)[0] == "open"


def test_staff_help_and_the_findings_list_offer_the_command(chat: Chat, flow_database: Database) -> None:
    _finding(flow_database)
    assert "/认定 编号 结论 [理由]" in chat.say(STAFF, "/帮助")
    assert "/认定 编号 结论" in chat.say(STAFF, "/发现")
    assert "/认定" not in chat.say(LIAISON, "/帮助")


def test_a_judgement_may_be_given_while_dismissing(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    assert "已驳回" in chat.say(STAFF, f"/驳回发现 {number} 应为 jiaoyu.3 属校园安全管理")
    assert _judgements(flow_database) == [("jiaoyu", ITEM, "in_scope", "jiaoyu.3", False, number)]
    reason = _status(flow_database, number)[1]
    assert reason.startswith("编办认定：职责内，教育局第3项职责“") and reason.endswith("”。属校园安全管理")


def test_a_reason_that_only_looks_like_a_judgement_is_kept_as_a_reason(
    chat: Chat, flow_database: Database
) -> None:
    number = _finding(flow_database)
    chat.say(STAFF, f"/确认发现 {number} 应为城管局牵头")
    assert _judgements(flow_database) == []
    assert _status(flow_database, number) == ("confirmed", "应为城管局牵头")


def _submit_goals(chat: Chat, plan: str) -> str:
    preview = chat.dialog(
        LIAISON, [("/年度目标", "请选择报送层级"), (press("department"), "请发送事项"), (plan, "预览")]
    )
    chat.say(LIAISON, press("confirm"))
    return preview


def test_after_staff_correct_a_match_the_same_wording_follows_the_judgement(
    chat: Chat, flow_database: Database
) -> None:
    number = _finding(flow_database)
    chat.say(STAFF, f"/认定 {number} 3 校园周边环境整治属学校安全管理")
    chat.text_for(STAFF)

    preview = _submit_goals(chat, ITEM)

    assert f"1. {ITEM}\n    ✅ 对应：教育局第3项职责" in preview
    assert f"📌编办曾认定：{ITEM}" in preview
    assert "城管局" not in preview
    assert "所有事项均在职责范围内" in chat.text_for(STAFF)  # no new finding: the office has judged it


def test_the_latest_judgement_of_the_same_text_is_the_one_followed(
    chat: Chat, flow_database: Database
) -> None:
    first = _finding(flow_database)
    chat.say(STAFF, f"/认定 {first} 3")
    second = _finding(flow_database)
    chat.say(STAFF, f"/认定 {second} 机关内部")
    with flow_database.unit_of_work() as uow:
        assert len(uow.judgements.of_finding(first)) == len(uow.judgements.of_finding(second)) == 1

    preview = _submit_goals(chat, ITEM)

    assert f"1. {ITEM}\n    🏢机关自身建设" in preview and f"编办曾认定：{ITEM}" in preview
    assert "机关自身建设 1 项" in preview


def test_a_judgement_is_kept_and_followed_alike_on_both_backends(
    any_chat: Chat, any_database: Database
) -> None:
    number = _finding(any_database)
    assert "已记录编办认定" in any_chat.say(STAFF, f"/认定 {number} 3")
    any_chat.text_for(STAFF)
    assert f"📌编办曾认定：{ITEM}" in _submit_goals(any_chat, ITEM)
    assert "所有事项均在职责范围内" in any_chat.text_for(STAFF)
