"""电子档案 as files: the document tree of conversations.archive written as Word (python-docx, charts drawn
with matplotlib in a CJK font) and Excel (openpyxl: one table with filters per view, native charts)."""

from bot.archive.files import DocumentFiles

__all__ = ["DocumentFiles"]
