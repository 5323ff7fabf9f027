"""重要政策措施 and 重大活动: a liaison reports each with its name, date, content and files; it is checked
against the 三定 like any item, a finding raised when staff should look, and kept in the department's
record with a receipt."""

from __future__ import annotations

from storage import Database
from tests.flows.conftest import LIAISON, STAFF
from tests.flows.transcript import Chat, Upload, press


def test_a_policy_is_kept_with_its_receipt_its_files_and_its_check(
    chat: Chat, flow_database: Database
) -> None:
    chat.dialog(
        LIAISON,
        [
            ("/重要政策", "政策措施的名称"),
            ("关于推进义务教育优质均衡发展的实施意见", "出台日期"),
            ("2026-12-01", "日期不能晚于今天"),
            ("3月2日", "主要内容"),
            (
                Upload("实施意见.pdf", b"%PDF-1.4", text="明确全市义务教育优质均衡发展的目标和举措。"),
                "如有文件或照片",
            ),
            (press("done"), ["重要政策措施 · 预览", "附件：实施意见.pdf", "对照三定："]),
        ],
    )
    recorded = chat.say(LIAISON, press("confirm"))
    assert "重要政策措施已报送，回执编号 ZC202603-00001" in recorded
    staff = chat.text_for(STAFF)
    assert "【重要政策措施】教育局报送“关于推进义务教育优质均衡发展的实施意见”" in staff
    assert "关于推进义务教育优质均衡发展的实施意见" in chat.say(LIAISON, "/状态")
    with flow_database.unit_of_work() as uow:
        (report,) = uow.work_reports.of_department("jiaoyu")
        (kept,) = uow.work_reports.files(report.id)
    assert report.receipt == "ZC202603-00001" and kept.content == b"%PDF-1.4"
    assert report.check.text.startswith("关于推进义务教育优质均衡发展的实施意见：")
    assert "重要政策措施“关于推进义务教育优质均衡发展的实施意见”" in chat.say(STAFF, "/政策活动 教育局")


def test_an_activity_outside_the_duties_goes_to_staff_as_a_finding(
    chat: Chat, flow_database: Database
) -> None:
    chat.dialog(
        LIAISON,
        [
            ("/重大活动 全市航天育种成果展", "举办日期"),
            ("今天", "主要内容"),
            ("在市会展中心展出航天育种新品种和种植技术。", "如有文件或照片"),
            (press("done"), "对照三定"),
        ],
    )
    recorded = chat.say(LIAISON, press("confirm"))
    assert "重大活动已报送，回执编号 HD202603-00001" in recorded
    with flow_database.unit_of_work() as uow:
        (report,) = uow.work_reports.of_department("jiaoyu")
        findings = uow.findings.of_department("jiaoyu")
    assert report.check.raises_finding and [f.id for f in findings] == [report.finding_id]
    assert f"该项已推送编办研判（发现 #{report.finding_id}）" in recorded
    assert f"/确认发现 {report.finding_id}" in chat.text_for(STAFF)
