"""绩效管理's part of the dossier: the department's score, its breakdown with the evidence of every point,
and the score against the median of departments; across departments, the ranking (the console's
/ranking page and the city workbook).

The scores are read exactly as /考评 reads them (conversations.assessment.assess_year), so the dossier,
the chat and ``fmbot perf`` never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from decimal import Decimal
from statistics import median
from zoneinfo import ZoneInfo

from conversations import performance_texts as pt
from conversations.archive import part_texts as t
from conversations.assessment import assess_year
from conversations.ports import UnitOfWork
from fm_domain.archive import Part, PartKey
from fm_domain.archive.document import Chart, ChartKind, Paragraph, Section, Series, Table, View
from fm_domain.calendar import WorkingCalendar
from fm_domain.performance import DepartmentScore, Scheme, YearScores


class PerformancePart:
    key = PartKey.PERFORMANCE

    def __init__(
        self,
        *,
        calendar: WorkingCalendar,
        timezone: ZoneInfo,
        scheme: Scheme | None,
        today: Callable[[], date],
    ) -> None:
        self._calendar, self._timezone, self._scheme, self._today = calendar, timezone, scheme, today

    def _scores(self, uow: UnitOfWork, year: int) -> YearScores | None:
        return assess_year(uow, year, self._today(), self._calendar, self._timezone, self._scheme)

    def department_part(self, uow: UnitOfWork, department: str, year: int) -> Part | None:
        scores = self._scores(uow, year)
        score = scores.of(department) if scores is not None else None
        if scores is None or score is None:
            return None  # no scheme for the year: nothing to show, the chapter is left out
        names = pt.duty_labels(uow.catalog.current())
        table = _breakdown(scores, score, names)
        summary = t.score_summary(
            pt.points_text(score.total), score.rank, len(scores.scores), scores.closed_at is not None
        )
        chart = _against_median(scores, score)
        section = Section("performance", t.SECTION_PERFORMANCE, (Paragraph(summary), chart, table))
        return Part(PartKey.PERFORMANCE, section, (View(t.VIEW_SCORES, table, (chart,)),))

    def city_part(self, uow: UnitOfWork, year: int, departments: Collection[str]) -> Part | None:
        scores = self._scores(uow, year)
        if scores is None:
            return None
        names = uow.reporting.department_names()
        shown = [s for s in scores.scores if s.department in departments]
        table = Table(
            "ranking",
            t.SECTION_RANKING,
            t.RANKING_COLUMNS,
            tuple((s.rank, names.get(s.department, s.department), float(s.total)) for s in shown),
        )
        totals = [float(s.total) for s in scores.scores]
        chart = Chart(
            "ranking-totals",
            t.CHART_RANKING,
            ChartKind.BAR,
            tuple(names.get(s.department, s.department) for s in shown),
            (Series(t.POINTS, tuple(float(s.total) for s in shown)),),
            line=(t.MEDIAN, median(totals)) if totals else None,
        )
        section = Section("ranking", t.SECTION_RANKING, (chart, table))
        return Part(PartKey.PERFORMANCE, section, (View(t.VIEW_RANKING, table, (chart,)),))


def _breakdown(scores: YearScores, score: DepartmentScore, names: dict[str, str]) -> Table:
    dimensions = {d.code: d.name for d in scores.scheme.dimensions}
    rows = []
    for point in score.points:
        indicator = scores.scheme.indicator(point.indicator)
        rows.append(
            (
                dimensions.get(point.dimension, point.dimension),
                point.name,
                pt.raw_text(point, indicator),
                float(point.points),
                float(point.max_points),
                pt.point_evidence(point, indicator, names),
            )
        )
    return Table("performance-points", t.SECTION_PERFORMANCE, t.SCORE_COLUMNS, tuple(rows))


def _against_median(scores: YearScores, score: DepartmentScore) -> Chart:
    """Each dimension's points beside the median of every department's (what a reader compares)."""
    codes = [d.code for d in scores.scheme.dimensions]

    def middle(code: str) -> float:
        return float(median([s.dimension_total(code) for s in scores.scores] or [Decimal(0)]))

    return Chart(
        "performance-median",
        t.CHART_AGAINST_MEDIAN,
        ChartKind.BAR,
        tuple(d.name for d in scores.scheme.dimensions),
        (
            Series(t.POINTS, tuple(float(score.dimension_total(code)) for code in codes)),
            Series(t.MEDIAN, tuple(middle(code) for code in codes)),
        ),
    )
