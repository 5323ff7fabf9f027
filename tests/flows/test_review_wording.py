"""How the preview and the findings word a review the matcher is not sure of (待编办研判), the bureau's
own internal work (机关自身建设) and an item that follows an earlier judgement of the office (编办曾认定);
and what every review is given: the division of a 处室's goals and the office's judgements.

The reviewer here is scripted, so the wording is tested apart from how the matcher scores today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

import pytest

from conversations import Engine, Services
from conversations.review import Reviewer, duty_label
from fm_domain.matching.precedents import Judgement
from fm_domain.models import Catalog
from fm_domain.records import FindingKind, ItemCheck, ReviewedItems
from fm_domain.verdicts import Confidence, Verdict
from storage import Database
from tests.flows.conftest import LIAISON, SHANGHAI, STAFF, START
from tests.flows.transcript import Chat, FakeClock, press

TENTATIVE_DUTY = "加强学生课后服务管理"  # in_scope, but not clearly
UNCLEAR = "组织开展航天育种试验"  # out_of_scope, but something comes near
INTERNAL = "加强机关党建工作"
JUDGED = "整治校园周边占道经营摊点"
CLEAR = "推进义务教育优质均衡发展"


class ScriptedReviewer(Reviewer):
    """Answers each item as scripted, and remembers what each review was given."""

    SCRIPT: ClassVar[dict[str, ItemCheck]] = {
        TENTATIVE_DUTY: ItemCheck(TENTATIVE_DUTY, Verdict.IN_SCOPE, "jiaoyu.3", confidence=Confidence.LOW),
        UNCLEAR: ItemCheck(UNCLEAR, Verdict.OUT_OF_SCOPE, confidence=Confidence.LOW),
        INTERNAL: ItemCheck(INTERNAL, Verdict.OUT_OF_SCOPE, internal=True),
        JUDGED: ItemCheck(JUDGED, Verdict.IN_SCOPE, "jiaoyu.3", precedent=JUDGED),
        CLEAR: ItemCheck(CLEAR, Verdict.IN_SCOPE, "jiaoyu.3"),
    }

    def __init__(self) -> None:
        self.given: list[tuple[str | None, tuple[Judgement, ...]]] = []

    def review(
        self,
        catalog: Catalog,
        department: str,
        items: Sequence[str],
        *,
        division: str | None = None,
        judgements: Sequence[Judgement] = (),
    ) -> ReviewedItems:
        self.given.append((division, tuple(judgements)))
        scripted = (self.SCRIPT[text] for text in items)
        return ReviewedItems(
            tuple(replace(check, label=duty_label(catalog, check.duty)) for check in scripted)
        )

    def search(self, catalog: Catalog, topic: str, limit: int = 3) -> list[str]:
        return []


@pytest.fixture
def scripted() -> ScriptedReviewer:
    return ScriptedReviewer()


@pytest.fixture
def chat(flow_database: Database, clock: FakeClock, scripted: ScriptedReviewer) -> Chat:
    services = Services(clock=clock, timezone=SHANGHAI, reviewer=scripted)
    return Chat(Engine(flow_database.unit_of_work, services), clock)


def _preview(chat: Chat, *items: str) -> str:
    return chat.dialog(
        LIAISON,
        [("/年度目标", "请选择报送层级"), (press("department"), "请发送事项"), ("\n".join(items), "预览")],
    )


def test_an_item_the_matcher_is_not_sure_of_is_left_to_the_office_not_asserted(chat: Chat) -> None:
    preview = _preview(chat, UNCLEAR, TENTATIVE_DUTY)
    assert f"1. {UNCLEAR}\n    ❔待编办研判：可能属职责外（未找到对应职责）" in preview
    assert f"2. {TENTATIVE_DUTY}\n    ❔待编办研判：可能属职责内 对应：教育局第3项职责" in preview
    assert "❓职责外" not in preview and "✅" not in preview


def test_the_bureaus_internal_work_is_shown_and_counted_as_such_not_as_overreach(chat: Chat) -> None:
    preview = _preview(chat, INTERNAL, CLEAR)
    assert f"1. {INTERNAL}\n    🏢机关自身建设" in preview
    assert "审核结果：职责内 1 项，机关自身建设 1 项" in preview
    assert "未找到对应职责" not in preview and "职责外" not in preview


def test_an_item_following_an_earlier_judgement_shows_it_as_evidence(chat: Chat) -> None:
    preview = _preview(chat, JUDGED)
    assert f"1. {JUDGED}\n    ✅ 对应：教育局第3项职责" in preview
    assert f"\n    📌编办曾认定：{JUDGED}" in preview


def test_unsure_items_go_to_staff_as_findings_to_judge_and_internal_work_does_not(
    chat: Chat, flow_database: Database
) -> None:
    _preview(chat, TENTATIVE_DUTY, UNCLEAR, INTERNAL, CLEAR)
    chat.say(LIAISON, press("confirm"))
    notice = chat.text_for(STAFF)
    assert notice.count("\n#") == 2
    assert f"[待编办研判（可能属职责内）] {TENTATIVE_DUTY}——待编办研判：可能对应教育局第3项职责" in notice
    assert f"{UNCLEAR}——待编办研判" in notice
    assert INTERNAL not in notice.split("需要研判的发现")[1]
    with flow_database.unit_of_work() as uow:
        kinds = {f.item: f.kind for f in uow.findings.open("jiaoyu")}
    assert kinds == {
        TENTATIVE_DUTY: FindingKind.IN_SCOPE,
        UNCLEAR: FindingKind.OUT_OF_SCOPE,
    }  # the verdict stays
    status = chat.say(LIAISON, "/状态")
    assert (
        "机关自身建设 1 项" in status
        and f"{TENTATIVE_DUTY}——待编办研判（可能属职责内）：待编办研判" in status
    )


def test_a_division_s_goals_are_reviewed_with_the_division(chat: Chat, scripted: ScriptedReviewer) -> None:
    chat.dialog(
        LIAISON,
        [
            ("/年度目标 处室", "请选择处室"),
            (press("division:基础教育处"), "请发送事项"),
            (CLEAR, "预览"),
            (press("confirm"), "回执编号"),
        ],
    )
    assert [division for division, _ in scripted.given] == ["基础教育处", "基础教育处"]


def test_the_department_s_goals_are_reviewed_without_a_division(
    chat: Chat, scripted: ScriptedReviewer
) -> None:
    _preview(chat, CLEAR)
    assert [division for division, _ in scripted.given] == [None]


def test_every_review_is_given_the_office_s_judgements(
    chat: Chat, flow_database: Database, scripted: ScriptedReviewer
) -> None:
    with flow_database.unit_of_work() as uow:
        revision = uow.catalog.revision_id("jiaoyu")
        assert revision is not None
        for verdict, duty in (("overlap", "chengguan.8"), ("in_scope", "jiaoyu.3")):  # judged twice
            uow.judgements.add(
                department="jiaoyu",
                item=JUDGED,
                verdict=verdict,
                duty=duty,
                internal=False,
                revision_id=revision,
                finding_id=None,
                judged_by=None,
                judged_at=START,
            )
        uow.commit()
    _preview(chat, CLEAR)
    chat.say(LIAISON, press("confirm"))
    expected = (Judgement(JUDGED, "jiaoyu", "in_scope", "jiaoyu.3"),)  # the latest only
    assert [judgements for _, judgements in scripted.given] == [expected, expected]
