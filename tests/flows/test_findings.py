"""Findings: staff list them, confirm or dismiss each with a reason; the department hears the outcome and
sees it in /状态. (Findings arise from reviews: see test_annual_goals for that end of the story.)"""

from __future__ import annotations

from fm_domain.records import FindingKind
from fm_domain.users import Role
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, OTHER_LIAISON, STAFF, START
from tests.flows.records import raise_finding
from tests.flows.test_annual_goals import IN_SCOPE, OUT_OF_SCOPE, OVERLAP, PLAN, RETIRED
from tests.flows.transcript import Chat, press


def _finding(database: Database, item: str = "整治校园周边占道经营摊点") -> int:
    return raise_finding(database, item, FindingKind.OVERLAP, "城管局第3项职责")


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
    chat.dialog(STAFF, [(f"/驳回发现 {number}", "请直接回复理由"), ("属于本部门配合事项", "已驳回发现")])
    assert "编办已驳回" in chat.say(LIAISON, "/状态")


def test_asked_for_the_reason_the_full_command_is_taken_too(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    chat.dialog(
        STAFF,
        [
            (f"/确认发现 {number}", f"请直接回复理由（确认发现 #{number}）"),
            (f"/确认发现 {number} 应由城管局牵头", f"已确认发现 #{number}"),
        ],
    )
    assert "应由城管局牵头" in chat.text_for(LIAISON)


def test_asked_for_the_reason_another_command_runs_and_cancel_leaves(
    chat: Chat, flow_database: Database
) -> None:
    number = _finding(flow_database)
    chat.say(STAFF, f"/驳回发现 {number}")
    listing = chat.say(STAFF, "/发现")
    assert f"#{number}" in listing and "您正在进行" not in listing
    chat.say(STAFF, f"/驳回发现 {number}")
    assert "已退出「处理发现」" in chat.say(STAFF, "/取消")
    assert f"#{number}" in chat.say(STAFF, "/发现")  # still open


def test_several_findings_are_decided_in_one_command(chat: Chat, flow_database: Database) -> None:
    first, second, third, fourth = (_finding(flow_database, f"事项{n}") for n in range(4))
    reply = chat.say(STAFF, f"/驳回发现 {first},{second} 属于本部门配合事项")
    assert f"已驳回发现 #{first}" in reply and f"已驳回发现 #{second}" in reply
    reply = chat.say(STAFF, f"/确认发现 {third} {fourth} 应由城管局牵头")
    assert f"已确认发现 #{third}" in reply and f"已确认发现 #{fourth}" in reply
    status = chat.say(LIAISON, "/状态")
    assert status.count("编办已驳回，理由：属于本部门配合事项") == 2
    assert status.count("编办已确认，理由：应由城管局牵头") == 2


def test_several_findings_wait_together_for_their_reason(chat: Chat, flow_database: Database) -> None:
    first, second = _finding(flow_database, "事项甲"), _finding(flow_database, "事项乙")
    chat.dialog(
        STAFF,
        [
            (f"/确认发现 #{first}、#{second}", f"请直接回复理由（确认发现 #{first}、#{second}）"),
            ("应由城管局牵头", [f"已确认发现 #{first}", f"已确认发现 #{second}"]),
        ],
    )


def test_a_wrong_number_among_several_decides_none(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    reply = chat.say(STAFF, f"/驳回发现 {number} 999 理由")
    assert "找不到编号为 999 的发现" in reply and "均未处理" in reply
    assert f"#{number}" in chat.say(STAFF, "/发现")


def test_a_reason_that_begins_with_a_figure_stays_the_reason(chat: Chat, flow_database: Database) -> None:
    number = _finding(flow_database)
    assert f"已确认发现 #{number}" in chat.say(STAFF, f"/确认发现 {number} 3月底前移交城管局")
    assert "理由：3月底前移交城管局" in chat.say(LIAISON, "/状态")


def test_the_list_of_findings_may_name_a_department(chat: Chat, flow_database: Database) -> None:
    ours = _finding(flow_database)
    with flow_database.unit_of_work() as uow:
        theirs = uow.findings.add(
            department="minzheng",
            submission_id=None,
            item="开展校外培训机构监管",
            kind=FindingKind.OUT_OF_SCOPE,
            detail="",
            created_at=START,
        )
        uow.commit()
    listing = chat.say(STAFF, "发现 民政局")
    assert f"#{theirs}" in listing and f"#{ours} " not in listing and "共 1 条" in listing
    assert f"#{ours}" in chat.say(STAFF, "/发现 jiaoyu")
    assert "城管局目前没有待处理的发现" in chat.say(STAFF, "发现 城管局")
    assert "找不到部门“水务局”" in chat.say(STAFF, "/发现 水务局")


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


def _submit_goals(chat: Chat, plan: str) -> str:
    chat.dialog(
        LIAISON, [("/年度目标", "请选择报送层级"), (press("department"), "年度工作目标"), (plan, "预览")]
    )
    return chat.say(LIAISON, press("confirm"))


def test_a_new_version_carries_over_the_findings_it_raises_again_and_closes_the_rest(
    chat: Chat, flow_database: Database
) -> None:
    _submit_goals(chat, PLAN)
    chat.replies(STAFF)
    with flow_database.unit_of_work() as uow:
        first = {f.item: f.id for f in uow.findings.of_department("jiaoyu")}
    kept, dropped = first[OVERLAP], sorted(first[item] for item in (RETIRED, OUT_OF_SCOPE))

    receipt = _submit_goals(chat, f"1. {IN_SCOPE}\n2. {OVERLAP}")  # two flagged items removed

    assert (
        "第 2 版" in receipt
        and "上一版中 2 条待编办研判的发现所涉事项已修改或删除，已随本版本关闭" in receipt
    )
    notice = chat.text_for(STAFF)
    assert any(line.startswith(f"#{kept} [") and OVERLAP in line for line in notice.splitlines())
    assert f"#{kept} 本版仍有，沿用原编号" in notice
    assert f"#{dropped[0]}、#{dropped[1]} 所涉事项本版已修改或删除，已随新版本关闭" in notice
    listing = chat.say(STAFF, "/发现")
    assert "共 1 条" in listing and f"#{kept}" in listing
    with flow_database.unit_of_work() as uow:
        latest = uow.submissions.latest("annual_goals", "jiaoyu", "2026")
        findings = {f.id: f for f in uow.findings.of_department("jiaoyu")}
    assert latest is not None and findings[kept].submission_id == latest.id
    assert [findings[n].status for n in dropped] == ["superseded", "superseded"]
    assert len(findings) == 3  # the overlap was not raised a second time
    assert chat.say(LIAISON, "/状态").count("随新版本关闭") == 2
    assert "随新版本关闭" in chat.say(STAFF, f"/确认发现 {dropped[0]} 理由")


def test_a_finding_decided_before_the_new_version_is_not_reopened_but_raised_anew(
    chat: Chat, flow_database: Database
) -> None:
    _submit_goals(chat, f"1. {IN_SCOPE}\n2. {OVERLAP}")
    with flow_database.unit_of_work() as uow:
        (decided,) = [f.id for f in uow.findings.of_department("jiaoyu")]
    chat.say(STAFF, f"/驳回发现 {decided} 属于配合事项")
    _submit_goals(chat, f"1. {IN_SCOPE}\n2. {OVERLAP}")
    with flow_database.unit_of_work() as uow:
        statuses = [(f.id, f.status) for f in uow.findings.of_department("jiaoyu")]
    assert statuses == [(decided, "dismissed"), (decided + 1, "open")]
