"""A year's scores as the 年度绩效考评 workbook: a summary sheet (rank, department, each dimension, total)
and a detail sheet with every point, its raw value and its evidence, so the printed table can be checked
line by line against what fmbot holds."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from conversations import performance_texts as texts
from fm_domain.performance import YearScores

SUMMARY_TITLE = "考评汇总"
DETAIL_TITLE = "考评明细"


def write_scores_xlsx(
    scores: YearScores, names: Mapping[str, str], duty_labels: Mapping[str, str], path: Path
) -> None:
    scheme = scores.scheme
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = SUMMARY_TITLE
    state = "（已结束，结果已固定）" if scores.closed_at else f"（进行中，截至 {scores.as_of:%Y-%m-%d}）"
    summary.append([f"{scores.year}年度部门职能履行绩效考评结果{state}"])
    summary.append([f"方案：{scheme.name}；满分 {scheme.bonus_points}"])
    dimensions = [f"{d.name}（{d.bonus_points}）" if d.bonus_points else d.name for d in scheme.dimensions]
    summary.append(["名次", "部门", *dimensions, "总分", "缺少数据"])
    for cell in summary[3]:
        cell.font = Font(bold=True)
    for score in scores.scores:
        summary.append(
            [
                score.rank,
                names.get(score.department, score.department),
                *(float(score.dimension_total(d.code)) for d in scheme.dimensions),
                float(score.total),
                "、".join(point.name for point in score.missing),
            ]
        )
    summary.column_dimensions["B"].width = 20

    detail = workbook.create_sheet(DETAIL_TITLE)
    detail.append(["部门", "维度", "指标", "方向", "分值", "原始值", "得分", "依据"])
    for cell in detail[1]:
        cell.font = Font(bold=True)
    dimension_names = {d.code: d.name for d in scheme.dimensions}
    for score in scores.scores:
        for point in score.points:
            indicator = scheme.indicator(point.indicator)
            detail.append(
                [
                    names.get(score.department, score.department),
                    dimension_names.get(point.dimension, point.dimension),
                    point.name,
                    texts.DIRECTION_LABELS[point.direction],
                    float(point.max_points),
                    texts.raw_text(point, indicator),
                    float(point.points),
                    texts.point_evidence(point, indicator, duty_labels),
                ]
            )
    for column, width in zip("ABCDEFGH", (16, 10, 30, 6, 6, 12, 8, 100), strict=True):
        detail.column_dimensions[column].width = width
    for row in detail.iter_rows(min_row=2, min_col=8, max_col=8):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)
