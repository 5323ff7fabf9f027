"""The DocumentWriter the conversations are given (Services.documents): the document tree as file bytes."""

from __future__ import annotations

from bot.archive.docx_writer import write_docx
from bot.archive.xlsx_writer import write_xlsx
from fm_domain.archive import Document


class DocumentFiles:
    def docx(self, document: Document) -> bytes:
        return write_docx(document)

    def xlsx(self, document: Document) -> bytes:
        return write_xlsx(document)
