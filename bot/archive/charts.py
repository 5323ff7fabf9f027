"""A chart of the document tree drawn as a PNG with matplotlib, in the CJK font (bot/archive/fonts.py).

matplotlib is imported when the first chart is drawn (it takes a second), with the Agg backend: no display.
"""

from __future__ import annotations

import io
import threading
from typing import Any

from bot.archive.fonts import require_cjk_font
from fm_domain.archive import Chart, ChartKind

# A4 text width at 150 dpi: sharp in print, small in the file.
WIDTH_INCHES, HEIGHT_INCHES, DPI = 6.3, 3.2, 150
PALETTE = ("#2f6fb0", "#e39a2d", "#c8463d", "#6a9f4b", "#8d6cab", "#7f7f7f")
_lock = threading.Lock()  # pyplot keeps global state: one figure at a time


def chart_png(chart: Chart) -> bytes:
    """The chart as PNG bytes; MissingFont when no CJK font is installed."""
    font_path = require_cjk_font()
    with _lock:
        plt, font = _pyplot(str(font_path))
        figure, axes = plt.subplots(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
        try:
            _draw(axes, chart, font)
            figure.tight_layout()
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png")
            return buffer.getvalue()
        finally:
            plt.close(figure)


def _draw(axes: Any, chart: Chart, font: Any) -> None:
    positions = list(range(len(chart.categories)))
    count = max(len(chart.series), 1)
    stacked = chart.kind is ChartKind.STACKED_BAR
    width = 0.7 if stacked else 0.8 / count
    bottoms = [0.0] * len(positions)
    for n, series in enumerate(chart.series):
        colour = PALETTE[n % len(PALETTE)]
        if stacked:
            axes.bar(positions, series.values, width, bottom=bottoms, label=series.name, color=colour)
            bottoms = [b + v for b, v in zip(bottoms, series.values, strict=True)]
        else:
            offset = (n - (count - 1) / 2) * width
            axes.bar([p + offset for p in positions], series.values, width, label=series.name, color=colour)
    if chart.line is not None:
        label, value = chart.line
        axes.axhline(value, color="#444444", linestyle="--", linewidth=1, label=label)
    axes.set_xlim(-0.6, max(len(positions), 4) - 0.4)  # a lone bar keeps a bar's width
    axes.set_xticks(positions)
    rotate = 30 if len(chart.categories) > 6 and max(map(len, chart.categories), default=0) > 3 else 0
    axes.set_xticklabels(
        chart.categories, fontproperties=font, rotation=rotate, ha="right" if rotate else "center"
    )
    axes.set_title(chart.title, fontproperties=font)
    if chart.y_title:
        axes.set_ylabel(chart.y_title, fontproperties=font)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    if len(chart.series) > 1 or chart.line is not None:
        axes.legend(prop=font, frameon=False, fontsize=8)


_loaded: dict[str, Any] = {}


def _pyplot(font_path: str) -> tuple[Any, Any]:
    if "plt" not in _loaded:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import font_manager, pyplot

        _loaded["plt"] = pyplot
        _loaded["font_manager"] = font_manager
    font = _loaded["font_manager"].FontProperties(fname=font_path, size=9)
    return _loaded["plt"], font
