"""半年总结: the progress of each of the year's annual goals (已完成 / 推进中 / 未启动 with a reason), the
other work of the first half reviewed against the 三定, a versioned submission with a receipt; goals not
started reach staff as findings."""

from __future__ import annotations

from datetime import date, datetime

from conversations import Engine, Services
from conversations.messages import Reply
from conversations.nudge_texts import NudgeText, nudge_reply, submit_command
from fm_domain.deadlines import TaskKind
from fm_domain.records import FindingKind, Submission, SubmissionKind
from storage import Database
from tests.flows.conftest import LIAISON, OTHER_LIAISON, SHANGHAI, STAFF
from tests.flows.transcript import Chat, press

GOALS = ["推进义务教育优质均衡发展", "加强师德师风建设", "推进智慧校园建设"]
RETIRED = "开展中小学教辅材料征订审核"  # 教育局 duty 14 is cancelled in the sample catalog
OTHER_WORK = "完善教师资格认定工作流程"
KIND = SubmissionKind.HALF_YEAR_SUMMARY


def _submit_goals(chat: Chat) -> None:
    """教育局's department-level annual goals of 2026, through the goals flow."""
    chat.dialog(
        LIAISON,
        [
            ("/年度目标", "请选择报送层级"),
            (press("department"), "年度工作目标"),
            ("\n".join(GOALS), "共 3 项"),
            (press("confirm"), "回执编号：ND"),
        ],
    )


def _answer_goals(chat: Chat) -> str:
    """Report 已完成, 推进中 and 未启动 (with its reason) for the three goals; returns the items prompt."""
    return chat.dialog(
        LIAISON,
        [
            ("/半年总结", ["【教育局 2026年上半年工作总结】", f"年度目标（1/3）：{GOALS[0]}"]),
            (press("done"), f"年度目标（2/3）：{GOALS[1]}"),
            (press("ongoing"), f"年度目标（3/3）：{GOALS[2]}"),
            (press("not_started"), f"请简要说明“{GOALS[2]}”未启动的原因"),
            ("等待省级平台统一部署", "上半年完成的其他重点工作"),
        ],
    )


def _submit_without_goals(chat: Chat) -> None:
    chat.dialog(
        LIAISON, [("/半年总结", "跳过目标进展"), (OTHER_WORK, "预览"), (press("confirm"), "回执编号")]
    )


def _summaries(database: Database) -> list[tuple[int, str, Submission]]:
    with database.unit_of_work() as uow:
        return [
            (entry.version, entry.receipt, entry)
            for entry in sorted(uow.submissions.of_department("jiaoyu"), key=lambda e: e.id)
            if entry.kind is KIND
        ]


def test_a_liaison_reports_each_goals_progress_and_other_work_and_gets_a_receipt(
    chat: Chat, flow_database: Database
) -> None:
    _submit_goals(chat)
    _answer_goals(chat)
    chat.dialog(
        LIAISON,
        [
            (
                f"1. {OTHER_WORK}\n2. {RETIRED}",
                [
                    "【教育局 2026年上半年工作总结 · 预览】",
                    "2026 年度目标进展：已完成 1 项，推进中 1 项，未启动 1 项",
                    f"3. {GOALS[2]}：未启动（原因：等待省级平台统一部署）",
                    "上半年完成的其他重点工作 2 项：",
                    "⚠️已取消/划转职责",
                ],
            ),
            (
                press("confirm"),
                ["「半年总结」已提交。回执编号：BN2026H1-", "已完成 1 项，推进中 1 项，未启动 1 项"],
            ),
        ],
    )
    [(version, receipt, summary)] = _summaries(flow_database)
    assert (version, receipt.startswith("BN2026H1-")) == (1, True)
    assert [(g["text"], g["status"]) for g in summary.details["goals"]] == list(
        zip(GOALS, ["done", "ongoing", "not_started"], strict=True)
    )
    assert summary.item_texts == [OTHER_WORK, RETIRED]


