"""/月度安排 and /年度目标 draft the period the department owes, read from the reporting tasks exactly as
/待办 and the nudges read them: the earliest open period not yet submitted; once every open period has
arrived, the most recent one (a new version); today's month or year only when no task is kept.

The tasks have been owed since 2026-01-01 (conftest). Late November 2026: the 2026-11 arrangement was due
on 11-06, and the 2026-12 one, due on 12-07, is already open.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from conversations.jobs import NudgeSweeper
from conversations.messages import Reply
from conversations.nudge_texts import NudgeText, nudge_reply
from fm_domain.calendar import WorkingCalendar
from fm_domain.records import ItemCheck, SubmissionKind
from fm_domain.verdicts import Verdict
from storage import Database
from tests.flows.conftest import LIAISON, SHANGHAI, STAFF
from tests.flows.records import submit
from tests.flows.transcript import Chat, press

LATE_NOVEMBER = datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)  # a Thursday
MONTHLY = SubmissionKind.MONTHLY_ARRANGEMENT
ANNUAL = SubmissionKind.ANNUAL_GOALS


def _submitted(database: Database, kind: SubmissionKind, period: str) -> None:
    """A department-level submission of 教育局, as the flow stores it."""
    submit(database, kind, period, items=(ItemCheck(f"{period} 的事项", Verdict.IN_SCOPE),))


def _versions(database: Database, kind: SubmissionKind, period: str) -> list[int]:
    """The versions 教育局 submitted for one period of a task."""
    with database.unit_of_work() as uow:
        return sorted(
            entry.version
            for entry in uow.submissions.of_department("jiaoyu")
            if entry.kind == kind and entry.period == period
        )


def test_late_november_drafts_the_december_arrangement_once_november_has_arrived(
    chat: Chat, flow_database: Database
) -> None:
    _submitted(flow_database, MONTHLY, "2026-11")
    chat.clock.now = LATE_NOVEMBER

    chat.dialog(
        LIAISON,
        [
            ("/月度安排", "【教育局 2026-12 月度工作安排】截止 2026-12-07"),
            (press("done"), "2026-12 月度工作安排"),
            ("推进义务教育优质均衡发展", "2026-12 月度工作安排 · 预览"),
            (press("confirm"), "回执编号：YD202612-"),
        ],
    )
    assert _versions(flow_database, MONTHLY, "2026-12") == [1]


def test_an_overdue_month_not_yet_submitted_is_drafted_before_the_next(
    chat: Chat, flow_database: Database
) -> None:
    chat.clock.now = LATE_NOVEMBER

    reply = chat.say(LIAISON, "/月度安排")

    assert "【教育局 2026-11 月度工作安排】截止 2026-11-06，已逾期" in reply
    assert "未找到 2026-10 的月度安排" in reply


def test_last_months_progress_is_asked_for_the_month_before_the_one_drafted(
    chat: Chat, flow_database: Database
) -> None:
    chat.clock.now = datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI)
    chat.dialog(
        LIAISON, [("/月度安排", "2026-11"), ("开展教师资格认定", "预览"), (press("confirm"), "回执编号")]
    )
    chat.clock.now = LATE_NOVEMBER

    chat.dialog(
        LIAISON,
        [
            ("/月度安排", ["2026-12 月度工作安排】截止 2026-12-07", "上月事项（1/1）：开展教师资格认定"]),
            (press("ongoing"), "2026-12 月度工作安排"),
            ("推进智慧校园建设", "1. 开展教师资格认定：推进中"),
            (press("confirm"), "回执编号：YD202612-"),
        ],
    )
    with flow_database.unit_of_work() as uow:
        december = uow.submissions.latest(MONTHLY, "jiaoyu", "2026-12")
        assert december is not None
    assert december.details["previous_period"] == "2026-11"


def test_when_every_open_month_has_arrived_the_latest_is_drafted_again_as_version_two(
    chat: Chat, flow_database: Database
) -> None:
    _submitted(flow_database, MONTHLY, "2026-11")
    _submitted(flow_database, MONTHLY, "2026-12")
    chat.clock.now = LATE_NOVEMBER

    chat.dialog(
        LIAISON,
        [
            ("/月度安排", "【教育局 2026-12 月度工作安排】截止 2026-12-07"),
            (press("done"), "2026-12"),
            ("推进智慧校园建设", "预览"),
            (press("confirm"), "「月度安排」已提交（第 2 版，之前的版本仍保留）"),
        ],
    )
    assert _versions(flow_database, MONTHLY, "2026-12") == [1, 2]


def test_without_an_active_monthly_task_the_calendar_month_is_drafted(
    chat: Chat, flow_database: Database
) -> None:
    chat.clock.now = LATE_NOVEMBER
    chat.say(STAFF, f"/报送 停用 {MONTHLY}")

    reply = chat.say(LIAISON, "/月度安排")

    assert "【教育局 2026-11 月度工作安排】\n" in reply and "截止" not in reply


def test_a_nudge_button_drafts_the_period_it_is_about_while_an_earlier_one_is_also_owed(
    chat: Chat, flow_database: Database
) -> None:
    chat.clock.now = datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)  # November is overdue, December due 12-07
    nudge = _nudge("before_3", "2026-12", date(2026, 12, 7), chat.clock.now.date())

    reply = chat.say(LIAISON, press(nudge.choices[0].payload))

    assert "【教育局 2026-12 月度工作安排】截止 2026-12-07" in reply


def test_answering_a_swept_nudge_by_number_drafts_the_month_that_nudge_names(
    chat: Chat, flow_database: Database
) -> None:
    chat.clock.now = datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)  # November overdue, December before_3
    for other in (ANNUAL, "half_year_summary"):
        chat.say(STAFF, f"/报送 停用 {other}")
    sweeper = NudgeSweeper(
        flow_database.unit_of_work, calendar=WorkingCalendar.standard(), timezone=SHANGHAI, clock=chat.clock
    )
    sweeper.sweep(chat.clock())
    nudges = [reply for reply in chat.replies(LIAISON) if "月度工作安排" in reply.text]
    [answerable] = [reply for reply in nudges if reply.choices]  # one button set per user and sweep
    month = re.search(r"（2026年(\d+)月）", answerable.text)
    assert len(nudges) == 2 and month is not None

    reply = chat.say(LIAISON, "1")

    assert f"【教育局 2026-{int(month.group(1)):02d} 月度工作安排】" in reply


def test_the_bare_command_drafts_the_earliest_period_owed(chat: Chat, flow_database: Database) -> None:
    chat.clock.now = datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)

    assert "【教育局 2026-11 月度工作安排】截止 2026-11-06，已逾期" in chat.say(LIAISON, "/月度安排")


def test_a_button_naming_a_period_no_longer_open_drafts_the_period_owed_and_says_so(
    chat: Chat, flow_database: Database
) -> None:
    _submitted(flow_database, MONTHLY, "2026-11")
    chat.clock.now = datetime(2026, 12, 8, 9, 0, tzinfo=SHANGHAI)  # December's deadline superseded November
    old = _nudge("overdue", "2026-11", date(2026, 11, 6), date(2026, 12, 4))

    reply = chat.say(LIAISON, press(old.choices[0].payload))

    assert "2026-11 目前不在报送期内，已改为报送 2026-12。" in reply
    assert "【教育局 2026-12 月度工作安排】截止 2026-12-07，已逾期" in reply


def test_december_drafts_next_years_goals_once_their_period_is_open(
    chat: Chat, flow_database: Database
) -> None:
    chat.clock.now = datetime(2026, 12, 28, 10, 0, tzinfo=SHANGHAI)
    chat.say(STAFF, f"/报送 修改 {ANNUAL} yearly 01-10")  # next year's goals now fall due within two weeks

    chat.dialog(
        LIAISON,
        [
            ("/年度目标", "【教育局 2027年度工作目标】截止 2027-01-11\n请选择报送层级"),
            (press("department"), "教育局 2027年度工作目标】截止 2027-01-11"),
            ("推进义务教育优质均衡发展", "2027年度工作目标 · 预览"),
            (press("confirm"), "回执编号：ND2027-"),
        ],
    )
    assert _versions(flow_database, ANNUAL, "2027") == [1]


def test_december_goals_stay_on_this_year_while_next_years_period_is_not_open(
    chat: Chat, flow_database: Database
) -> None:
    _submitted(flow_database, ANNUAL, "2026")
    chat.clock.now = datetime(
        2026, 12, 15, 10, 0, tzinfo=SHANGHAI
    )  # 2027's goals are due 01-31: not open yet

    assert "【教育局 2026年度工作目标】截止 2026-02-02，已逾期" in chat.say(LIAISON, "/年度目标")


def test_january_goals_skip_the_year_that_has_arrived(chat: Chat, flow_database: Database) -> None:
    _submitted(flow_database, ANNUAL, "2026")
    chat.clock.now = datetime(2027, 1, 5, 10, 0, tzinfo=SHANGHAI)  # 2026 is open until 2027's deadline

    assert "【教育局 2027年度工作目标】截止 2027-02-01" in chat.say(LIAISON, "/年度目标")


def test_a_period_named_with_the_division_level_goes_straight_to_the_division_question(
    chat: Chat, flow_database: Database
) -> None:
    chat.clock.now = datetime(2027, 1, 5, 10, 0, tzinfo=SHANGHAI)  # 2026 (overdue) and 2027 are both owed

    chat.dialog(
        LIAISON,
        [
            ("/年度目标 处室 2027", ["【教育局 2027年度工作目标】截止 2027-02-01", "请选择处室"]),
            (press("division:基础教育处"), "教育局基础教育处 2027年度工作目标"),
        ],
    )


def _nudge(kind: str, period: str, deadline: date, today: date) -> Reply:
    """The reminder the sweep sends 教育局's liaison about the monthly arrangement of ``period``."""
    return nudge_reply(
        NudgeText(
            kind=kind,
            department="教育局",
            title="月度工作安排",
            period=period,
            deadline=deadline,
            today=today,
            working_days=3,
            command="/月度安排",
        )
    )
