"""Charts for the browser: the document tree's charts and the coverage heat map as ECharts options (plain
JSON, embedded in the page and drawn by static/console.js with the vendored ECharts)."""

from __future__ import annotations

from typing import Any

from conversations import archive_texts
from fm_domain.archive import Chart, ChartKind, CoverageHeat

PALETTE = ["#2f6fb0", "#e39a2d", "#c8463d", "#6a9f4b", "#8d6cab", "#7f7f7f"]


def chart_option(chart: Chart) -> dict[str, Any]:
    stacked = chart.kind is ChartKind.STACKED_BAR
    series: list[dict[str, Any]] = [
        {"name": s.name, "type": "bar", "data": list(s.values), **({"stack": "total"} if stacked else {})}
        for s in chart.series
    ]
    if chart.line is not None:
        label, value = chart.line
        series.append(
            {
                "name": label,
                "type": "line",
                "data": [value] * len(chart.categories),
                "symbol": "none",
                "lineStyle": {"type": "dashed", "color": "#444"},
            }
        )
    return {
        "color": PALETTE,
        "title": {"text": chart.title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"left": 48, "right": 16, "top": 40, "bottom": 64},
        "xAxis": {
            "type": "category",
            "data": list(chart.categories),
            "axisLabel": {"interval": 0, "rotate": 0},
        },
        "yAxis": {"type": "value", "name": chart.y_title, "minInterval": 1},
        "series": series,
        "animation": False,
    }


def heat_option(heat: CoverageHeat, title: str) -> dict[str, Any]:
    """Duties down, the year's goals then the twelve months across, items touching each duty as colour."""
    columns = [archive_texts.ANNUAL_COLUMN, *(archive_texts.month_label(m) for m in range(1, 13))]
    duties = [f"{duty.n}. {duty.text[:18]}" for duty in heat.duties]
    data = [
        [column, row, value] for row, counts in enumerate(heat.counts) for column, value in enumerate(counts)
    ]
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"position": "top"},
        "grid": {"left": 220, "right": 24, "top": 40, "bottom": 72},
        "xAxis": {"type": "category", "data": columns, "splitArea": {"show": True}},
        "yAxis": {"type": "category", "data": duties, "inverse": True, "splitArea": {"show": True}},
        "visualMap": {
            "min": 0,
            "max": max(heat.maximum, 1),
            "calculable": True,
            "orient": "horizontal",
            "left": "center",
            "bottom": 8,
            "inRange": {"color": ["#f4f7fb", "#2f6fb0"]},
        },
        "series": [{"type": "heatmap", "data": data, "label": {"show": True}}],
        "animation": False,
    }
