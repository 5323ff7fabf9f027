"""年度目标: typed or attached items, previewed against the 三定 with flags, edited, confirmed into a
versioned submission with a receipt; the review reaches staff as findings."""

from __future__ import annotations

from conversations import Engine, Services
from storage import Database
from tests.flows.conftest import LIAISON, OTHER_LIAISON, STAFF
from tests.flows.documents import docx_file, xlsx_file
from tests.flows.transcript import Chat, Upload, press

IN_SCOPE = "推进义务教育优质均衡发展，扩大普惠性学前教育资源"
RETIRED = "开展中小学教辅材料征订审核"  # 教育局 duty 14 is cancelled in the sample catalog
OVERLAP = "为困难群众办理最低生活保障"  # 民政局's duty (no 学生 in it: 教育局 funds students)
OUT_OF_SCOPE = "组织开展航天育种试验"
PLAN = f"1. {IN_SCOPE}\n2、{RETIRED}\n（三）{OVERLAP}\n四、{OUT_OF_SCOPE}"


def _to_items(chat: Chat) -> None:
    chat.dialog(LIAISON, [("/年度目标", "请选择报送层级"), (press("department"), "2026年度工作目标")])


def _items_prompt(chat: Chat) -> str:
    return chat.dialog(LIAISON, [("/年度目标", "请选择报送层级"), (press("department"), "2026年度工作目标")])


def _to_preview(chat: Chat, plan: str = PLAN) -> str:
    _to_items(chat)
    return chat.say(LIAISON, plan)


def _submissions(database: Database) -> list[tuple[int, str, list[str]]]:
    with database.unit_of_work() as uow:
        return [
            (s.version, s.receipt, s.item_texts)
            for s in sorted(uow.submissions.of_department("jiaoyu"), key=lambda s: s.id)
        ]


def test_pasted_lines_are_previewed_each_with_its_duty_and_flag(chat: Chat) -> None:
    preview = _to_preview(chat)
    assert "共 4 项" in preview
    assert f"1. {IN_SCOPE}\n    ✅ 对应：教育局第3项职责" in preview
    assert f"2. {RETIRED}\n    ⚠️已取消/划转职责 对应：教育局第14项职责" in preview and "已取消" in preview
    assert (
        f"3. {OVERLAP}\n    ⚠️职责交叉 对应：民政局第2项职责" in preview
        and "（属民政局职责）" in preview  # no duty of 教育局 fits: wholly 民政局's, not 亦有此职责
    )
    assert f"4. {OUT_OF_SCOPE}\n    ❓职责外（未找到对应职责）" in preview
    assert "回复 1 确认提交" in preview


def test_confirming_gives_a_receipt_and_stores_the_first_version(chat: Chat, flow_database: Database) -> None:
    _to_preview(chat)
    reply = chat.say(LIAISON, "1")
    assert "「年度目标」已提交。回执编号：ND2026-" in reply
    [(version, receipt, items)] = _submissions(flow_database)
    assert version == 1 and receipt in reply and items == [IN_SCOPE, RETIRED, OVERLAP, OUT_OF_SCOPE]


def test_the_review_reaches_staff_with_a_finding_for_each_flagged_item(chat: Chat) -> None:
    _to_preview(chat)
    chat.say(LIAISON, press("confirm"))
    notice = chat.text_for(STAFF)
    assert "【新报送】教育局" in notice and "年度目标" in notice
    assert "职责内 1 项" in notice and "与其他部门职责交叉 1 项" in notice
    assert notice.count("\n#") == 3  # retired, overlap and out_of_scope each open a finding
    assert "/确认发现 编号 理由" in notice
    assert chat.text_for(OTHER_LIAISON) == ""


def test_resubmitting_makes_a_new_version_and_keeps_the_old_one(chat: Chat, flow_database: Database) -> None:
    _to_preview(chat)
    chat.say(LIAISON, press("confirm"))
    _to_preview(chat, IN_SCOPE)
    assert "第 2 版，之前的版本仍保留" in chat.say(LIAISON, press("confirm"))
    first, second = _submissions(flow_database)
    assert (first[0], second[0]) == (1, 2) and first[1] != second[1]
    assert first[2] == [IN_SCOPE, RETIRED, OVERLAP, OUT_OF_SCOPE] and second[2] == [IN_SCOPE]


def test_a_resubmission_may_start_from_the_last_version(chat: Chat, flow_database: Database) -> None:
    _to_preview(chat)
    chat.say(LIAISON, press("confirm"))
    prompt = _items_prompt(chat)
    assert "回复 1 从上一版（第1版，4项）开始修改" in prompt and "回复 2 重新填写" in prompt
    preview = chat.say(LIAISON, press("from_last"))
    assert "共 4 项" in preview and f"4. {OUT_OF_SCOPE}" in preview
    chat.dialog(LIAISON, [("删 4", "共 3 项"), (press("confirm"), "第 2 版")])
    assert _submissions(flow_database)[1][2] == [IN_SCOPE, RETIRED, OVERLAP]


