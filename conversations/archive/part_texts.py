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


# --- 运行监管's own records (conversations.archive.record_parts) -------------------------------------------

SUB_PROGRESS = "统计表"
SUB_WORK_REPORTS = "重要政策措施和重大活动"
VIEW_PROGRESS = "统计表"
VIEW_WORK_REPORTS = "政策措施和重大活动"
VIEW_VISITS = "走访和现场查看"
VIEW_LIFECYCLE = "发现处理过程"
SYSTEM = "系统"

PROGRESS_COLUMNS = (
    Column("统计表"),
    Column("部门"),
    Column("期间"),
    Column("版本", ColumnKind.NUMBER),
    Column("报送时间", ColumnKind.DATE),
    Column("回执"),
    Column("事项", ColumnKind.LONG_TEXT),
    Column("指标"),
    Column("数值", ColumnKind.NUMBER),
)
WORK_REPORT_COLUMNS = (
    Column("回执"),
    Column("部门"),
    Column("类型"),
    Column("名称", ColumnKind.LONG_TEXT),
    Column("日期", ColumnKind.DATE),
    Column("内容", ColumnKind.LONG_TEXT),
    Column("认定"),
    Column("对应职责"),
    Column("说明", ColumnKind.LONG_TEXT),
    Column("附件"),
)
VISIT_COLUMNS = (
    Column("编号", ColumnKind.NUMBER),
    Column("部门"),
    Column("方式"),
    Column("日期", ColumnKind.DATE),
    Column("地点"),
    Column("参加人员"),
    Column("情况记录", ColumnKind.LONG_TEXT),
    Column("涉及发现"),
    Column("附件"),
)
LIFECYCLE_COLUMNS = (
    Column("发现编号", ColumnKind.NUMBER),
    Column("部门"),
    Column("类型"),
    Column("原状态"),
    Column("新状态"),
    Column("时间", ColumnKind.DATE),
    Column("经办人"),
    Column("理由", ColumnKind.LONG_TEXT),
    Column("关联"),
    Column("整改期限", ColumnKind.DATE),
)
RAISED = "提出"


def linked(inquiry_id: int | None, visit_id: int | None) -> str:
    parts = ([f"书面函询#{inquiry_id}"] if inquiry_id else []) + ([f"走访#{visit_id}"] if visit_id else [])
    return "、".join(parts)


def finding_refs(ids: tuple[int, ...]) -> str:
    return "、".join(f"#{n}" for n in ids)
