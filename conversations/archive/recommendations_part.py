"""动态管理's part of the dossier: the year's recommendations as first made, with staff's decision (who
decided when, why) and the catalog revisions an adoption made; across departments, the console's
/recommendations page and the city workbook's sheet."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from zoneinfo import ZoneInfo

from conversations.archive import part_texts as t
from conversations.ports import UnitOfWork
from fm_domain.archive import Part, PartKey
from fm_domain.archive.document import Cell, Section, Table, View
from fm_domain.recommendations import StoredRecommendation
from fm_domain.recommendations import texts as rt


class RecommendationsPart:
    key = PartKey.RECOMMENDATIONS

    def __init__(self, *, timezone: ZoneInfo) -> None:
        self._timezone = timezone

    def department_part(self, uow: UnitOfWork, department: str, year: int) -> Part | None:
        return self._part(uow, uow.recommendations.of_year(year, department))

    def city_part(self, uow: UnitOfWork, year: int, departments: Collection[str]) -> Part | None:
        wanted = set(departments)
        return self._part(
            uow, [s for s in uow.recommendations.of_year(year) if s.recommendation.department in wanted]
        )

    def _part(self, uow: UnitOfWork, kept: Sequence[StoredRecommendation]) -> Part | None:
        if not kept:
            return None  # none made yet: the chapter is left out, the page says so
        names = uow.reporting.department_names()
        table = Table(
            "recommendations",
            t.SECTION_RECOMMENDATIONS,
            t.RECOMMENDATION_COLUMNS,
            tuple(self._row(stored, names) for stored in kept),
        )
        section = Section("recommendations", t.SECTION_RECOMMENDATIONS, (table,))
        return Part(PartKey.RECOMMENDATIONS, section, (View(t.VIEW_RECOMMENDATIONS, table),))

    def _row(self, stored: StoredRecommendation, names: Mapping[str, str]) -> tuple[Cell, ...]:
        r = stored.recommendation
        decided = r.decided_at.astimezone(self._timezone).date() if r.decided_at else None
        return (
            stored.id,
            names.get(r.department, r.department),
            rt.KIND_LABELS[r.kind],
            rt.category_label(r.category),
            r.rationale,
            rt.STATE_LABELS[r.state],
            decided,
            r.reason,
            "、".join(str(revision) for revision in stored.revisions),
        )
