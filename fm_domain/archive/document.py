"""A document as a tree of plain values: sections with paragraphs, tables and charts.

The dossier (电子档案) is assembled once into this tree and then rendered three ways: Word (python-docx,
charts as images), Excel (openpyxl, one sheet per table, native charts) and the web console's department
page (HTML, ECharts). The renderers know nothing of departments or findings, only of these blocks, so a
part added later (recommendations, scores: ``fm_domain.archive.extension``) appears in every form at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

Cell = str | int | float | date | datetime | None


class ColumnKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"  # a date, written as a date (Excel: a real date cell)
    LONG_TEXT = "long_text"  # wraps; the widest column of a table


@dataclass(frozen=True)
class Column:
    title: str
    kind: ColumnKind = ColumnKind.TEXT


@dataclass(frozen=True)
class Table:
    """Rows under named columns; ``key`` is stable for code (tests, the web page's anchors)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty_text: str = ""  # shown instead of an empty table

    def __post_init__(self) -> None:
        widths = {len(row) for row in self.rows}
        if widths - {len(self.columns)}:
            raise ValueError(f"table {self.key}: every row needs {len(self.columns)} cells")


class ChartKind(StrEnum):
    BAR = "bar"  # grouped bars, one group per category
    STACKED_BAR = "stacked_bar"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart by data: categories along the x axis, one bar (or stack part) per series; ``line`` is
    a reference value drawn across (the median of departments)."""

    key: str
    title: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    y_title: str = ""
    line: tuple[str, float] | None = None  # (label, value)

    def __post_init__(self) -> None:
        if any(len(s.values) != len(self.categories) for s in self.series):
            raise ValueError(f"chart {self.key}: every series needs one value per category")

    @property
    def empty(self) -> bool:
        return not self.categories or not any(v for s in self.series for v in s.values)


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a remark in smaller type (what a table leaves out, where data is missing)


Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.subsections:
            yield from child.walk()

    def charts(self) -> Iterator[Chart]:
        for section in self.walk():
            yield from (block for block in section.blocks if isinstance(block, Chart))


@dataclass(frozen=True)
class View:
    """One sheet of the workbook: a single table (an Excel table with filters) and its native charts.
    Views are the record row by row (every item of every version, every finding), where the sections
    tell it as a document."""

    name: str  # the sheet's name (at most 31 characters)
    table: Table
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str  # the year, who it is for
    facts: tuple[tuple[str, str], ...]  # the title page's lines: (label, value)
    sections: tuple[Section, ...]
    views: tuple[View, ...] = ()

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def tables(self) -> Iterator[Table]:
        for section in self.walk():
            yield from (block for block in section.blocks if isinstance(block, Table))

    def charts(self) -> Iterator[Chart]:
        for section in self.walk():
            yield from (block for block in section.blocks if isinstance(block, Chart))
