"""The nudge sweep against the real database, one behaviour at a time.

December 2026: the monthly arrangement is due on its 5th working day, Monday 12-07, so before_3 falls on
Wednesday 12-02 and before_1 on Friday 12-04. The tasks are owed from 12-01 on (earlier periods are not
chased) by 教育局 (liaisons a1, a2) and 民政局 (b1); 司法局 (c1) owes only what a test gives it; 周静 (s1) is
staff. Everyone is bound on one channel.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

from conversations.jobs import SweepResult
from conversations.messages import Choice, Reply
from conversations.state import ConversationState
from fm_domain.calendar import YearSchedule
from fm_domain.deadlines import ReportingTask, TaskKind
from fm_domain.message_codec import decode_reply
from fm_domain.models import Department
from fm_domain.nudges import NudgeSettings
from fm_domain.records import InquiryStatus, ReviewedItems, SubmissionKind
from fm_domain.users import Role
from storage import Database
from tests.nudges.world import (
    CHANNEL,
    JIAOYU,
    MINZHENG,
    SET_UP_AT,
    SIFA,
    Office,
    local,
    replace_tasks,
    submit,
    sweeper,
)
from tests.standing_tasks import standing_tasks

ANNUAL, MONTHLY, HALF_YEAR = (
    replace(task, active_from=date(2026, 12, 1)) for task in standing_tasks([JIAOYU, MINZHENG])
)
MONTHLY_KIND = SubmissionKind.MONTHLY_ARRANGEMENT


def use_tasks(database: Database, *tasks: ReportingTask) -> None:
    with database.unit_of_work() as uow:
        replace_tasks(uow, tasks)
        uow.commit()


def summary(office: Office, result: SweepResult) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, account, department, deadline) of what a sweep queued, sorted."""
    return sorted(
        (
            nudge.kind,
            office.account_of(nudge.user_id),
            nudge.department,
            nudge.deadline.isoformat() if nudge.deadline else None,
        )
        for nudge in result.queued
    )


def outbox(database: Database) -> list[tuple[str, str, Reply]]:
    """(account, kind, reply) of every queued message, oldest first."""
    with database.unit_of_work() as uow:
        return [(f.external_user_id, f.kind, decode_reply(f.payload)) for f in uow.outbox.fates(CHANNEL)]


def test_a_sweep_at_nine_queues_each_due_nudge_once(database: Database, office: Office) -> None:
    use_tasks(database, MONTHLY)

    first = sweeper(database).sweep(local("2026-12-02T09:00"))
    again = sweeper(database).sweep(local("2026-12-02T09:01"))

    assert summary(office, first) == [
        ("before_3", "a1", JIAOYU, "2026-12-07"),
        ("before_3", "a2", JIAOYU, "2026-12-07"),
        ("before_3", "b1", MINZHENG, "2026-12-07"),
    ]
    assert again.queued == []
    assert sorted((account, kind) for account, kind, _ in outbox(database)) == [
        ("a1", "before_3"),
        ("a2", "before_3"),
        ("b1", "before_3"),
    ]


def test_the_same_nudge_to_several_wecom_liaisons_is_queued_as_one_broadcast(
    database: Database, office: Office
) -> None:
    use_tasks(database, MONTHLY)
    now = local("2026-12-02T09:00")

    sweeper(database).sweep(now)

    with database.unit_of_work() as uow:
        [(_, status)] = uow.broadcasts.of_channel(CHANNEL)  # 教育局's a1 and a2 read the same nudge
        alone = uow.outbox.claim(CHANNEL, worker="w", now=now, stale_before=now, limit=10)
    assert status == "pending"
    assert [message.external_user_id for message in alone] == ["b1"]  # 民政局's own: a message of its own


def test_nothing_is_queued_before_send_time_after_the_window_or_on_a_rest_day(
    database: Database, office: Office
) -> None:
    use_tasks(database, MONTHLY)
    sweep = sweeper(database).sweep

    assert sweep(local("2026-12-02T08:59")).queued == []
    assert sweep(local("2026-12-04T18:01")).queued == []  # before_1 day, after the window
    assert sweep(local("2026-12-05T09:00")).queued == []  # Saturday
    assert outbox(database) == []


