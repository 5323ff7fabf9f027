"""Word and Excel files made on the spot, the way departments send their plans."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl


def docx_file(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_member(archive: bytes, name: str, content: bytes) -> bytes:
    """``archive`` with the member ``name`` replaced (or added), deflated as Word and Excel do."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member, source.read(member))
        target.writestr(name, content)
    return out.getvalue()


def understating(archive: bytes, name: str, declared: int) -> bytes:
    """``archive`` whose central directory claims ``name`` unpacks to only ``declared`` bytes."""
    data = bytearray(archive)
    entry = data.find(b"PK\x01\x02")  # central directory entries: size at +24, name length at +28
    while entry >= 0:
        name_length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + name_length] == name.encode():
            data[entry + 24 : entry + 28] = declared.to_bytes(4, "little")
            return bytes(data)
        entry = data.find(b"PK\x01\x02", entry + 4)
    raise ValueError(f"no member {name}")
