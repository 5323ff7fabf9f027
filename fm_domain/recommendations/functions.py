"""调整职能配置 from work outside the 三定 (越位, confirmed by staff and recurring): work no department's duty
covers is a new function to 明确 (with a draft duty and its class, for staff to amend); work on a duty the
department no longer holds (cancelled, transferred, delegated) is overreach to 纠正."""

from __future__ import annotations

from collections.abc import Sequence

from fm_domain.catalog.categories import guess_category
from fm_domain.models import Catalog
from fm_domain.monitoring.signal import Pattern, Signal, SignalKind
from fm_domain.recommendations import texts
from fm_domain.recommendations.recommendation import NewDuty, Recommendation, RecommendationKind


def function_recommendations(catalog: Catalog, year: int, signals: Sequence[Signal]) -> list[Recommendation]:
    result = []
    for signal in signals:
        if signal.kind is not SignalKind.OVERREACH:
            continue
        items = [e.item for e in signal.evidence]
        periods = len(signal.periods)
        if signal.pattern is Pattern.OUT_OF_SCOPE:
            category = guess_category(items[0])
            result.append(
                Recommendation(
                    RecommendationKind.CLARIFY,
                    signal.department,
                    year,
                    (),
                    category,
                    texts.clarify(catalog, signal.department, items, periods, category),
                    signals=(signal,),
                    changes=(NewDuty(signal.department, texts.new_duty_text(items[0]), category),),
                )
            )
        else:
            duty = catalog.duty(signal.duties[0]) if signal.duties else None
            result.append(
                Recommendation(
                    RecommendationKind.CORRECT,
                    signal.department,
                    year,
                    signal.duties,
                    duty.category if duty else None,
                    texts.overreach(catalog, signal.duties[0], items, periods) if duty else "",
                    signals=(signal,),
                )
            )
    return result