def test_a_sweep_that_missed_nine_queues_the_days_nudges_later_that_day(
    database: Database, office: Office
) -> None:
    use_tasks(database, MONTHLY)

    result = sweeper(database).sweep(local("2026-12-04T14:37"))

    assert {(kind, account) for kind, account, _, _ in summary(office, result)} == {
        ("before_1", "a1"),
        ("before_1", "a2"),
        ("before_1", "b1"),
    }


def test_a_submission_stops_that_departments_nudges_at_the_next_sweep(
    database: Database, office: Office
) -> None:
    use_tasks(database, MONTHLY)
    sweep = sweeper(database).sweep
    overdue = sweep(local("2026-12-08T09:00"))

    submit(database, office, "a1", MONTHLY_KIND, "2026-12", local("2026-12-08T10:00"))
    next_day = sweep(local("2026-12-09T09:00"))

    assert {(kind, account) for kind, account, _, _ in summary(office, overdue)} == {
        ("overdue", "a1"),
        ("overdue", "a2"),
        ("overdue", "b1"),
        ("digest", "s1"),
    }
    assert {(kind, account) for kind, account, _, _ in summary(office, next_day)} == {
        ("overdue", "b1"),
        ("digest", "s1"),
    }
    [digest] = [reply for account, kind, reply in outbox(database)[-2:] if kind == "digest"]
    assert "民政局" in digest.text and "教育局" not in digest.text


def test_a_division_level_submission_does_not_settle_the_departments_own(
    database: Database, office: Office
) -> None:
    use_tasks(database, MONTHLY)
    with database.unit_of_work() as uow:
        uow.submissions.add(
            kind=MONTHLY_KIND,
            department=JIAOYU,
            division="办公室",
            period="2026-12",
            review=ReviewedItems(),
            submitted_by=office.users["a1"],
            submitted_at=local("2026-12-01T10:00"),
        )
        uow.commit()

    result = sweeper(database).sweep(local("2026-12-02T09:00"))

    assert ("before_3", "a1", JIAOYU, "2026-12-07") in summary(office, result)


def test_a_receipt_recorded_by_staff_stops_the_nudges_of_a_task_submitted_outside_the_chat(
    database: Database, office: Office
) -> None:
    on_paper = replace(HALF_YEAR, code="policy", title="重要政策措施", kind=TaskKind.OTHER, active_from=None)
    use_tasks(database, on_paper)
    with database.unit_of_work() as uow:
        uow.reporting.record_receipt(
            task=on_paper.code, period="2026H1", department=JIAOYU, now=local("2026-07-20T10:00")
        )
        uow.commit()

    result = sweeper(database).sweep(local("2026-07-21T09:00"))

    assert {(kind, account) for kind, account, _, _ in summary(office, result)} == {
        ("overdue", "b1"),
        ("digest", "s1"),
    }
    [(_, _, reply)] = [row for row in outbox(database) if row[0] == "b1"]
    assert "重要政策措施" in reply.text and "报送编办" in reply.text and reply.choices == ()


def test_the_half_year_summary_nudge_offers_its_command_with_a_button_naming_the_half_year(
    database: Database, office: Office
) -> None:
    use_tasks(database, replace(HALF_YEAR, active_from=None))

    sweeper(database).sweep(local("2026-07-21T09:00"))

    [(_, kind, reply)] = [row for row in outbox(database) if row[0] == "b1"]
    assert kind == "overdue" and "半年工作总结" in reply.text and "/半年总结" in reply.text
    assert reply.choices == (Choice("开始报送", "/半年总结 2026H1"),)


def test_each_nudge_names_the_task_the_deadline_and_the_command_with_a_button_that_sends_it(
    database: Database, office: Office
) -> None:
    use_tasks(database, MONTHLY)

    sweeper(database).sweep(local("2026-12-07T09:00"))

    [(_, kind, reply)] = [row for row in outbox(database) if row[0] == "b1"]
    assert kind == "due"
    assert "民政局" in reply.text and "月度工作安排" in reply.text and "2026年12月" in reply.text
    assert "12月7日" in reply.text and "/月度安排" in reply.text
    assert reply.choices == (Choice("开始报送", "/月度安排 2026-12"),)


def test_an_idle_user_can_answer_the_nudge_button_by_number(database: Database, office: Office) -> None:
    use_tasks(database, MONTHLY)

    sweeper(database).sweep(local("2026-12-07T09:00"))

    owner = f"user:{office.users['b1']}"
    with database.unit_of_work() as uow:
        state = ConversationState.load(owner, uow.conversations.get(owner))
    assert state.choices == [Choice("开始报送", "/月度安排 2026-12")]


