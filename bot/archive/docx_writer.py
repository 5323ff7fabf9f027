"""The document tree as a Word file ready to print on A4: a title page, a table of contents, numbered
chapters as Word headings (levels 1–3), page numbers in the footer, Chinese fonts named for East Asian text
(宋体 for the body, 黑体 for headings), tables with a repeated header row, charts as images.

The contents is a TOC field: Word fills in the page numbers when the document is opened and its fields are
updated (the document asks to on opening); until then it says how to.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from bot.archive.charts import chart_png
from bot.archive.fonts import (
    DOCUMENT_FONT_EAST_ASIA,
    DOCUMENT_FONT_LATIN,
    DOCUMENT_HEADING_EAST_ASIA,
    MissingFont,
)
from conversations import archive_texts
from fm_domain.archive import Cell, Chart, ColumnKind, Document, Paragraph, Section, Table

A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.5)
CHART_WIDTH = Cm(15.5)
BODY_SIZE, TABLE_SIZE, NOTE_SIZE = Pt(11), Pt(9), Pt(9)
HEADING_SIZES = {1: Pt(16), 2: Pt(14), 3: Pt(12)}

ChartImage = Callable[[Chart], bytes]


def write_docx(document: Document, draw: ChartImage = chart_png) -> bytes:
    doc = new_docx()
    _page_setup(doc)
    _fonts(doc)
    _title_page(doc, document)
    _contents(doc)
    for section in document.sections:
        _section(doc, section, 1, draw)
    _update_fields_on_open(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    section.different_first_page_header_footer = True  # no page number on the title page
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")


def _east_asian(style_or_run: object, east_asia: str, latin: str = DOCUMENT_FONT_LATIN) -> None:
    """Name the fonts for Latin and East Asian text: python-docx's ``font.name`` sets only the Latin one,
    and Word then draws Chinese in whatever its default is."""
    element = style_or_run.element  # type: ignore[attr-defined]
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _fonts(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = BODY_SIZE
    _east_asian(normal, DOCUMENT_FONT_EAST_ASIA)
    for level, size in HEADING_SIZES.items():
        style = doc.styles[f"Heading {level}"]
        style.font.size = size
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _east_asian(style, DOCUMENT_HEADING_EAST_ASIA, DOCUMENT_HEADING_EAST_ASIA)
    _east_asian(doc.styles["Title"], DOCUMENT_HEADING_EAST_ASIA, DOCUMENT_HEADING_EAST_ASIA)


def _title_page(doc: DocxDocument, document: Document) -> None:
    for _ in range(6):
        doc.add_paragraph()
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(document.title).font.size = Pt(26)
    subtitle = doc.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = subtitle.add_run(document.subtitle)
    run.font.size = Pt(18)
    _east_asian(run, DOCUMENT_HEADING_EAST_ASIA, DOCUMENT_HEADING_EAST_ASIA)
    for _ in range(8):
        doc.add_paragraph()
    for label, value in document.facts:
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(f"{label}：{value}").font.size = Pt(12)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(doc: DocxDocument) -> None:
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(archive_texts.CONTENTS)
    run.font.size, run.font.bold = Pt(16), True
    _east_asian(run, DOCUMENT_HEADING_EAST_ASIA, DOCUMENT_HEADING_EAST_ASIA)
    _field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', archive_texts.CONTENTS_HINT)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, TOC) with the text shown until Word computes it."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _update_fields_on_open(doc: DocxDocument) -> None:
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _section(doc: DocxDocument, section: Section, level: int, draw: ChartImage) -> None:
    doc.add_heading(section.title, level=min(level, 3))
    for block in section.blocks:
        if isinstance(block, Paragraph):
            paragraph = doc.add_paragraph(block.text)
            if block.note:
                for run in paragraph.runs:
                    run.font.size = NOTE_SIZE
                    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        elif isinstance(block, Table):
            _table(doc, block)
        else:
            _chart(doc, block, draw)
    for child in section.subsections:
        _section(doc, child, level + 1, draw)


def _chart(doc: DocxDocument, chart: Chart, draw: ChartImage) -> None:
    if chart.empty:
        return
    try:
        image = draw(chart)
    except MissingFont:
        doc.add_paragraph(archive_texts.CHART_MISSING_FONT)
        return
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(image), width=CHART_WIDTH)


def _table(doc: DocxDocument, table: Table) -> None:
    if not table.rows:
        doc.add_paragraph(table.empty_text or archive_texts.EMPTY_ROWS)
        return
    grid: DocxTable = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, table.columns, strict=True):
        run = cell.paragraphs[0].add_run(column.title)
        run.bold, run.font.size = True, TABLE_SIZE
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value, column in zip(cells, row, table.columns, strict=True):
            cell.paragraphs[0].add_run(_text(value, column.kind)).font.size = TABLE_SIZE
    doc.add_paragraph()


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _text(value: Cell, kind: ColumnKind) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}" if (value.hour, value.minute) != (0, 0) else f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
