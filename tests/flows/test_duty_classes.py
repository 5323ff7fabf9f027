"""The six classes confirmed by staff: a department's duties listed with their class (the guessed ones
marked), set or confirmed in chat as the department's next revision; leaders look, only the office
decides."""

from __future__ import annotations

from fm_domain.models import DutyCategory
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, STAFF
from tests.flows.transcript import Chat


def test_staff_see_each_duty_with_its_class_and_whether_it_is_a_guess(chat: Chat) -> None:
    listing = chat.say(STAFF, "/职责分类 教育局")
    assert listing.startswith("【教育局 职能类别】宏观决策类")
    assert "\n1. 宏观决策类 贯彻执行党和国家的教育方针" in listing  # stated in the catalog: no mark
    assert "\n2. 宏观决策类（推测） 拟订全市教育事业发展规划" in listing
    assert "（推测）" in listing and "［已取消］" in listing


def test_classes_set_or_confirmed_make_the_next_revision_no_longer_guessed(
    chat: Chat, flow_database: Database
) -> None:
    reply = chat.say(STAFF, "/职责分类 教育局 3 监督检查类 5 确认")
    assert "已确认教育局职责的类别（三定更新为第 2 版）" in reply and "· 第 3 项：监督检查类" in reply
    with flow_database.unit_of_work() as uow:
        department = uow.catalog.department("jiaoyu")
        (revision,) = uow.catalog.revisions("jiaoyu")[1:]
    assert department is not None
    duties = {duty.n: duty for duty in department.duties}
    assert duties[3].category is DutyCategory.SUPERVISION and not duties[3].category_guessed
    assert not duties[5].category_guessed
    assert revision.source == "职能类别确认，周静"
    assert "（推测）" not in next(
        line for line in chat.say(STAFF, "/职责分类 jiaoyu").splitlines() if line.startswith("3. ")
    )
    assert "无需更新" in chat.say(STAFF, "/职责分类 教育局 3 监督检查")


def test_a_wrong_number_or_class_changes_nothing(chat: Chat, flow_database: Database) -> None:
    assert "教育局没有第 99 项职责" in chat.say(STAFF, "/职责分类 教育局 99 确认")
    assert "无法识别“3 重要类”" in chat.say(STAFF, "/职责分类 教育局 3 重要类")
    assert "只能查看本部门" in chat.say(LEADER, "/职责分类 教育局") or "职能类别" in chat.say(
        LEADER, "/职责分类 教育局"
    )
    assert "修改或确认" in chat.say(LEADER, "/职责分类 教育局 3 确认")
    assert "仅限" in chat.say(LIAISON, "/职责分类 教育局")
    with flow_database.unit_of_work() as uow:
        assert [r.revision for r in uow.catalog.revisions("jiaoyu")] == [1]