def test_a_resubmission_may_start_afresh(chat: Chat, flow_database: Database) -> None:
    _to_preview(chat)
    chat.say(LIAISON, press("confirm"))
    _items_prompt(chat)
    assert "请发送全部事项" in chat.say(LIAISON, press("afresh"))
    assert "共 1 项" in chat.say(LIAISON, IN_SCOPE)


def test_a_first_submission_offers_no_last_version(chat: Chat) -> None:
    assert "从上一版" not in _items_prompt(chat)


def test_items_can_be_edited_removed_and_added_before_confirming(chat: Chat, flow_database: Database) -> None:
    _to_preview(chat)
    chat.dialog(
        LIAISON,
        [
            (press("edit"), "编号 新内容"),
            ("4 推进智慧校园建设", ["4. 推进智慧校园建设", "✅ 对应：教育局第13项职责"]),
            (press("remove"), "要删除的事项编号"),
            ("2 3", "共 2 项"),
            (press("add"), "要添加的事项"),
            ("完善教师资格认定工作流程", ["共 3 项", "3. 完善教师资格认定工作流程"]),
            (press("confirm"), "回执编号"),
        ],
    )
    [(_, _, items)] = _submissions(flow_database)
    assert items == [IN_SCOPE, "推进智慧校园建设", "完善教师资格认定工作流程"]


def test_the_preview_understands_short_edit_commands(chat: Chat) -> None:
    _to_preview(chat)
    chat.dialog(
        LIAISON,
        [
            ("改 1 加强师德师风建设", "1. 加强师德师风建设"),
            ("删 2", "共 3 项"),
            ("加 推进智慧校园建设", "共 4 项"),
        ],
    )


def test_a_wrong_item_number_is_explained(chat: Chat) -> None:
    _to_preview(chat)
    chat.dialog(LIAISON, [(press("remove"), "编号"), ("9", "没有第 9 项（共 4 项）"), ("/返回", "共 4 项")])


def test_removing_every_item_asks_for_items_again(chat: Chat) -> None:
    _to_preview(chat, IN_SCOPE)
    chat.dialog(LIAISON, [(press("remove"), "编号"), ("1", ["已删除全部事项", "请发送事项"])])


def test_back_from_the_preview_returns_to_the_items(chat: Chat) -> None:
    _to_preview(chat)
    chat.dialog(LIAISON, [(press("edit"), "编号 新内容"), ("/返回", "预览"), ("/返回", "请发送事项")])


def test_goals_sent_as_a_docx_file_are_read_and_previewed(chat: Chat) -> None:
    _to_items(chat)
    content = docx_file([], [["序号", "工作目标"], ["1", IN_SCOPE], ["2", OVERLAP]])
    preview = chat.say(LIAISON, Upload("2026年度目标.docx", content))
    assert "共 2 项" in preview and f"2. {OVERLAP}" in preview and "⚠️职责交叉" in preview


def test_goals_sent_as_an_xlsx_file_are_read_and_previewed(chat: Chat) -> None:
    _to_items(chat)
    content = xlsx_file(
        [["序号", "工作目标", "责任处室"], [1, RETIRED, "基础教育处"], [2, IN_SCOPE, "基础教育处"]]
    )
    preview = chat.say(LIAISON, Upload("目标.xlsx", content))
    assert "共 2 项" in preview and f"1. {RETIRED}" in preview


def test_a_file_that_cannot_be_read_keeps_the_user_on_the_items_step(chat: Chat) -> None:
    _to_items(chat)
    chat.dialog(LIAISON, [(Upload("目标.pdf", b"%PDF"), ".docx 和 .xlsx"), (IN_SCOPE, "共 1 项")])


def test_division_level_goals_are_submitted_for_the_chosen_division(
    chat: Chat, flow_database: Database
) -> None:
    chat.dialog(
        LIAISON,
        [
            ("/年度目标", "请选择报送层级"),
            (press("division"), ["请选择处室", "基础教育处"]),
            (press("division:基础教育处"), "教育局基础教育处 2026年度工作目标"),
            (IN_SCOPE, "教育局基础教育处 2026年度工作目标 · 预览"),
            (press("confirm"), "回执编号"),
        ],
    )
    with flow_database.unit_of_work() as uow:
        [submission] = uow.submissions.of_department("jiaoyu")
    assert (submission.division, submission.period) == ("基础教育处", "2026")
    assert "基础教育处 第 1 版" in chat.say(LIAISON, "/状态")


def test_the_department_and_division_levels_are_versioned_apart(chat: Chat, flow_database: Database) -> None:
    _to_preview(chat, IN_SCOPE)
    chat.say(LIAISON, press("confirm"))
    reply = chat.dialog(
        LIAISON,
        [
            ("/年度目标 处室", "请选择处室"),
            ("基础教育处", "请发送事项"),
            (IN_SCOPE, "预览"),
            ("1", "回执编号"),
        ],
    )
    assert "第 2 版" not in reply


