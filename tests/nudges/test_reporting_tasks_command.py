"""/报送: staff list, add and change reporting tasks and record what arrived offline, through the real engine
and storage (SQLite and PostgreSQL); the next sweep acts on the change."""

from __future__ import annotations

from datetime import date

import pytest

from conversations import Engine, Services
from fm_domain.deadlines import format_due_rule
from storage import Database
from tests.flows.transcript import Chat, FakeClock
from tests.nudges.world import CHANNEL, JIAOYU, MINZHENG, SHANGHAI, SIFA, Office, local, sweeper
from tests.standing_tasks import standing_tasks

TODAY = local("2026-12-01T10:00")  # a Tuesday


@pytest.fixture
def chat(database: Database, office: Office) -> Chat:
    clock = FakeClock(TODAY)
    return Chat(
        Engine(database.unit_of_work, Services(clock=clock, timezone=SHANGHAI)), clock, channel=CHANNEL
    )


def stored(database: Database, code: str):  # type: ignore[no-untyped-def]
    with database.unit_of_work() as uow:
        return uow.reporting.task(code)


def test_staff_see_every_task_with_its_rule_departments_and_next_deadline(chat: Chat) -> None:
    text = chat.say("s1", "/报送")

    assert "共 3 项" in text
    assert "「月度工作安排」：每月第5个工作日" in text
    assert "报送部门：教育局、民政局" in text
    assert "12月7日" in text  # December's 5th working day


def test_the_listing_and_the_help_speak_chinese_and_show_no_codes(chat: Chat) -> None:
    listing = chat.say("s1", "/报送")
    help_text = chat.say("s1", "/报送 帮助")

    for code in ("annual_goals", "half_year_summary", "monthly_arrangement"):
        assert code not in listing and code not in help_text
    for english in ("monthly", "wd5", "yearly", "once"):
        assert english not in help_text
    assert "每月第5个工作日" in help_text


def test_staff_name_a_task_by_its_chinese_name_in_every_action(chat: Chat, database: Database) -> None:
    changed = chat.say("s1", "/报送 修改 月度工作安排 每月第7个工作日")
    stopped = chat.say("s1", "/报送 停用 半年工作总结")
    received = chat.say("s1", "/报送 已收 年度工作目标 教育局 2026")

    assert "已将「月度工作安排」的截止规则改为：每月第7个工作日" in changed
    assert "已停用报送任务「半年工作总结」" in stopped
    assert "已登记" in received
    assert stored(database, "monthly_arrangement").rule == "monthly wd7"
    assert stored(database, "half_year_summary").active is False


def test_a_task_named_in_chinese_only_is_added_with_its_name_as_code(chat: Chat, database: Database) -> None:
    text = chat.say("s1", "/报送 新增 统计表 每月10日 全部")

    assert "已新增报送任务「统计表」：每月10日，报送部门：全部部门" in text
    task = stored(database, "统计表")
    assert (task.title, task.rule, task.departments) == ("统计表", "monthly 10", None)
    assert "已停用报送任务「统计表」" in chat.say("s1", "/报送 停用 统计表")


@pytest.mark.parametrize("departments", ["全部", "教育局"])
def test_a_name_then_an_unknown_rule_is_answered_about_the_rule_not_the_departments(
    chat: Chat, database: Database, departments: str
) -> None:
    text = chat.say("s1", f"/报送 新增 季度工作小结 每季度 {departments}")

    assert "无法识别的截止规则“每季度”" in text
    assert stored(database, "季度工作小结") is None


def test_an_unknown_task_is_answered_with_the_names_of_the_tasks(chat: Chat) -> None:
    text = chat.say("s1", "/报送 停用 统计表")

    assert "没有名为“统计表”的报送任务" in text
    assert "月度工作安排" in text and "monthly_arrangement" not in text


def test_staff_add_a_task_owed_from_today_by_the_departments_named(chat: Chat, database: Database) -> None:
    text = chat.say("s1", "/报送 新增 policy 重要政策措施 monthly 10 教育局 minzheng")

    assert "已新增报送任务「重要政策措施」：每月10日" in text
    task = stored(database, "policy")
    assert (task.rule, task.departments, task.kind, task.active_from) == (
        "monthly 10",
        (JIAOYU, MINZHENG),
        "other",
        date(2026, 12, 1),
    )


