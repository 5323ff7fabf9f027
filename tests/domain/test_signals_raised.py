"""Signals into findings: a signal and a recommendation survive storage as JSON, a signal that shares its
evidence with one raised before is that one, and a gap staff verified is recommended for 取消 at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fm_domain.calendar import WorkingCalendar
from fm_domain.models import DutyCategory, DutyStatus
from fm_domain.monitoring import (
    Evidence,
    Mark,
    Pattern,
    Records,
    Severity,
    Signal,
    SignalKind,
    already_raised,
    evidence_refs,
    finding_kind,
    monitor,
    signal_from_json,
    signal_key,
    signal_to_json,
)
from fm_domain.recommendations import (
    DutyNote,
    NewDuty,
    StatusChange,
    recommend_year,
    recommendation_from_json,
    recommendation_key,
    recommendation_to_json,
)
from fm_domain.records import FindingKind
from tests.domain.year_kit import CATALOG, NOW, ordinary_year

LATE = Signal(
    SignalKind.UNREPORTED,
    Pattern.LATE_OR_MISSING,
    "jiaoyu",
    (),
    date(2025, 12, 1),
    date(2026, 12, 1),
    Severity.WARNING,
    (
        Evidence(Mark.LATE, "2026-02", 7, task="monthly", working_days_late=3),
        Evidence(Mark.MISSING, "2026-05", task="monthly"),
        Evidence(Mark.MISSING, "2026-06", task="monthly"),
    ),
)


def test_a_signal_reads_back_from_its_json_as_it_was() -> None:
    assert signal_from_json(signal_to_json(LATE)) == LATE
    assert signal_to_json(LATE)["evidence"][1] == {"mark": "missing", "period": "2026-05", "task": "monthly"}
    assert finding_kind(LATE) is FindingKind.UNREPORTED


def test_the_same_pattern_a_month_on_is_the_one_raised_and_a_new_silence_is_not() -> None:
    raised = {signal_key(LATE): [evidence_refs(LATE)]}
    month_on = replace(
        LATE, end=date(2027, 1, 1), evidence=(*LATE.evidence[1:], Evidence(Mark.MISSING, "2026-12"))
    )
    assert already_raised(month_on, raised)
    fresh = replace(LATE, evidence=(Evidence(Mark.MISSING, "2027-03", task="monthly"),))
    assert not already_raised(fresh, raised)
    other_department = replace(LATE, department="minzheng")
    assert not already_raised(other_department, raised)


def test_a_recommendation_reads_back_from_its_json_and_keeps_its_key_when_argued_anew() -> None:
    records = Records(CATALOG, tuple(ordinary_year()))
    [urge] = recommend_year(records, monitor(records, NOW, WorkingCalendar.standard()), 2026)
    assert recommendation_from_json(recommendation_to_json(urge)) == urge
    assert recommendation_key(replace(urge, rationale="另一种说法")) == recommendation_key(urge)
    changed = replace(urge, changes=(StatusChange("jiaoyu", 6, DutyStatus.DELEGATED),))
    assert recommendation_key(changed) != recommendation_key(urge)
    every_change = (
        StatusChange("jiaoyu", 6, DutyStatus.CANCELLED),
        NewDuty("jiaoyu", "承担托育服务指导工作。", DutyCategory.IMPLEMENTATION),
        DutyNote("jiaoyu", 3, "（校园周边整治由城管局牵头，本部门配合。）"),
    )
    with_changes = replace(urge, changes=every_change)
    assert recommendation_from_json(recommendation_to_json(with_changes)) == with_changes


def test_a_gap_staff_verified_is_recommended_for_cancelling_after_one_span() -> None:
    records = Records(CATALOG, tuple(ordinary_year()))
    signals = monitor(records, NOW, WorkingCalendar.standard())
    [cancel, _staffing] = recommend_year(records, signals, 2026, verified_gaps={"jiaoyu.6"})
    assert cancel.kind.value == "cancel" and cancel.changes == (
        StatusChange("jiaoyu", 6, DutyStatus.CANCELLED),
    )
    assert "编办经书面函询、走访等核实" in cancel.rationale
