"""电子档案 and the web console's read models: reading a department's (or the city's) year through the
ports, and turning it into the plain document tree that bot renders as Word, Excel and HTML.

bot takes these names through ``from conversations import archive``.
"""

from conversations.archive.console import (
    FindingFilter,
    FindingRow,
    Overview,
    filter_choices,
    finding_rows,
    overview,
)
from conversations.archive.dossier_document import city_document, dossier_document
from conversations.archive.extension import DOCX_MIME, XLSX_MIME, ArchiveExtension, DocumentWriter
from conversations.archive.performance_part import PerformancePart
from conversations.archive.reading import (
    CityYear,
    city_parts,
    city_workbook,
    department_named,
    read_city,
    read_dossier,
    read_report_cells,
)
from conversations.archive.recommendations_part import RecommendationsPart
from conversations.archive.record_parts import LifecyclePart, ReportsPart, VisitsPart

__all__ = [
    "DOCX_MIME",
    "XLSX_MIME",
    "ArchiveExtension",
    "CityYear",
    "DocumentWriter",
    "FindingFilter",
    "FindingRow",
    "LifecyclePart",
    "Overview",
    "PerformancePart",
    "RecommendationsPart",
    "ReportsPart",
    "VisitsPart",
    "city_document",
    "city_parts",
    "city_workbook",
    "department_named",
    "dossier_document",
    "filter_choices",
    "finding_rows",
    "overview",
    "read_city",
    "read_dossier",
    "read_report_cells",
]