def test_a_task_for_every_department_is_written_with_all(chat: Chat, database: Database) -> None:
    chat.say("s1", "/报送 新增 q4 四季度统计表 once 2026-12-20 全部")

    assert stored(database, "q4").departments is None


def test_a_rule_that_cannot_be_read_is_refused_in_chinese_and_nothing_is_stored(
    chat: Chat, database: Database
) -> None:
    text = chat.say("s1", "/报送 新增 q4 四季度统计表 monthly wdx 全部")

    assert "每月日期应写成 第5个工作日 或 10日" in text
    assert stored(database, "q4") is None


def test_an_unknown_department_is_named_in_the_refusal(chat: Chat, database: Database) -> None:
    text = chat.say("s1", "/报送 新增 q4 四季度统计表 once 2026-12-20 教育局 财政局")

    assert "不认识的部门：财政局" in text
    assert stored(database, "q4") is None


def test_staff_change_a_rule_and_periods_already_due_are_not_chased(chat: Chat, database: Database) -> None:
    text = chat.say("s1", "/报送 修改 monthly_arrangement monthly wd7")

    assert "每月第7个工作日" in text and "12月9日" in text
    task = stored(database, "monthly_arrangement")
    assert (task.rule, task.active_from) == ("monthly wd7", date(2026, 12, 1))


def test_staff_change_who_owes_a_task(chat: Chat, database: Database) -> None:
    chat.say("s1", "/报送 修改 annual_goals 部门 sifa")

    assert stored(database, "annual_goals").departments == (SIFA,)


def test_staff_stop_and_resume_a_task(chat: Chat, database: Database) -> None:
    assert "已停用" in chat.say("s1", "/报送 停用 half_year_summary")
    assert stored(database, "half_year_summary").active is False
    assert "已启用" in chat.say("s1", "/报送 启用 half_year_summary")
    assert stored(database, "half_year_summary").active is True


def test_a_receipt_recorded_once_stops_the_nudges_and_a_second_is_noted(
    chat: Chat, database: Database
) -> None:
    first = chat.say("s1", "/报送 已收 half_year_summary 教育局 2026H1")
    second = chat.say("s1", "/报送 已收 half_year_summary jiaoyu 2026H1")

    assert "已登记" in first and "2026年上半年" in first
    assert "此前已登记" in second
    with database.unit_of_work() as uow:
        assert uow.reporting.receipts("2026") == {("half_year_summary", "2026H1", JIAOYU)}


def test_a_period_of_the_wrong_shape_is_refused(chat: Chat) -> None:
    assert "期次应写成" in chat.say("s1", "/报送 已收 half_year_summary 教育局 2026-07")


def test_a_receipt_may_name_its_period_in_chinese(chat: Chat) -> None:
    assert "已登记" in chat.say("s1", "/报送 已收 half_year_summary 教育局 2026年上半年")


def test_liaisons_may_not_keep_the_tasks(chat: Chat) -> None:
    text = chat.say("a1", "/报送 停用 monthly_arrangement")

    assert "已停用" not in text


def test_a_task_added_by_chat_is_nudged_by_the_next_sweep(
    chat: Chat, database: Database, office: Office
) -> None:
    chat.say("s1", "/报送 新增 q4 四季度统计表 once 2026-12-04 司法局")

    result = sweeper(database).sweep(local("2026-12-04T09:00"))

    new_task = [(n.kind, office.account_of(n.user_id)) for n in result.queued if n.task == "q4"]
    assert new_task == [("due", "c1")]


def test_the_standing_tasks_are_the_migrations_defaults(sqlite_database: Database) -> None:
    with sqlite_database.unit_of_work() as uow:
        seeded = {
            task.code: (task.title, task.kind, task.rule, task.departments, task.active)
            for task in uow.reporting.tasks()
        }

    assert seeded == {
        task.code: (task.title, task.kind.value, format_due_rule(task.rule), None, True)
        for task in standing_tasks([])
    }
