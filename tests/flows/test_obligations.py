"""/待办 and /未报 read the reporting tasks staff keep with /报送, the receipts they record and the open
written inquiries, exactly as the nudge sweep does: what a liaison is chased for is what they see."""

from __future__ import annotations

import re
from datetime import date

from conversations.jobs import NudgeSweeper
from fm_domain.calendar import WorkingCalendar
from fm_domain.records import InquiryStatus, SubmissionKind
from storage import Database
from tests.flows.conftest import LIAISON, OTHER_LIAISON, SHANGHAI, STAFF, START
from tests.flows.records import submit
from tests.flows.transcript import Chat

MONTHLY_LINE = "月度工作安排（2026-03）"


def _ask(database: Database, department: str, deadline: date) -> int:
    with database.unit_of_work() as uow:
        staff = uow.users.by_account("console", STAFF)
        assert staff is not None
        inquiry = uow.inquiries.create(
            department=department, deadline=deadline, asked_by=staff.id, asked_at=START
        )
        uow.commit()
        return inquiry.id


def _section(missing: str, title: str) -> str:
    """The departments /未报 lists under one task ("" when the task is not listed)."""
    lines = missing.splitlines()
    for n, line in enumerate(lines):
        if line.startswith(f"「{title}」"):
            return lines[n + 1]
    return ""


def test_todo_shows_a_task_submitted_outside_the_chat_with_how_to_send_it(chat: Chat) -> None:
    chat.say(STAFF, "/报送 新增 policy 重要政策措施 halfyear 07-15 全部")

    assert "⏳ 重要政策措施（2026H1）截止 2026-07-15，请按要求报送编办" in chat.say(LIAISON, "/待办")


def test_a_task_staff_stop_leaves_todo_and_the_missing_list(chat: Chat) -> None:
    chat.say(STAFF, "/报送 停用 monthly_arrangement")

    assert "月度工作安排" not in chat.say(LIAISON, "/待办")
    assert "月度工作安排" not in chat.say(STAFF, "/未报")


def test_a_rule_staff_change_gives_todo_the_new_deadline(chat: Chat) -> None:
    chat.say(STAFF, "/报送 修改 monthly_arrangement monthly wd7")

    assert f"⏳ {MONTHLY_LINE}截止 2026-03-10" in chat.say(LIAISON, "/待办")  # March's 7th working day


def test_a_task_staff_add_is_owed_by_the_departments_named_only(chat: Chat) -> None:
    chat.say(STAFF, "/报送 新增 policy 重要政策措施 monthly 20 教育局")

    assert "⏳ 重要政策措施（2026-03）截止 2026-03-20，请按要求报送编办" in chat.say(LIAISON, "/待办")
    assert "重要政策措施" not in chat.say(OTHER_LIAISON, "/待办")
    assert _section(chat.say(STAFF, "/未报"), "重要政策措施") == "教育局"


def test_a_task_added_after_this_months_deadline_is_owed_from_next_month(chat: Chat) -> None:
    chat.say(STAFF, "/报送 新增 stats 统计月报 monthly 5 全部")  # March's 5th has passed

    todo = chat.say(LIAISON, "/待办")
    assert "⏳ 统计月报（2026-04）截止 2026-04-07" in todo  # 04-05 is a Sunday, 04-06 a holiday
    assert "统计月报（2026-03）" not in todo


def test_a_receipt_staff_record_shows_as_received_and_leaves_the_missing_list(chat: Chat) -> None:
    chat.say(STAFF, "/报送 已收 half_year_summary 教育局 2026H1")

    assert "✅ 半年工作总结（2026H1）编办已登记收到" in chat.say(LIAISON, "/待办")
    late = _section(chat.say(STAFF, "/未报"), "半年工作总结")
    assert "教育局" not in late and "民政局" in late


def test_a_receipt_for_a_task_with_a_flow_settles_it_as_well(chat: Chat) -> None:
    chat.say(STAFF, "/报送 已收 monthly_arrangement 教育局 2026-03")

    assert f"✅ {MONTHLY_LINE}编办已登记收到" in chat.say(LIAISON, "/待办")
    assert "教育局" not in _section(chat.say(STAFF, "/未报"), "月度工作安排")


