"""The Chinese of the dossier's parts that 绩效管理 and 动态管理 add (conversations.archive.parts_*)."""

from __future__ import annotations

from fm_domain.archive.document import Column, ColumnKind

SECTION_PERFORMANCE = "绩效考评"
SECTION_RANKING = "绩效考评排名"
VIEW_SCORES = "绩效考评"
VIEW_RANKING = "绩效排名"
CHART_AGAINST_MEDIAN = "各维度得分与部门中位数"
CHART_RANKING = "各部门总分"
MEDIAN = "部门中位数"
POINTS = "得分"

SCORE_COLUMNS = (
    Column("维度"),
    Column("指标"),
    Column("原始值"),
    Column("得分", ColumnKind.NUMBER),
    Column("满分或最多扣分", ColumnKind.NUMBER),
    Column("依据", ColumnKind.LONG_TEXT),
)
RANKING_COLUMNS = (Column("名次", ColumnKind.NUMBER), Column("部门"), Column("总分", ColumnKind.NUMBER))

SECTION_RECOMMENDATIONS = "动态管理建议"
VIEW_RECOMMENDATIONS = "动态管理建议"
RECOMMENDATION_COLUMNS = (
    Column("编号", ColumnKind.NUMBER),
    Column("部门"),
    Column("类型"),
    Column("职能类别"),
    Column("理由", ColumnKind.LONG_TEXT),
    Column("决定"),
    Column("决定日期", ColumnKind.DATE),
    Column("决定理由", ColumnKind.LONG_TEXT),
    Column("三定修订"),
)


def score_summary(total: str, rank: int, of: int, closed: bool) -> str:
    state = "考评已结束，结果已固定" if closed else "考评进行中，结果随数据变化"
    return f"总分 {total} 分，第 {rank}/{of} 名。{state}。"


def no_scores(year: int) -> str:
    return f"{year} 年度尚无绩效考评方案，未计算得分。"
