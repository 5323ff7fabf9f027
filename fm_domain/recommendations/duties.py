"""调整职能配置 for duties not performed (缺位): 督促履行 after one span, 取消 after two (长期不履行) or once
staff have verified the gap (its finding confirmed, after an inquiry or a visit showed the duty is not
performed),
转移 when another department is doing the work instead (its overlaps on the duty, confirmed), and one
纠正 for a department that leaves a good share of its duties untouched (擅自缩小职责范围) instead of one
督促 each."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from fm_domain.models import Catalog, DutyStatus
from fm_domain.monitoring.gaps import gap_months
from fm_domain.monitoring.periods import months_between
from fm_domain.monitoring.settings import MonitoringSettings
from fm_domain.monitoring.signal import Pattern, Severity, Signal, SignalKind
from fm_domain.recommendations import texts
from fm_domain.recommendations.evidence import confirmed_periods
from fm_domain.recommendations.recommendation import (
    NewDuty,
    Recommendation,
    RecommendationKind,
    Shift,
    StatusChange,
)
from fm_domain.recommendations.settings import RecommendationSettings


@dataclass(frozen=True)
class DutyRecommendations:
    recommendations: list[Recommendation]
    transfers: list[Signal]  # the overlap signals a 转移 stands on (no 理顺 for them: the duty moves)


def duty_recommendations(
    catalog: Catalog,
    year: int,
    signals: Sequence[Signal],
    confirmed: frozenset[int],
    settings: RecommendationSettings,
    monitoring: MonitoringSettings,
    verified: Collection[str] = (),
) -> DutyRecommendations:
    """``verified``: the duties whose 缺位 finding staff confirmed."""
    result: list[Recommendation] = []
    transfers: list[Signal] = []
    overlaps = [s for s in signals if s.kind is SignalKind.OVERLAP and s.pattern is Pattern.RECURRING]
    for department in catalog:
        gaps = [s for s in signals if s.kind is SignalKind.GAP and s.department == department.code]
        urged: list[Signal] = []
        for gap in gaps:
            duty_id = gap.duties[0]
            months = months_between(gap.start, gap.end)
            taker = next(
                (
                    s
                    for s in overlaps
                    if s.other_department == department.code
                    and s.duties[0] == duty_id
                    and len(confirmed_periods(s, confirmed)) >= monitoring.overlap_periods
                ),
                None,
            )
            if taker is not None:
                transfers.append(taker)
                result.append(_transfer(catalog, year, gap, taker, months, confirmed))
            elif gap.severity is Severity.SERIOUS or duty_id in verified:
                result.append(_on_gap(catalog, year, gap, RecommendationKind.CANCEL, duty_id in verified))
            else:
                urged.append(gap)
        expected = [
            d
            for d in department.duties
            if d.active and not d.periodic and gap_months(d, monitoring) is not None
        ]
        silent = [g for g in urged if not _periodic(catalog, g)]
        if expected and len(silent) >= settings.narrowing_share * len(expected):
            result.append(_narrowing(catalog, year, department.code, silent, len(expected)))
            urged = [g for g in urged if g not in silent]
        result += [_on_gap(catalog, year, gap, RecommendationKind.URGE) for gap in urged]
    return DutyRecommendations(result, transfers)


def _periodic(catalog: Catalog, gap: Signal) -> bool:
    duty = catalog.duty(gap.duties[0])
    return duty is not None and duty.periodic


def _on_gap(
    catalog: Catalog, year: int, gap: Signal, kind: RecommendationKind, verified: bool = False
) -> Recommendation:
    """取消 (with the status change it implies) or 督促履行 (advice alone) for one unperformed duty."""
    duty = catalog.duty(gap.duties[0])
    assert duty is not None  # a gap is only ever of a duty of the catalog
    months = months_between(gap.start, gap.end)
    cancel = kind is RecommendationKind.CANCEL
    return Recommendation(
        kind,
        gap.department,
        year,
        gap.duties,
        duty.category,
        _rationale(kind, verified)(catalog, duty.id, gap.start, months),
        signals=(gap,),
        changes=(StatusChange(duty.department, duty.n, DutyStatus.CANCELLED),) if cancel else (),
        shift=Shift.CANCEL if cancel else None,
    )


def _rationale(kind: RecommendationKind, verified: bool) -> Callable[[Catalog, str, date, int], str]:
    if kind is not RecommendationKind.CANCEL:
        return texts.urge
    return texts.cancel_verified if verified else texts.cancel


def _transfer(
    catalog: Catalog, year: int, gap: Signal, taker: Signal, months: int, confirmed: frozenset[int]
) -> Recommendation:
    duty = catalog.duty(gap.duties[0])
    assert duty is not None
    to = taker.department
    items = [e.item for e in taker.evidence if e.finding_id in confirmed]
    return Recommendation(
        RecommendationKind.SHIFT,
        gap.department,
        year,
        gap.duties,
        duty.category,
        texts.transfer(
            catalog, duty.id, gap.start, months, to, items, len(confirmed_periods(taker, confirmed))
        ),
        signals=(gap, taker),
        changes=(
            StatusChange(duty.department, duty.n, DutyStatus.TRANSFERRED),
            NewDuty(to, duty.text, duty.category),
        ),
        shift=Shift.TRANSFER,
        others=(to,),
    )


def _narrowing(
    catalog: Catalog, year: int, department: str, silent: list[Signal], expected: int
) -> Recommendation:
    return Recommendation(
        RecommendationKind.CORRECT,
        department,
        year,
        tuple(g.duties[0] for g in silent),
        None,
        texts.narrowing(catalog, department, len(silent), expected),
        signals=tuple(silent),
    )
