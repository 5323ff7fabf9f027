"""理顺职责关系 from recurring overlaps that staff confirmed: who should lead and who assist, written into
both duties as a 三定's 职责分工 would say it.

Who leads: for work one department keeps doing on another's duty, the duty's holder (the review placed the
work on that duty because it fits it better than the doer's own). When both do the work under their own
duties, the one doing more of it (more confirmed items); a tie is for the office to decide, and the
recommendation then proposes no change until staff amend it with a lead.
"""

from __future__ import annotations

from collections.abc import Sequence

from fm_domain.models import Catalog
from fm_domain.monitoring.settings import MonitoringSettings
from fm_domain.monitoring.signal import Evidence, Pattern, Signal, SignalKind
from fm_domain.recommendations import texts
from fm_domain.recommendations.evidence import confirmed_periods
from fm_domain.recommendations.recommendation import DutyNote, Recommendation, RecommendationKind


def relation_recommendations(
    catalog: Catalog,
    year: int,
    signals: Sequence[Signal],
    confirmed: frozenset[int],
    monitoring: MonitoringSettings,
    exclude: Sequence[Signal] = (),
) -> list[Recommendation]:
    result = []
    for signal in signals:
        if signal.kind is not SignalKind.OVERLAP or signal in exclude:
            continue
        both = signal.pattern is Pattern.BOTH_CLAIM
        periods = confirmed_periods(signal, confirmed)
        if len(periods) < (monitoring.claim_periods if both else monitoring.overlap_periods):
            continue
        evidence = [e for e in signal.evidence if e.finding_id in confirmed]
        first, second = signal.department, signal.other_department
        lead = _lead(evidence, first, second) if both else second  # else: the holder of the duty worked on
        items = list(dict.fromkeys(e.item for e in evidence))
        assist = second if lead == first else first
        changes = _notes(catalog, signal.duties, items[0], lead, assist) if lead else ()
        # Grouped under the class of the lead's duty (the other's, while the lead is undecided).
        duty = next((d for d in signal.duties if lead and d.startswith(f"{lead}.")), signal.duties[0])
        found = catalog.duty(duty)
        category = found.category if found else None
        result.append(
            Recommendation(
                RecommendationKind.STREAMLINE,
                first,
                year,
                signal.duties,
                category,
                texts.streamline(catalog, first, second, signal.duties, items, len(periods), lead, both),
                signals=(signal,),
                changes=changes,
                others=(second,),
            )
        )
    return result


def _lead(evidence: Sequence[Evidence], first: str, second: str) -> str:
    """The side doing more of the work both claim; "" on a tie."""
    a = sum(1 for e in evidence if e.department == first)
    b = sum(1 for e in evidence if e.department == second)
    return first if a > b else second if b > a else ""


def _notes(
    catalog: Catalog, duties: Sequence[str], item: str, lead: str, assist: str
) -> tuple[DutyNote, ...]:
    """A note on each side's duty in the overlap: the lead's says it leads, the assisting side's that it
    assists (a side with no duty of its own in it gets none: the work is not in its 三定 to begin with)."""
    notes = []
    for duty_id in duties:
        duty = catalog.duty(duty_id)
        if duty is not None and duty.department in (lead, assist):
            we_lead = duty.department == lead
            notes.append(
                DutyNote(duty.department, duty.n, texts.lead_note(catalog, item, lead, assist, we_lead))
            )
    return tuple(notes)
