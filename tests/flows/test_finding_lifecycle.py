"""A finding's life after it is raised: asked about in a written inquiry, confirmed, rectified by a
deadline the department is nudged about, reported, closed; every step in its record and the department
told each outcome. Staff work several findings at once, or a department's."""

from __future__ import annotations

from datetime import timedelta

from conversations import Engine, MonitoringJob, NudgeSweeper, Services
from fm_domain.records import FindingKind, FindingStatus
from storage import Database
from tests.flows.conftest import LIAISON, OTHER_LIAISON, SHANGHAI, STAFF, START
from tests.flows.records import raise_finding
from tests.flows.transcript import Chat, FakeClock, press

ITEM = "开展托育机构备案登记"


def _finding(database: Database, item: str = ITEM) -> int:
    return raise_finding(database, item, FindingKind.OUT_OF_SCOPE, "")


def _status(database: Database, number: int) -> FindingStatus:
    with database.unit_of_work() as uow:
        finding = uow.findings.get(number)
    assert finding is not None
    return finding.status


def test_an_inquiry_about_findings_puts_them_under_inquiry_until_staff_decide(
    chat: Chat, flow_database: Database
) -> None:
    first, second = _finding(flow_database), _finding(flow_database, "开展婴幼儿照护服务指导")
    chat.dialog(
        STAFF,
        [
            (f"/函询发现 {first},{second}", ["就以下发现向教育局发出书面函询", ITEM, "请输入函询的问题"]),
            ("请说明托育相关工作的依据。", "回复期限"),
            ("10个工作日", "书面函询 · 预览"),
            (press("confirm"), [f"发现 #{first}、#{second} 已转为函询核实中（函询第 1 号）"]),
        ],
    )
    assert "请说明托育相关工作的依据" in chat.text_for(LIAISON)
    assert _status(flow_database, first) is FindingStatus.UNDER_INQUIRY
    listing = chat.say(STAFF, "发现 教育局")
    assert f"#{first} " in listing and "（函询核实中）" in listing

    chat.dialog(
        LIAISON, [("/函询回复 1", "请输入回复"), ("系市政府交办。", "预览"), (press("confirm"), "已提交")]
    )
    accepted = chat.say(STAFF, "/采纳 1")
    assert "本次函询办结" in accepted and f"涉及的发现 #{first}、#{second} 仍待处理" in accepted

    assert f"已确认发现 #{first}" in chat.say(STAFF, f"/确认发现 {first} 超出职责，已核实")
    assert _status(flow_database, first) is FindingStatus.CONFIRMED


def test_rectification_is_asked_nudged_reported_and_closed_with_the_department_told_each_time(
    chat: Chat, flow_database: Database, services: Services, clock: FakeClock
) -> None:
    number = _finding(flow_database)
    chat.say(STAFF, f"/确认发现 {number} 超出职责")
    chat.replies(LIAISON)
    asked = chat.say(STAFF, f"/整改 {number} 2026-03-20 停止开展，移交卫健委")
    assert f"已要求整改发现 #{number}，期限 2026-03-20" in asked
    told = chat.text_for(LIAISON)
    assert "【整改要求】" in told and "停止开展，移交卫健委" in told and f"/整改报告 {number}" in told
    assert chat.text_for(OTHER_LIAISON) == ""
    assert f"发现 #{number} 整改情况" in chat.say(LIAISON, "/待办")
    assert "整改中，期限 2026-03-20" in chat.say(LIAISON, "/状态")

    # Three working days before the deadline, the department is reminded like any task.
    sweeper = NudgeSweeper(
        chat.engine.unit_of_work, calendar=services.calendar, timezone=SHANGHAI, clock=clock
    )
    result = sweeper.sweep(START.replace(day=17))
    rectification = [(q.kind, q.department) for q in result.queued if q.task == f"rectification-{number}"]
    assert rectification == [("before_3", "jiaoyu")]
    assert f"发送 /整改报告 {number}" in chat.text_for(LIAISON)

    chat.dialog(
        LIAISON,
        [
            (f"/整改报告 {number}", "请说明发现"),
            ("已停止备案登记，材料移交卫健委。", f"已报告发现 #{number} 的整改情况"),
        ],
    )
    assert "【整改报告】教育局报告了" in chat.text_for(STAFF)
    later = sweeper.sweep(START.replace(day=20))  # reported: no more reminders of it
    assert [q for q in later.queued if q.task == f"rectification-{number}"] == []

    closed = chat.say(STAFF, f"/办结发现 {number} 整改到位")
    assert f"已办结发现 #{number}" in closed
    assert "【发现办结】" in chat.text_for(LIAISON) and "整改到位" in chat.say(LIAISON, "/状态")
    record = chat.say(STAFF, f"/发现记录 {number}")
    for step in ("→编办已确认", "→整改中（期限 2026-03-20）", "李敏→整改情况已报告", "周静→已办结：整改到位"):
        assert step in record


