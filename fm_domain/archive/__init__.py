"""电子档案: the read model of a department's record for a year, reports on time, coverage of the 三定, and
the plain document tree the dossier is rendered from (Word, Excel, the web console). Pure."""

from fm_domain.archive.coverage import ClassCoverage, CoverageHeat, coverage_by_class, coverage_heat
from fm_domain.archive.document import (
    Block,
    Cell,
    Chart,
    ChartKind,
    Column,
    ColumnKind,
    Document,
    Paragraph,
    Section,
    Series,
    Table,
    View,
)
from fm_domain.archive.dossier import (
    DepartmentYear,
    Dossier,
    InquiryThread,
    IssueReportRecord,
    SeriesRecord,
    assemble_dossier,
    series_of_year,
)
from fm_domain.archive.extension import PART_ORDER, Part, PartKey
from fm_domain.archive.punctuality import ReportCell, ReportState, periods_of_year, report_cells
from fm_domain.archive.revisions import Change, ChangeKind, Revision, RevisionEntry, revision_history

__all__ = [
    "PART_ORDER",
    "Block",
    "Cell",
    "Change",
    "ChangeKind",
    "Chart",
    "ChartKind",
    "ClassCoverage",
    "Column",
    "ColumnKind",
    "CoverageHeat",
    "DepartmentYear",
    "Document",
    "Dossier",
    "InquiryThread",
    "IssueReportRecord",
    "Paragraph",
    "Part",
    "PartKey",
    "ReportCell",
    "ReportState",
    "Revision",
    "RevisionEntry",
    "Section",
    "Series",
    "SeriesRecord",
    "Table",
    "View",
    "assemble_dossier",
    "coverage_by_class",
    "coverage_heat",
    "periods_of_year",
    "report_cells",
    "revision_history",
    "series_of_year",
]
