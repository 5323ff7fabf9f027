"""The two seams of the dossier: what other features add to it (ArchiveExtension), and who turns the
document into a file (DocumentWriter, which bot implements with python-docx, openpyxl and matplotlib, so
the conversations never load them).

An extension, written by the feature it belongs to (运行监管 and 动态管理, 绩效管理) and listed in
``Services.archive_extensions`` by the composition root::

    class PerformanceExtension:
        key = PartKey.PERFORMANCE

        def department_part(self, uow, department, year):  # the dossier's chapter and workbook sheets
            scores = uow.performance.scores(year)  # whatever that feature's port offers
            return Part(PartKey.PERFORMANCE, Section(...), views=(View(...),))

        def city_part(self, uow, year, departments):  # the console's ranking page, the city workbook
            ...

Both return None when there is nothing to show yet (no scores for the year), and the dossier leaves the
part out; the console's page for the key says it is not available yet.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from conversations.ports import UnitOfWork
from fm_domain.archive import Document, Part, PartKey


class ArchiveExtension(Protocol):
    @property
    def key(self) -> PartKey: ...

    def department_part(self, uow: UnitOfWork, department: str, year: int) -> Part | None:
        """The department's part for the year: a chapter of the dossier and its sheets."""
        ...

    def city_part(self, uow: UnitOfWork, year: int, departments: Collection[str]) -> Part | None:
        """The part across ``departments`` (those the reader may see): a ranking, every recommendation."""
        ...


class DocumentWriter(Protocol):
    def docx(self, document: Document) -> bytes: ...
    def xlsx(self, document: Document) -> bytes: ...


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
