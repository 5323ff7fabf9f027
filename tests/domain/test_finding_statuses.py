"""The findings' lifecycle as data: which steps each status allows, what staff bore out, and the statuses
stored before the lifecycle grew keeping their meaning."""

from __future__ import annotations

import itertools

from fm_domain.records import DECISIONS, TRANSITIONS, FindingKind, FindingStatus, can_move

S = FindingStatus


def test_the_statuses_stored_before_the_lifecycle_keep_their_values() -> None:
    assert [S.OPEN, S.CONFIRMED, S.DISMISSED, S.SUPERSEDED] == [
        "open",
        "confirmed",
        "dismissed",
        "superseded",
    ]
    assert DECISIONS == (S.CONFIRMED, S.DISMISSED)


def test_a_finding_is_looked_into_then_decided_then_rectified_and_closed() -> None:
    path = [S.OPEN, S.UNDER_INQUIRY, S.UNDER_VISIT, S.CONFIRMED, S.RECTIFYING, S.RECTIFIED, S.CLOSED]
    assert all(can_move(current, following) for current, following in itertools.pairwise(path))


def test_what_is_decided_is_not_decided_again_and_final_statuses_go_nowhere() -> None:
    assert not can_move(S.CONFIRMED, S.DISMISSED) and not can_move(S.DISMISSED, S.CONFIRMED)
    assert not can_move(S.OPEN, S.CLOSED)  # closing needs staff's confirmation first
    assert not can_move(S.OPEN, S.RECTIFYING)
    for status in S:
        if status.final:
            assert TRANSITIONS.get(status, frozenset()) == frozenset()


def test_staff_bore_out_a_finding_that_went_on_to_rectification_and_closing() -> None:
    assert {s for s in S if s.bore_out} == {S.CONFIRMED, S.RECTIFYING, S.RECTIFIED, S.CLOSED}
    assert {s for s in S if s.undecided} == {S.OPEN, S.UNDER_INQUIRY, S.UNDER_VISIT}


def test_the_monitoring_jobs_kinds_are_signals_with_no_verdict_to_correct() -> None:
    signals = {k for k in FindingKind if k.signal}
    assert {k.value for k in signals} == {"gap", "overreach", "relation", "lag", "unreported"}
    assert all(k.verdict is None for k in signals)
