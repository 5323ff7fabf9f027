"""`fmbot archive export` on the demo's data: the Word dossier and the workbooks, read back."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook

from bot.cli import main
from storage import Database
from tests.archive.demo_world import YEAR


@pytest.fixture
def export(demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FM_DATABASE_URL", demo_url)
    monkeypatch.setenv("FM_LOG_FILE", str(tmp_path / "fmbot.log"))

    def run(*args: str) -> Path:
        out = tmp_path / f"out.{args[args.index('--format') + 1]}"
        assert main(["archive", "export", "--year", str(YEAR), *args, "--out", str(out)]) == 0
        return out

    return run


def _demo(demo_url: str) -> tuple[int, int]:
    """The 教育局's duties and the items of its latest goals, as stored."""
    database = Database(demo_url)
    try:
        with database.unit_of_work() as uow:
            department = uow.catalog.current().get("jiaoyu")
            goals = [s for s in uow.archive.submissions(YEAR, "jiaoyu") if s.kind == "annual_goals"]
            assert department is not None and goals
            return len(department.duties), len(max(goals, key=lambda s: s.version).review.items)
    finally:
        database.dispose()


def test_the_word_dossier_has_its_chapters_tables_and_charts(export, demo_url: str) -> None:
    duties, items = _demo(demo_url)
    document = read_docx(str(export("--department", "jiaoyu", "--format", "docx")))

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for chapter in ("一、三定规定", "二、报送情况", "三、年度工作目标", "七、审核发现及处理", "八、书面函询"):
        assert chapter in headings
    first_cells = [table.rows[0].cells[0].text for table in document.tables]
    duties_table = document.tables[first_cells.index("序号")]
    assert len(duties_table.rows) == duties + 1  # a header row and one row per duty
    goals_items = next(
        t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["序号", "事项"]
    )
    assert len(goals_items.rows) == items + 1
    images = [rel for rel in document.part.rels.values() if rel.reltype.endswith("/image")]
    assert len(images) >= 2  # reports on time, coverage by class (the 教育局 has no findings of its own)
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
    assert " PAGE " in section.footer._element.xml  # page numbers in the footer
    assert 'TOC \\o "1-3"' in document.element.body.xml  # the contents, filled in by Word
    assert (
        document.paragraphs[
            [p.text for p in document.paragraphs].index("部门职能履行情况电子档案")
        ].style.name
        == "Title"
    )


def test_the_workbook_has_a_filtered_table_per_view_dates_as_dates_and_native_charts(export) -> None:
    path = export("--department", "sifa", "--format", "xlsx")
    workbook = load_workbook(path)
    assert {"职责", "报送记录", "报送及时性", "事项比对", "审核发现", "书面函询"} <= set(workbook.sheetnames)
    for name in workbook.sheetnames[1:]:
        sheet = workbook[name]
        (table,) = sheet.tables.values()
        assert table.ref.startswith("A1:") and table.autoFilter is not None
    inquiries = workbook["书面函询"]
    assert isinstance(inquiries["C2"].value, date)  # the reply deadline
    submissions = workbook["报送记录"]
    assert isinstance(submissions["F2"].value, datetime)
    with zipfile.ZipFile(path) as package:
        assert len([n for n in package.namelist() if n.startswith("xl/charts/chart")]) >= 2


def _table_rows(sheet) -> list[tuple]:
    """The rows of the sheet's one Excel table, without its header (chart data lies below it)."""
    (table,) = sheet.tables.values()
    return [tuple(cell.value for cell in row) for row in sheet[table.ref][1:]]


def test_the_city_workbook_has_every_department_on_one_sheet_per_view(export) -> None:
    workbook = load_workbook(export("--city", "--format", "xlsx"))
    departments = {row[0] for row in _table_rows(workbook["职责"])}
    assert departments == {"教育局", "民政局", "司法局", "城管局", "商务局"}
    assert {row[0] for row in _table_rows(workbook["报送及时性"])} == departments