def test_steps_the_status_does_not_allow_are_refused_for_all_the_findings_named(
    chat: Chat, flow_database: Database
) -> None:
    first, second = _finding(flow_database), _finding(flow_database, "事项乙")
    chat.say(STAFF, f"/确认发现 {first} 属实")
    refused = chat.say(STAFF, f"/整改 {first},{second} 10个工作日 停止")
    assert f"发现 #{second} 待编办研判，不能要求整改" in refused and "均未处理" in refused
    assert _status(flow_database, first) is FindingStatus.CONFIRMED
    assert "不能办结" in chat.say(STAFF, f"/办结发现 {second} 结果")
    assert "整改期限应晚于今天" in chat.say(STAFF, f"/整改 {first} 2026-03-01 停止")
    assert "用法：/整改 编号 期限 要求" in chat.say(STAFF, f"/整改 {first} 下周")
    assert "不能报告整改" in chat.say(LIAISON, f"/整改报告 {first} 已完成")


def test_a_departments_findings_are_decided_together(chat: Chat, flow_database: Database) -> None:
    first, second = _finding(flow_database), _finding(flow_database, "事项乙")
    reply = chat.say(STAFF, "/驳回发现 教育局 属于本部门职责")
    assert f"已驳回发现 #{first}" in reply and f"已驳回发现 #{second}" in reply
    assert "教育局目前没有待处理的发现" in chat.say(STAFF, "/确认发现 教育局 理由")


def test_a_liaison_sees_the_record_of_a_finding_of_their_own_department_only(
    chat: Chat, flow_database: Database
) -> None:
    number = _finding(flow_database)
    record = chat.say(LIAISON, f"/发现记录 {number}")
    assert f"【发现 #{number}】教育局" in record and "提出（报送 ND2026-" in record
    assert "找不到编号" in chat.say(OTHER_LIAISON, f"/发现记录 {number}")


def test_the_monitoring_job_raises_findings_once_a_working_day_and_tells_staff(
    engine: Engine, flow_database: Database, services: Services, clock: FakeClock, chat: Chat
) -> None:
    job = MonitoringJob(engine.unit_of_work, calendar=services.calendar, timezone=SHANGHAI, clock=clock)
    saturday = START.replace(day=14, hour=10)
    assert job.daily(saturday) is None
    assert job.daily(START.replace(hour=8, minute=59)) is None  # before the day's run
    first = job.daily(START)
    assert first is not None
    assert job.daily(START + timedelta(minutes=1)) is None  # the day has run
    # Nothing reported since the tasks began in January (goals, and three months of arrangements due):
    # every department is 不报, each raised once as a finding, and staff are told.
    raised = sorted((r.signal.kind.value, r.signal.department) for r in first.raised)
    assert raised == [
        ("unreported", code) for code in sorted(("jiaoyu", "minzheng", "sifa", "chengguan", "shangwu"))
    ]
    notice = chat.text_for(STAFF)
    assert "【运行监管】2026年3月10日监测新发现 5 条" in notice and "[不报]" in notice
    with flow_database.unit_of_work() as uow:
        assert len(uow.monitoring.all()) == 5
    assert job.run(START + timedelta(days=1)).raised == []  # the same signals: not raised again
