"""`职责 X` (issue 12, item 17): only the duties that fit the topic, each with how well, and a word when
none fits closely or none fits at all."""

from __future__ import annotations

import dataclasses

from conversations import texts
from conversations.review import MatchingReviewer
from fm_domain.matching.thresholds import MatchThresholds
from fm_domain.models import Catalog
from tests.flows.conftest import LIAISON
from tests.flows.transcript import Chat


def test_each_duty_found_says_how_well_it_fits(chat: Chat) -> None:
    lines = chat.say(LIAISON, "/职责 低保").splitlines()
    assert lines[0] == "“低保”相关的职责："
    assert lines[1].startswith("1. 民政局 第2项【较符合】") and "最低生活保障" in lines[1]
    assert all("【部分相关】" in line for line in lines[2:])  # the others only touch on 低保


def test_only_the_duties_that_fit_are_shown_not_always_three(chat: Chat) -> None:
    lines = chat.say(LIAISON, "/职责 调解").splitlines()
    assert len(lines) == 2 and lines[1].startswith("1. 司法局")


def test_nothing_that_fits_is_said_plainly(chat: Chat) -> None:
    assert "没有找到与“航天育种”相关的职责" in chat.say(LIAISON, "/职责 航天育种")


def test_when_no_duty_fits_closely_the_search_says_they_are_only_related(sample_catalog: Catalog) -> None:
    demanding = MatchingReviewer(dataclasses.replace(MatchThresholds.default(), confident_score=0.99))
    hits = demanding.search(sample_catalog, "低保")
    assert hits and not any(hit.close for hit in hits)
    assert hits[0].duty_id == "minzheng.2"
    assert hits == sorted(hits, key=lambda hit: hit.score, reverse=True)


def test_the_heading_says_when_the_duties_shown_only_touch_the_topic() -> None:
    assert "明确对应" in texts.duty_results_heading("档案", closely=False)
    assert "明确对应" not in texts.duty_results_heading("档案", closely=True)
