"""走访座谈 and 现场查看 in chat: staff record a visit with its day, place, people, notes and files; the
findings it concerns are looked into by it, and its conclusion confirms, dismisses or closes them."""

from __future__ import annotations

from fm_domain.records import FindingKind, FindingStatus
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, STAFF
from tests.flows.records import raise_finding
from tests.flows.transcript import Chat, Upload, press


def _finding(database: Database, item: str = "开展托育机构备案登记") -> int:
    return raise_finding(database, item, FindingKind.OUT_OF_SCOPE, "")


def test_a_visit_without_findings_keeps_its_files_and_is_listed(chat: Chat, flow_database: Database) -> None:
    chat.dialog(
        STAFF,
        [
            ("/走访 民政局", "请选择方式"),  # 民政局 has no findings: straight to the visit
            (press("site"), "走访日期"),
            ("3月9日", "地点"),
            ("市养老服务中心", "参加人员"),
            ("编办 周静；民政局 王强", "了解到的情况"),
            ("养老服务设施运行正常。", "照片或文件"),
            (Upload("现场.jpg", b"\xff\xd8photo", mime_type="image/jpeg"), "已收到"),
            (Upload("台账.pdf", b"%PDF-1.4", mime_type="application/pdf"), "已收到"),
            (press("done"), ["现场查看 · 预览", "日期：2026-03-09", "附件：现场.jpg、台账.pdf"]),
            (press("confirm"), "已记录走访 #1（民政局）"),
        ],
    )
    listing = chat.say(LEADER, "/走访记录 民政局")
    assert "走访 #1 2026-03-09 现场查看，市养老服务中心：养老服务设施运行正常。" in listing
    assert "附件：现场.jpg、台账.pdf" in listing
    with flow_database.unit_of_work() as uow:
        assert [f.name for f in uow.visits.files(1)] == ["现场.jpg", "台账.pdf"]


def test_a_visit_on_a_future_day_or_about_a_finding_not_listed_is_asked_again(
    chat: Chat, flow_database: Database
) -> None:
    number = _finding(flow_database)
    chat.dialog(
        STAFF,
        [
            ("/走访 教育局", [f"#{number} ", "回复“无”"]),
            ("999", "#999 不在上面的列表中"),
            ("无", "请选择方式"),
            (press("talk"), "走访日期"),
            ("2026-12-01", "走访日期不能晚于今天"),
        ],
    )
    assert _status(flow_database, number) is FindingStatus.OPEN


def test_a_visit_may_dismiss_what_it_looked_into_and_close_what_was_rectified(
    chat: Chat, flow_database: Database
) -> None:
    looked_into, rectified = _finding(flow_database), _finding(flow_database, "开展婴幼儿照护指导")
    chat.say(STAFF, f"/确认发现 {rectified} 属实")
    chat.say(STAFF, f"/整改 {rectified} 10个工作日 停止开展")
    chat.say(LIAISON, f"/整改报告 {rectified} 已停止")
    chat.replies(LIAISON)
    _visit(chat, f"{looked_into}", "dismiss", "经座谈，该事项属上级交办的配合工作。")
    assert _status(flow_database, looked_into) is FindingStatus.DISMISSED
    assert "经座谈，该事项属上级交办的配合工作" in chat.text_for(LIAISON)
    _visit(chat, f"{rectified}", "close", "现场核实已停止备案登记。")
    assert _status(flow_database, rectified) is FindingStatus.CLOSED
    assert "【发现办结】" in chat.text_for(LIAISON)
    record = chat.say(STAFF, f"/发现记录 {rectified}")
    assert "走访记录：" in record and "（走访 #2）：走访 #2：现场核实已停止备案登记。" in record


def _visit(chat: Chat, findings: str, outcome: str, conclusion: str) -> None:
    chat.dialog(
        STAFF,
        [
            ("/走访 教育局", "本次走访涉及哪些发现"),
            (findings, "请选择方式"),
            (press("talk"), "走访日期"),
            ("今天", "地点"),
            ("教育局", "参加人员"),
            ("周静", "了解到的情况"),
            ("座谈了解情况。", "照片或文件"),
            (press("done"), "如何处理"),
            (press(outcome), "请写明结论"),
            (conclusion, "预览"),
            (press("confirm"), "已记录走访"),
        ],
    )


def _status(database: Database, number: int) -> FindingStatus:
    with database.unit_of_work() as uow:
        finding = uow.findings.get(number)
    assert finding is not None
    return finding.status