def test_a_user_in_the_middle_of_a_flow_gets_the_nudge_without_buttons(
    database: Database, office: Office
) -> None:
    use_tasks(database, MONTHLY)
    owner = f"user:{office.users['b1']}"
    drafting = ConversationState(owner, flow="annual_goals", step="items", data={"items": ["一"]})
    with database.unit_of_work() as uow:
        uow.conversations.save(
            owner,
            flow=drafting.flow,
            step=drafting.step,
            data=drafting.encode(),
            version=1,
            now=local("2026-12-07T08:40"),
        )
        uow.commit()

    sweeper(database).sweep(local("2026-12-07T09:00"))

    [(_, _, reply)] = [row for row in outbox(database) if row[0] == "b1"]
    assert reply.choices == () and "/月度安排" in reply.text
    with database.unit_of_work() as uow:
        assert uow.conversations.get(owner).version == 1  # the draft is untouched


def test_an_open_inquiry_is_nudged_with_its_reply_command_and_an_answered_one_is_not(
    database: Database, office: Office
) -> None:
    use_tasks(database)
    with database.unit_of_work() as uow:
        asked = local("2026-12-01T10:00")
        open_one = uow.inquiries.create(
            department=SIFA, deadline=date(2026, 12, 4), asked_by=office.users["s1"], asked_at=asked
        )
        answered = uow.inquiries.create(
            department=JIAOYU, deadline=date(2026, 12, 4), asked_by=office.users["s1"], asked_at=asked
        )
        uow.inquiries.set_status(answered.id, InquiryStatus.ANSWERED, expected=InquiryStatus.OPEN)
        uow.commit()

    result = sweeper(database).sweep(local("2026-12-04T09:00"))

    assert summary(office, result) == [("due", "c1", SIFA, "2026-12-04")]
    [(_, _, reply)] = outbox(database)
    assert f"/函询回复 {open_one.id}" in reply.text
    assert reply.choices == (Choice("开始回复", f"/函询回复 {open_one.id}"),)


def test_an_inquiry_is_nudged_to_be_answered_not_submitted_with_a_button_when_overdue_too(
    database: Database, office: Office
) -> None:
    use_tasks(database)
    with database.unit_of_work() as uow:
        inquiry = uow.inquiries.create(
            department=SIFA,
            deadline=date(2026, 12, 4),
            asked_by=office.users["s1"],
            asked_at=local("2026-12-01T10:00"),
        )
        uow.commit()

    sweeper(database).sweep(local("2026-12-04T09:00"))
    sweeper(database).sweep(local("2026-12-07T09:00"))

    due, overdue = [reply for account, _, reply in outbox(database) if account == "c1"]
    assert "【回复提醒】" in due.text and "请在今天内回复" in due.text
    assert "请尽快回复" in overdue.text and f"发送 /函询回复 {inquiry.id} 开始回复" in overdue.text
    assert "报送" not in due.text + overdue.text
    assert overdue.choices == (Choice("开始回复", f"/函询回复 {inquiry.id}"),)


def test_the_most_overdue_reminder_keeps_the_button_when_one_sweep_sends_several(
    database: Database, office: Office
) -> None:
    use_tasks(database, MONTHLY)  # December's is due on 12-07
    with database.unit_of_work() as uow:
        inquiry = uow.inquiries.create(
            department=JIAOYU,
            deadline=date(2026, 12, 4),
            asked_by=office.users["s1"],
            asked_at=local("2026-12-01T10:00"),
        )
        uow.commit()

    sweeper(database).sweep(local("2026-12-08T09:00"))

    replies = [reply for account, kind, reply in outbox(database) if account == "a1" and kind == "overdue"]
    [with_button] = [reply for reply in replies if reply.choices]
    assert with_button.choices == (Choice("开始回复", f"/函询回复 {inquiry.id}"),)
    assert len(replies) == 2 and all("/月度安排" in r.text or "/函询回复" in r.text for r in replies)


def test_a_stopped_task_is_not_nudged(database: Database, office: Office) -> None:
    use_tasks(database, MONTHLY)
    with database.unit_of_work() as uow:
        uow.reporting.set_active(MONTHLY.code, False, now=local("2026-12-01T10:00"))
        uow.commit()

    assert sweeper(database).sweep(local("2026-12-02T09:00")).queued == []