def test_a_division_level_submission_does_not_settle_the_department(
    chat: Chat, flow_database: Database
) -> None:
    submit(flow_database, SubmissionKind.MONTHLY_ARRANGEMENT, "2026-03", division="基础教育处")

    assert f"❗ {MONTHLY_LINE}已逾期" in chat.say(LIAISON, "/待办")
    assert "教育局" in _section(chat.say(STAFF, "/未报"), "月度工作安排")


def test_an_overdue_month_stays_on_the_list_until_the_next_deadline_beside_the_new_month(
    chat: Chat,
) -> None:
    chat.clock.advance(days=22)  # 2026-04-01: March is still chased until April's deadline, 04-08

    todo = chat.say(LIAISON, "/待办")
    assert f"❗ {MONTHLY_LINE}已逾期" in todo and "⏳ 月度工作安排（2026-04）截止 2026-04-08" in todo
    chat.clock.advance(days=7)  # 2026-04-08: April's deadline supersedes March
    assert MONTHLY_LINE not in chat.say(LIAISON, "/待办")


def test_an_open_inquiry_is_owed_by_its_department_and_an_answered_one_is_not(
    chat: Chat, flow_database: Database
) -> None:
    waiting = _ask(flow_database, "minzheng", date(2026, 3, 13))
    answered = _ask(flow_database, "minzheng", date(2026, 3, 13))
    with flow_database.unit_of_work() as uow:
        uow.inquiries.set_status(answered, InquiryStatus.ANSWERED, expected=InquiryStatus.OPEN)
        uow.commit()

    todo = chat.say(OTHER_LIAISON, "/待办")
    assert f"函询第 {waiting} 号待回复，期限 2026-03-13：/函询回复 {waiting}" in todo
    assert f"第 {answered} 号" not in todo
    assert f"第 {waiting} 号" not in chat.say(LIAISON, "/待办")
    missing = chat.say(STAFF, "/未报")
    assert _section(missing, f"书面函询（第 {waiting} 号）回复") == "民政局"
    assert f"第 {answered} 号" not in missing


def test_a_task_whose_rule_no_longer_reads_is_named_in_the_missing_list(
    chat: Chat, flow_database: Database
) -> None:
    with flow_database.unit_of_work() as uow:
        uow.reporting.save_task(
            code="legacy",
            title="旧任务",
            kind="other",
            rule="fortnightly",
            departments=None,
            active_from=None,
            now=START,
        )
        uow.commit()

    assert "⚠️ 报送任务 legacy 的截止规则无法识别" in chat.say(STAFF, "/未报")
    assert "旧任务" not in chat.say(LIAISON, "/待办")


def test_todo_says_so_when_nothing_is_owed(chat: Chat) -> None:
    for code in ("annual_goals", "monthly_arrangement", "half_year_summary"):
        chat.say(STAFF, f"/报送 停用 {code}")

    assert "目前没有待办事项" in chat.say(LIAISON, "/待办")


def test_what_todo_shows_as_overdue_is_what_the_sweep_sends_overdue_notices_for(
    chat: Chat, flow_database: Database
) -> None:
    chat.say(STAFF, "/报送 已收 annual_goals 教育局 2026")
    chat.say(STAFF, "/报送 新增 policy 重要政策措施 once 2026-03-12 全部")
    chat.clock.advance(days=3)  # 2026-03-13, a Friday: policy and March are overdue
    inquiry = _ask(flow_database, "jiaoyu", date(2026, 3, 12))
    sweep = NudgeSweeper(
        flow_database.unit_of_work, calendar=WorkingCalendar.standard(), timezone=SHANGHAI, clock=chat.clock
    )

    queued = sweep.sweep(chat.clock(), dry_run=True).queued

    with flow_database.unit_of_work() as uow:
        titles = {task.code: task.title for task in uow.reporting.tasks()}
    titles[f"inquiry-{inquiry}"] = f"函询第 {inquiry} 号"
    chased = {titles[str(n.task)] for n in queued if n.kind == "overdue" and n.department == "jiaoyu"}
    overdue = {
        match.group(1)
        for line in chat.say(LIAISON, "/待办").splitlines()
        if (match := re.match(r"^(?:❗|✉️) (.+?)(?:（|待回复)", line)) and "已逾期" in line
    }
    assert chased == overdue == {"月度工作安排", "重要政策措施", f"函询第 {inquiry} 号"}
