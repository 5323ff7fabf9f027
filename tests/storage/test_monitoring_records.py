"""The monitoring job's records and recommendations in storage: a signal raised once with its evidence, a
day claimed once, a recommendation kept as first made and decided once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from fm_domain.models import Department, DutyCategory, DutyStatus
from fm_domain.monitoring import Evidence, Mark, Pattern, Severity, Signal, SignalKind, already_raised
from fm_domain.recommendations import (
    NewDuty,
    Recommendation,
    RecommendationKind,
    RecommendationState,
    Shift,
    StatusChange,
)
from fm_domain.records import FindingKind, FindingStatus
from storage import Database

GAP = Signal(
    SignalKind.GAP,
    Pattern.UNPERFORMED,
    "minzheng",
    ("minzheng.2",),
    date(2025, 3, 1),
    date(2026, 3, 2),
    Severity.WARNING,
    (Evidence(Mark.EXAMINED, "2025-03", 1), Evidence(Mark.EXAMINED, "2025-04", 2)),
)
CANCEL = Recommendation(
    RecommendationKind.CANCEL,
    "minzheng",
    2026,
    ("minzheng.2",),
    DutyCategory.IMPLEMENTATION,
    "长期不履行，建议取消。",
    signals=(GAP,),
    changes=(StatusChange("minzheng", 2, DutyStatus.CANCELLED),),
    shift=Shift.CANCEL,
)


def test_a_signal_is_raised_as_a_finding_with_its_evidence_once(
    database: Database, imported_department: Department, now: datetime
) -> None:
    with database.unit_of_work() as uow:
        uow.monitoring.lock_raising()
        first = uow.monitoring.raise_signal(
            GAP, kind=FindingKind.GAP, item="第2项职责", detail="关注", at=now
        )
        again = uow.monitoring.raise_signal(
            GAP, kind=FindingKind.GAP, item="第2项职责", detail="关注", at=now
        )
        uow.commit()
    assert first is not None and again is None
    with database.unit_of_work() as uow:
        (raised,) = uow.monitoring.all()
        finding = uow.findings.get(first)
        refs = uow.monitoring.raised_refs()
    assert raised.signal == GAP and raised.finding_id == first and raised.status is FindingStatus.OPEN
    assert finding is not None and finding.kind is FindingKind.GAP and finding.submission_id is None
    # A month later the same silence has one more report examined: the same signal, not raised again.
    later = Signal(
        GAP.kind,
        GAP.pattern,
        GAP.department,
        GAP.duties,
        GAP.start,
        date(2026, 4, 2),
        Severity.WARNING,
        (*GAP.evidence, Evidence(Mark.EXAMINED, "2025-05", 3)),
    )
    assert already_raised(later, refs)


def test_the_day_of_a_run_is_claimed_once(database: Database, now: datetime) -> None:
    with database.unit_of_work() as uow:
        assert not uow.monitoring.ran_on(date(2026, 3, 2))
        assert uow.monitoring.record_run(date(2026, 3, 2), at=now, signals=3, raised=1)
        assert not uow.monitoring.record_run(date(2026, 3, 2), at=now, signals=3, raised=0)
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.monitoring.ran_on(date(2026, 3, 2))


def test_a_recommendation_is_kept_as_first_made_and_decided_once(
    database: Database, imported_department: Department, now: datetime
) -> None:
    with database.unit_of_work() as uow:
        kept = uow.recommendations.keep(CANCEL, at=now)
        # Made again a month on, argued with more evidence: the same recommendation, as it was first made.
        again = uow.recommendations.keep(
            replace(CANCEL, rationale="更长的沉默。"), at=now + timedelta(days=30)
        )
        uow.commit()
    assert again.id == kept.id and again.recommendation.rationale == "长期不履行，建议取消。"
    assert kept.recommendation == CANCEL and kept.state is RecommendationState.PROPOSED

    amended = (NewDuty("minzheng", "承担养老服务质量监管工作。", DutyCategory.SUPERVISION),)
    with database.unit_of_work() as uow:
        assert uow.recommendations.decide(
            kept.id,
            state=RecommendationState.AMENDED,
            changes=amended,
            by=None,
            at=now,
            reason="改为明确新职责",
            revisions=[7],
        )
        assert not uow.recommendations.decide(
            kept.id, state=RecommendationState.REJECTED, changes=(), by=None, at=now, reason="晚了"
        )
        uow.commit()
    with database.unit_of_work() as uow:
        decided = uow.recommendations.get(kept.id)
        listed = uow.recommendations.of_year(2026, "minzheng")
    assert decided is not None and decided.state is RecommendationState.AMENDED
    assert decided.recommendation.changes == amended and decided.proposed == CANCEL.changes
    assert decided.recommendation.reason == "改为明确新职责" and decided.revisions == (7,)
    assert [r.id for r in listed] == [kept.id]
