"""Staff adopt, amend or reject a recommendation once; an adopted one applied to a department gives its next
三定 revision: a status changed, a new duty numbered after the last with the class staff adopted, who leads
written into both duties; the duties' numbers never move."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from fm_domain.models import DutyCategory, DutyStatus
from fm_domain.recommendations import (
    ChangeError,
    DecisionError,
    DutyNote,
    NewDuty,
    Recommendation,
    RecommendationKind,
    RecommendationState,
    StatusChange,
    adopt,
    amend,
    apply_recommendation,
    apply_to_catalog,
    reject,
)
from tests.domain.year_kit import CATALOG, CHENGGUAN, JIAOYU, at

DECIDED = at(date(2027, 2, 1))
CANCEL = Recommendation(
    RecommendationKind.CANCEL,
    "jiaoyu",
    2026,
    ("jiaoyu.6",),
    DutyCategory.IMPLEMENTATION,
    "……建议研究取消该项职责",
    changes=(StatusChange("jiaoyu", 6, DutyStatus.CANCELLED),),
)
CLARIFY = Recommendation(
    RecommendationKind.CLARIFY,
    "jiaoyu",
    2026,
    (),
    DutyCategory.IMPLEMENTATION,
    "……建议明确为新增职能",
    changes=(NewDuty("jiaoyu", "承担开展青少年航模赛事相关工作。", DutyCategory.IMPLEMENTATION),),
)
NOTES = (
    DutyNote("chengguan", 2, "（整治校园周边流动摊点等工作由本部门牵头，教育局配合。）"),
    DutyNote("jiaoyu", 3, "（整治校园周边流动摊点等工作由城管局牵头，本部门配合。）"),
)
STREAMLINE = Recommendation(
    RecommendationKind.STREAMLINE,
    "jiaoyu",
    2026,
    ("chengguan.2", "jiaoyu.3"),
    DutyCategory.SUPERVISION,
    "……",
    changes=NOTES,
    others=("chengguan",),
)


def test_an_adopted_cancellation_gives_the_revision_with_that_duty_cancelled_and_the_rest_unchanged() -> None:
    adopted = adopt(CANCEL, by=1, at=DECIDED, reason="经主任会议研究同意")
    assert (adopted.state, adopted.decided_by, adopted.decided_at) == (
        RecommendationState.ADOPTED,
        1,
        DECIDED,
    )
    revised = apply_recommendation(JIAOYU, adopted)
    assert revised.duty(6).status is DutyStatus.CANCELLED
    assert revised.duty(6).text == JIAOYU.duty(6).text
    assert [d for d in revised.duties if d.n != 6] == [d for d in JIAOYU.duties if d.n != 6]


def test_an_adopted_new_function_is_numbered_after_the_last_duty_with_its_class_no_longer_a_guess() -> None:
    revised = apply_recommendation(JIAOYU, adopt(CLARIFY, by=1, at=DECIDED))
    assert [d.n for d in revised.duties] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    new = revised.duty(9)
    assert (new.id, new.text, new.category, new.category_guessed, new.status) == (
        "jiaoyu.9",
        "承担开展青少年航模赛事相关工作。",
        DutyCategory.IMPLEMENTATION,
        False,
        DutyStatus.ACTIVE,
    )


def test_an_adopted_streamlining_writes_who_leads_into_both_departments_duties_once() -> None:
    adopted = adopt(STREAMLINE, by=1, at=DECIDED)
    catalog = apply_to_catalog(CATALOG, adopted)
    assert catalog.duty("chengguan.2").text == CHENGGUAN.duty(2).text + NOTES[0].note
    assert catalog.duty("jiaoyu.3").text == JIAOYU.duty(3).text + NOTES[1].note
    assert catalog.get("sifa") == CATALOG.get("sifa")
    assert apply_to_catalog(catalog, adopted) == catalog  # adopted twice, said once


def test_an_amended_recommendation_applies_staffs_changes_instead() -> None:
    delegated = (StatusChange("jiaoyu", 6, DutyStatus.DELEGATED),)
    amended = amend(CANCEL, delegated, by=2, at=DECIDED, reason="改为下放至区县")
    assert (amended.state, amended.changes, amended.reason) == (
        RecommendationState.AMENDED,
        delegated,
        "改为下放至区县",
    )
    assert apply_recommendation(JIAOYU, amended).duty(6).status is DutyStatus.DELEGATED


def test_a_recommendation_not_adopted_changes_nothing_and_is_decided_once() -> None:
    rejected = reject(CANCEL, by=1, at=DECIDED, reason="该职责为法定职责，督促履行")
    with pytest.raises(ChangeError):
        apply_recommendation(JIAOYU, rejected)
    with pytest.raises(ChangeError):
        apply_recommendation(JIAOYU, CANCEL)  # still proposed
    with pytest.raises(DecisionError):
        adopt(rejected, by=1, at=DECIDED)


def test_a_change_naming_a_duty_the_department_lacks_is_refused() -> None:
    wrong = adopt(
        replace(CANCEL, changes=(StatusChange("jiaoyu", 42, DutyStatus.CANCELLED),)), by=1, at=DECIDED
    )
    with pytest.raises(ChangeError):
        apply_recommendation(JIAOYU, wrong)


def test_a_change_for_another_department_leaves_this_one_as_it_was() -> None:
    assert apply_recommendation(CHENGGUAN, adopt(CANCEL, by=1, at=DECIDED)) == CHENGGUAN
