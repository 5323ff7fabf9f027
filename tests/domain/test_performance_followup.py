"""The indicators that follow the office's work through, computed from the findings' histories and the
stored recommendations, each case named in its evidence; scored by hand below."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

from fm_domain.calendar import WorkingCalendar
from fm_domain.models import Catalog, Department, Duty, DutyCategory, DutyStatus
from fm_domain.performance import RECORD_INDICATORS, EvidenceKind, Measure, Step, YearRecord
from fm_domain.recommendations import (
    Recommendation,
    RecommendationKind,
    RecommendationState,
    StatusChange,
    StoredRecommendation,
)
from fm_domain.records import Finding, FindingKind, FindingStatus

S = FindingStatus
AT = datetime(2026, 3, 1, tzinfo=UTC)
CATALOG = Catalog(
    (
        Department(
            "minzheng",
            "南通市民政局",
            "民政局",
            duties=(Duty("minzheng", 1, "负责社会救助工作。", DutyCategory.IMPLEMENTATION),),
        ),
    )
)


def record(as_of: date = date(2026, 12, 31), **parts: object) -> YearRecord:
    return YearRecord(2026, as_of, CATALOG, WorkingCalendar.standard(), **parts)  # type: ignore[arg-type]


def finding(number: int, kind: FindingKind = FindingKind.OUT_OF_SCOPE) -> Finding:
    # The status on the finding is now; the indicators read the history, so any will do here.
    return Finding(number, "minzheng", None, f"事项{number}", kind, "", S.OPEN, "", None, None, AT)


def measure(key: str, year: YearRecord) -> Measure:
    return RECORD_INDICATORS[key].measure(year, "minzheng")


def test_a_rectification_counts_when_settled_by_the_deadline_in_force_and_not_while_time_remains() -> None:
    asked = Step(S.CONFIRMED, date(2026, 3, 1))
    histories = {
        1: (
            asked,
            Step(S.RECTIFYING, date(2026, 3, 2), date(2026, 4, 30)),
            Step(S.RECTIFIED, date(2026, 4, 20)),
        ),
        2: (
            asked,
            Step(S.RECTIFYING, date(2026, 3, 2), date(2026, 4, 30)),
            Step(S.RECTIFIED, date(2026, 5, 6)),
        ),
        # Extended by staff before it ran out: the new deadline is the one the department is held to.
        3: (
            asked,
            Step(S.RECTIFYING, date(2026, 3, 2), date(2026, 4, 30)),
            Step(S.RECTIFYING, date(2026, 4, 28), date(2026, 6, 30)),
            Step(S.CLOSED, date(2026, 6, 1)),
        ),
        # Reported, sent back, never reported again: past its deadline, not settled.
        4: (
            asked,
            Step(S.RECTIFYING, date(2026, 3, 2), date(2026, 4, 30)),
            Step(S.RECTIFIED, date(2026, 4, 10)),
            Step(S.RECTIFYING, date(2026, 4, 15), date(2026, 5, 31)),
        ),
        5: (asked, Step(S.RECTIFYING, date(2026, 11, 2), date(2027, 1, 31))),  # time remains
        6: (asked,),  # confirmed, never asked to rectify
    }
    year = record(findings={"minzheng": tuple(finding(n) for n in range(1, 7))}, histories=histories)

    result = measure("findings_rectified_on_time", year)

    assert [(e.kind, e.ref, e.due, e.at, e.counted) for e in result.evidence] == [
        (EvidenceKind.RECTIFICATION, "1", date(2026, 4, 30), date(2026, 4, 20), True),
        (EvidenceKind.RECTIFICATION, "2", date(2026, 4, 30), date(2026, 5, 6), False),
        (EvidenceKind.RECTIFICATION, "3", date(2026, 6, 30), date(2026, 6, 1), True),
        (EvidenceKind.RECTIFICATION, "4", date(2026, 5, 31), None, False),
    ]
    assert (result.value, result.cases) == (Fraction(2, 4), 4)


def stored(
    number: int, state: RecommendationState, *, changes: bool, revisions: tuple[int, ...]
) -> StoredRecommendation:
    change = (StatusChange("minzheng", 1, DutyStatus.CANCELLED),) if changes else ()
    decided = datetime(2026, 11, 3, tzinfo=UTC) if state is not RecommendationState.PROPOSED else None
    recommendation = Recommendation(
        RecommendationKind.CANCEL if changes else RecommendationKind.IMPROVE,
        "minzheng",
        2026,
        ("minzheng.1",),
        None,
        "理由",
        changes=change,
        state=state,
        decided_at=decided,
    )
    return StoredRecommendation(number, recommendation, change, revisions, AT)


def test_adopted_changes_to_the_three_determinations_are_carried_out_once_their_revision_is_saved() -> None:
    kept = (
        stored(1, RecommendationState.ADOPTED, changes=True, revisions=(41,)),
        stored(2, RecommendationState.AMENDED, changes=True, revisions=()),
        stored(3, RecommendationState.ADOPTED, changes=False, revisions=()),  # advice: listed, not counted
        stored(4, RecommendationState.REJECTED, changes=True, revisions=()),
        stored(5, RecommendationState.PROPOSED, changes=True, revisions=()),
    )

    result = measure("recommendations_carried_out", record(recommendations={"minzheng": kept}))

    assert [(e.ref, e.counted, e.note) for e in result.evidence] == [
        ("1", True, "41"),
        ("2", False, ""),
        ("3", False, "advice"),
    ]
    assert {e.kind for e in result.evidence} == {EvidenceKind.RECOMMENDATION}
    assert result.evidence[0].at == date(2026, 11, 3)
    assert (result.value, result.cases) == (Fraction(1, 2), 2)


def test_gap_and_overreach_signals_still_open_at_the_year_end_are_counted_with_their_status() -> None:
    raised = {
        1: FindingKind.GAP,
        2: FindingKind.OVERREACH,
        3: FindingKind.GAP,
        4: FindingKind.OVERREACH,
        5: FindingKind.GAP,
        6: FindingKind.LAG,  # 滞后: not this indicator's
    }
    histories = {
        2: (Step(S.CONFIRMED, date(2026, 6, 1)), Step(S.RECTIFYING, date(2026, 6, 2), date(2026, 9, 30))),
        3: (Step(S.DISMISSED, date(2026, 5, 1)),),
        4: (
            Step(S.CONFIRMED, date(2026, 6, 1)),
            Step(S.RECTIFYING, date(2026, 6, 2), date(2026, 9, 30)),
            Step(S.RECTIFIED, date(2026, 9, 1)),
        ),
        # Closed only after the year ended: it was open at the year's end.
        5: (Step(S.CONFIRMED, date(2026, 10, 1)), Step(S.CLOSED, date(2027, 1, 10))),
    }
    year = record(
        as_of=date(2027, 2, 1),
        findings={"minzheng": tuple(finding(n, kind) for n, kind in raised.items())},
        histories=histories,
    )

    result = measure("signals_left_open", year)

    assert [(e.kind, e.ref, e.note, e.due) for e in result.evidence] == [
        (EvidenceKind.SIGNAL, "1", "open", date(2026, 12, 31)),
        (EvidenceKind.SIGNAL, "2", "rectifying", date(2026, 12, 31)),
        (EvidenceKind.SIGNAL, "5", "confirmed", date(2026, 12, 31)),
    ]
    assert (result.value, result.cases) == (3, 3)


def test_with_nothing_to_follow_up_the_shares_are_met_and_nothing_is_counted_against() -> None:
    for key, value in (
        ("findings_rectified_on_time", 1),
        ("recommendations_carried_out", 1),
        ("signals_left_open", 0),
    ):
        result = measure(key, record())
        assert (result.value, result.cases) == (value, 0)
        assert [e.kind for e in result.evidence] == [EvidenceKind.NOTHING_DUE]
