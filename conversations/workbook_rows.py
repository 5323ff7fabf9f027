"""The rows of an untrusted workbook's first sheet: measured (zip_limits) before openpyxl opens it, and read
no further than a limit, for the sheets staff and liaisons send (考评表, 统计表)."""

from __future__ import annotations

import io
import itertools

from conversations.zip_limits import check_zip


def first_sheet_rows(content: bytes, max_rows: int) -> list[list[object]]:
    """The values of the first sheet, at most ``max_rows + 1`` rows (one more tells the caller there were
    too many). Raises whatever a damaged or hostile file makes the zip check or the parser raise."""
    from openpyxl import load_workbook

    check_zip(content)
    workbook = load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    try:
        worksheet = workbook.worksheets[0]
        return [list(row) for row in itertools.islice(worksheet.iter_rows(values_only=True), max_rows + 1)]
    finally:
        workbook.close()