def test_other_work_may_be_skipped_when_the_goals_say_enough(chat: Chat, flow_database: Database) -> None:
    _submit_goals(chat)
    _answer_goals(chat)
    chat.dialog(
        LIAISON,
        [
            (press("skip"), "上半年完成的其他重点工作：无"),
            (press("confirm"), "回执编号：BN2026H1-"),
        ],
    )
    [(_, _, summary)] = _summaries(flow_database)
    assert summary.item_texts == [] and len(summary.details["goals"]) == 3


def test_without_annual_goals_the_progress_step_is_skipped_with_a_notice(chat: Chat) -> None:
    chat.dialog(
        LIAISON,
        [
            (
                "/半年总结",
                [
                    "未找到本部门 2026 年度工作目标（部门层级），跳过目标进展",
                    "请填写上半年完成的其他重点工作",
                ],
            ),
            (OTHER_WORK, ["2026 年度目标进展：未报送年度目标", "上半年完成的其他重点工作 1 项："]),
        ],
    )


def test_without_annual_goals_the_other_work_cannot_be_skipped(chat: Chat) -> None:
    reply = chat.dialog(LIAISON, [("/半年总结", "跳过目标进展"), ("跳过", "请至少填写一项")])
    assert "回复 1 跳过" not in reply


def test_a_goal_not_started_reaches_staff_as_a_finding_with_its_reason(
    chat: Chat, flow_database: Database
) -> None:
    _submit_goals(chat)
    chat.text_for(STAFF)  # the goals' own notice
    _answer_goals(chat)
    chat.dialog(LIAISON, [(OTHER_WORK, "预览"), (press("confirm"), "回执编号")])

    notice = chat.text_for(STAFF)
    assert f"[年度目标未启动] {GOALS[2]}——未启动原因：等待省级平台统一部署" in notice
    assert "/函询 教育局" in notice
    with flow_database.unit_of_work() as uow:
        [finding] = [f for f in uow.findings.open("jiaoyu") if f.kind is FindingKind.NOT_STARTED]
    assert (finding.item, finding.detail) == (GOALS[2], "未启动原因：等待省级平台统一部署")


def test_staff_confirm_a_goal_not_started_and_the_liaison_is_told(
    chat: Chat, flow_database: Database
) -> None:
    _submit_goals(chat)
    _answer_goals(chat)
    chat.dialog(LIAISON, [(press("skip"), "预览"), (press("confirm"), "回执编号")])
    with flow_database.unit_of_work() as uow:
        [finding] = uow.findings.open("jiaoyu")

    chat.say(STAFF, f"/确认发现 {finding.id} 请于三季度启动")

    assert f"编办已确认关于“{GOALS[2]}”的发现（#{finding.id}）" in chat.text_for(LIAISON)


def test_a_goals_status_can_be_revised_from_the_preview(chat: Chat, flow_database: Database) -> None:
    _submit_goals(chat)
    _answer_goals(chat)
    chat.dialog(
        LIAISON,
        [
            (OTHER_WORK, "回复 5 修改目标进展"),
            (press("revise_goals"), "要修改进展的年度目标编号"),
            ("3", "（3/3）"),
            (press("ongoing"), ["已完成 1 项，推进中 2 项，未启动 0 项", f"3. {GOALS[2]}：推进中"]),
            (press("confirm"), "回执编号"),
        ],
    )
    [(_, _, summary)] = _summaries(flow_database)
    assert [(g["status"], g["reason"]) for g in summary.details["goals"]][2] == ("ongoing", "")


def test_a_resubmission_makes_version_two_and_keeps_the_first(chat: Chat, flow_database: Database) -> None:
    for _ in range(2):
        _submit_without_goals(chat)

    assert [version for version, _, _ in _summaries(flow_database)] == [1, 2]
    assert "第 2 版" in chat.text_for(STAFF)


def test_todo_offers_the_half_year_command_for_the_owed_half_year(chat: Chat) -> None:
    assert "⏳ 半年工作总结（2026H1）截止 2026-07-15，报送：/半年总结" in chat.say(LIAISON, "/待办")