def test_a_task_owed_by_every_department_includes_one_imported_later(
    database: Database, office: Office
) -> None:
    use_tasks(database)
    with database.unit_of_work() as uow:
        uow.reporting.save_task(
            code="policy",
            title="重要政策措施",
            kind="other",
            rule="monthly 10",
            departments=None,
            active_from=date(2026, 12, 1),
            now=local("2026-12-01T10:00"),
        )
        uow.catalog.save_revision(
            Department(code="shangwu", name="南通市商务局", short="商务局"), "test", SET_UP_AT
        )
        newcomer = uow.users.create("赵磊", Role.LIAISON, "shangwu", local("2026-12-02T10:00"))
        uow.users.bind_account(newcomer.id, CHANNEL, "d1", local("2026-12-02T10:00"))
        uow.commit()

    result = sweeper(database).sweep(local("2026-12-10T09:00"))

    assert sorted(nudge.department for nudge in result.queued if nudge.kind == "due") == [
        JIAOYU,
        JIAOYU,
        MINZHENG,
        "shangwu",
        SIFA,
    ]


def test_a_dry_run_reports_the_nudges_and_writes_nothing(database: Database, office: Office) -> None:
    use_tasks(database, MONTHLY)

    dry = sweeper(database).sweep(local("2026-12-02T09:00"), dry_run=True)
    real = sweeper(database).sweep(local("2026-12-02T09:00"))

    assert len(dry.queued) == len(real.queued) == 3


def test_two_sweeps_at_the_same_minute_in_two_processes_queue_each_nudge_once(
    database: Database, database_url: str, office: Office
) -> None:
    use_tasks(database, MONTHLY)
    others = [Database(database_url), Database(database_url)]
    results: list[SweepResult] = []
    start = threading.Barrier(len(others))

    def sweep(other: Database) -> None:
        start.wait()
        results.append(sweeper(other).sweep(local("2026-12-02T09:00")))

    threads = [threading.Thread(target=sweep, args=(other,)) for other in others]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for other in others:
            other.dispose()

    assert sum(len(result.queued) for result in results) == 3
    assert len(outbox(database)) == 3


def test_staff_are_told_once_that_a_year_has_no_holiday_data_even_after_a_restart(
    database: Database, office: Office
) -> None:
    use_tasks(database, MONTHLY)

    first = sweeper(database).sweep(local("2027-01-05T09:00"))
    after_restart = sweeper(database).sweep(local("2027-01-06T09:00"))

    assert (first.calendar_notices, after_restart.calendar_notices) == ([2027], [])
    notices = [(account, reply) for account, kind, reply in outbox(database) if kind == "calendar"]
    assert [account for account, _ in notices] == ["s1"]
    assert "2027" in notices[0][1].text and "FM_HOLIDAYS_FILE" in notices[0][1].text


def test_a_year_in_the_offices_holiday_file_needs_no_notice(database: Database, office: Office) -> None:
    use_tasks(database, MONTHLY)
    schedule = YearSchedule(2027, frozenset({date(2027, 1, 1)}), frozenset())

    result = sweeper(database, schedules=[schedule]).sweep(local("2027-01-05T09:00"))

    assert result.calendar_notices == []


def test_nudges_follow_the_configured_times(database: Database, office: Office) -> None:
    use_tasks(database, MONTHLY)
    settings = NudgeSettings(send_time=local("2026-12-02T10:30").time(), before=(2,))
    sweep = sweeper(database, settings).sweep

    assert sweep(local("2026-12-03T10:29")).queued == []
    assert {nudge.kind for nudge in sweep(local("2026-12-03T10:30")).queued} == {"before_2"}


def test_a_user_bound_on_two_channels_gets_the_nudge_on_each_once(database: Database, office: Office) -> None:
    use_tasks(database, MONTHLY)
    with database.unit_of_work() as uow:
        uow.users.bind_account(office.users["b1"], "telegram", "777", local("2026-12-01T10:00"))
        uow.commit()

    first = sweeper(database).sweep(local("2026-12-02T09:00"))
    again = sweeper(database).sweep(local("2026-12-02T09:05"))

    [b1] = [nudge for nudge in first.queued if nudge.user_id == office.users["b1"]]
    assert b1.accounts == 2 and again.queued == []
    with database.unit_of_work() as uow:
        assert [f.kind for f in uow.outbox.fates("telegram")] == ["before_3"]