def test_a_half_finished_goals_draft_survives_a_restart(
    chat: Chat, flow_database: Database, services: Services
) -> None:
    _to_preview(chat)
    chat.engine = Engine(flow_database.unit_of_work, services)
    chat.dialog(LIAISON, [("删 4", "共 3 项"), (press("confirm"), "回执编号")])


def test_a_duplicate_confirmation_stores_one_version(chat: Chat, flow_database: Database) -> None:
    _to_preview(chat)
    chat.send(LIAISON, press("confirm"), message_id="tap")
    chat.send(LIAISON, press("confirm"), message_id="tap")
    assert len(_submissions(flow_database)) == 1


def test_staff_decide_a_finding_from_the_review_and_the_liaison_sees_the_outcome(chat: Chat) -> None:
    _to_preview(chat)
    chat.say(LIAISON, press("confirm"))
    notice = chat.text_for(STAFF)
    overlap_line = next(line for line in notice.splitlines() if OVERLAP in line)
    number = overlap_line.split()[0].lstrip("#")
    chat.say(STAFF, f"/确认发现 {number} 低保由民政局负责，教育局配合")
    assert "低保由民政局负责" in chat.text_for(LIAISON)
    status = chat.say(LIAISON, "/状态")
    assert "年度目标 2026 第 1 版" in status and "编办已确认，理由：低保由民政局负责" in status
    assert "待编办研判" in status  # the other two findings are still open


def test_the_department_view_shows_duty_coverage_of_the_latest_goals(chat: Chat) -> None:
    _to_preview(chat)
    chat.say(LIAISON, press("confirm"))
    chat.replies(STAFF)  # the review notice
    reply = chat.say(STAFF, "/部门 教育局")
    lines = {line.split()[1]: line for line in reply.splitlines() if line.startswith("· 第")}
    assert lines["第3项"].endswith("已覆盖（1 项目标）")
    assert lines["第6项"].endswith("未覆盖")
    assert lines["第2项"].endswith("阶段性职责，未安排")  # duty 2 is periodic in the sample catalog


def test_staff_cannot_submit_goals_and_are_told_what_they_can_do(chat: Chat) -> None:
    reply = chat.say(STAFF, "/年度目标")
    assert "仅限部门联络员" in reply and "/未报" in reply


def test_a_liaison_submits_only_for_their_own_department(chat: Chat, flow_database: Database) -> None:
    chat.dialog(
        OTHER_LIAISON,
        [
            ("/goals", "请选择报送层级"),
            (press("department"), "民政局 2026年度工作目标"),
            (IN_SCOPE, "民政局 2026年度工作目标 · 预览"),
            (press("confirm"), "回执编号"),
        ],
    )
    with flow_database.unit_of_work() as uow:
        assert uow.submissions.latest("annual_goals", "minzheng", "2026") is not None
        assert uow.submissions.of_department("jiaoyu") == []


def test_more_lines_sent_at_the_preview_are_added_to_the_draft(chat: Chat) -> None:
    _to_preview(chat, f"1. {IN_SCOPE}")
    preview = chat.say(LIAISON, f"2. {OVERLAP}\n3. {OUT_OF_SCOPE}")
    assert "共 3 项" in preview


def test_one_plain_line_at_the_preview_is_not_added_unasked_and_the_reply_says_how(chat: Chat) -> None:
    _to_preview(chat, f"1. {IN_SCOPE}")
    reply = chat.say(LIAISON, OVERLAP)
    assert f"“{OVERLAP}”不是选项" in reply
    assert f"加 {OVERLAP}" in reply and f"2. {OVERLAP}" in reply
    preview = chat.say(LIAISON, f"加 {OVERLAP}")
    assert "共 2 项" in preview


def test_a_button_label_typed_out_answers_like_the_button(chat: Chat, flow_database: Database) -> None:
    _to_preview(chat)
    reply = chat.say(LIAISON, "确认提交")
    assert "已提交" in reply
    assert len(_submissions(flow_database)) == 1


def test_a_plan_of_more_items_than_the_limit_is_refused_and_nothing_is_drafted(chat: Chat) -> None:
    _to_items(chat)
    reply = chat.say(LIAISON, "\n".join(f"{n}. {IN_SCOPE}" for n in range(1, 302)))
    assert "超过一次报送的上限 300 项" in reply
    assert "共 3 项" in chat.say(LIAISON, PLAN.rsplit("\n", 1)[0])


def test_an_overlong_message_is_refused_without_leaving_the_flow(chat: Chat) -> None:
    _to_items(chat)
    assert "消息过长" in chat.say(LIAISON, "推进" * 10_001)
    assert "共 4 项" in chat.say(LIAISON, PLAN)