def test_a_submitted_summary_shows_as_submitted_in_todo_and_leaves_the_missing_list(chat: Chat) -> None:
    _submit_without_goals(chat)

    assert "✅ 半年工作总结（2026H1）已报送，回执 BN2026H1-" in chat.say(LIAISON, "/待办")
    lines = chat.say(STAFF, "/未报").splitlines()
    late = lines[next(n for n, line in enumerate(lines) if line.startswith("「半年工作总结」")) + 1]
    assert "教育局" not in late and "民政局" in late


def test_a_nudges_button_drafts_the_half_year_it_names(chat: Chat) -> None:
    chat.clock.now = datetime(2026, 7, 10, 9, 0, tzinfo=SHANGHAI)
    nudge = _nudge("2026H1", date(2026, 7, 15), chat.clock.now.date())
    assert nudge.choices[0].payload == "/半年总结 2026H1"

    reply = chat.say(LIAISON, press(nudge.choices[0].payload))

    assert "【教育局 2026年上半年工作总结】截止 2026-07-15" in reply


def test_a_nudges_button_drafts_its_half_year_while_an_earlier_one_is_also_owed(chat: Chat) -> None:
    chat.clock.now = datetime(2027, 7, 8, 9, 0, tzinfo=SHANGHAI)  # 2026H1 overdue until 2027-07-15
    assert "【教育局 2026年上半年工作总结】" in chat.say(LIAISON, "/半年总结")
    chat.say(LIAISON, "/取消")

    nudge = _nudge("2027H1", date(2027, 7, 15), chat.clock.now.date())

    reply = chat.say(LIAISON, press(nudge.choices[0].payload))

    assert "【教育局 2027年上半年工作总结】截止 2027-07-15" in reply


def test_a_non_liaison_is_refused(chat: Chat) -> None:
    assert "「/半年总结」仅限部门联络员使用" in chat.say(STAFF, "/半年总结")


def test_the_goals_asked_are_the_departments_own(chat: Chat) -> None:
    _submit_goals(chat)
    assert "跳过目标进展" in chat.say(OTHER_LIAISON, "/半年总结")


def test_a_half_finished_summary_survives_a_restart(
    chat: Chat, flow_database: Database, services: Services
) -> None:
    _submit_goals(chat)
    chat.dialog(LIAISON, [("/半年总结", "（1/3）"), (press("done"), "（2/3）")])

    chat.engine = Engine(flow_database.unit_of_work, services)  # a new process over the same database

    chat.dialog(
        LIAISON,
        [
            ("推进中", "（3/3）"),
            (press("done"), "上半年完成的其他重点工作"),
            (press("skip"), "已完成 2 项，推进中 1 项，未启动 0 项"),
            (press("confirm"), "回执编号：BN2026H1-"),
        ],
    )
    assert len(_summaries(flow_database)) == 1


def test_a_summary_with_a_goal_not_started_is_stored_alike_on_both_backends(
    any_chat: Chat, any_database: Database
) -> None:
    _submit_goals(any_chat)
    _answer_goals(any_chat)
    any_chat.dialog(LIAISON, [(press("skip"), "未启动 1 项"), (press("confirm"), "回执编号：BN2026H1-")])

    [(version, _, summary)] = _summaries(any_database)
    assert version == 1
    assert [g["status"] for g in summary.details["goals"]] == ["done", "ongoing", "not_started"]
    with any_database.unit_of_work() as uow:
        assert [f.kind for f in uow.findings.open("jiaoyu")] == [FindingKind.NOT_STARTED]


def _nudge(period: str, deadline: date, today: date) -> Reply:
    """The reminder the sweep sends 教育局's liaison about the half-year summary of ``period``."""
    return nudge_reply(
        NudgeText(
            kind="before_3",
            department="教育局",
            title="半年工作总结",
            period=period,
            deadline=deadline,
            today=today,
            working_days=3,
            command=submit_command(TaskKind.HALF_YEAR_SUMMARY),
        )
    )
