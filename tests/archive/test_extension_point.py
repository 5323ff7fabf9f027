"""The dossier grows with the record: a feature registers an ArchiveExtension (as issues 14 and 15 will for
recommendations and scores) and its part appears in the Word dossier, the workbook and the console's page
for its key, numbered after the dossier's own chapters. Also: without a CJK font, a chart is replaced by
a sentence saying what to install."""

from __future__ import annotations

import asyncio
import dataclasses
import io
from collections.abc import Collection

import pytest
from aiohttp.test_utils import TestClient, TestServer
from docx import Document as read_docx
from openpyxl import load_workbook

from bot.archive import DocumentFiles, charts
from bot.archive.fonts import MissingFont
from conversations import archive, archive_texts
from conversations.ports import UnitOfWork
from fm_domain.archive import (
    Chart,
    ChartKind,
    Column,
    ColumnKind,
    Paragraph,
    Part,
    PartKey,
    Section,
    Series,
    Table,
    View,
)
from storage import Database
from tests.archive.console_kit import ConsoleWorld, word_headings
from tests.archive.demo_world import YEAR


class Scores:
    """A stand-in for issue 15's extension: a score per department and the median of them."""

    key = PartKey.PERFORMANCE

    def _table(self, departments: Collection[str]) -> Table:
        rows = tuple((code, 80.0 + n) for n, code in enumerate(sorted(departments)))
        return Table("scores", "得分", (Column("部门"), Column("得分", ColumnKind.NUMBER)), rows)

    def department_part(self, uow: UnitOfWork, department: str, year: int) -> Part | None:
        chart = Chart(
            "score",
            "得分与各部门中位数",
            ChartKind.BAR,
            ("得分",),
            (Series("本部门", (82.0,)),),
            line=("中位数", 81.0),
        )
        section = Section("performance", "绩效考评", (Paragraph("本年度得分 82.0 分。"), chart))
        return Part(PartKey.PERFORMANCE, section, (View("考评", self._table([department])),))

    def city_part(self, uow: UnitOfWork, year: int, departments: Collection[str]) -> Part | None:
        table = self._table(departments)
        return Part(PartKey.PERFORMANCE, Section("ranking", "绩效排名", (table,)), (View("考评", table),))


@pytest.fixture
def world(demo_url: str) -> ConsoleWorld:
    database = Database(demo_url)
    world = ConsoleWorld(database)
    world.services = dataclasses.replace(world.services, archive_extensions=(Scores(),))
    yield world
    database.dispose()


def test_a_registered_part_is_the_dossiers_next_chapter_in_word_and_a_sheet_in_excel(
    world: ConsoleWorld,
) -> None:
    document = world.dossier()
    word = read_docx(io.BytesIO(DocumentFiles().docx(document)))
    headings = word_headings(word)
    assert headings[headings.index("八、书面函询") + 1 :][-1] == "九、绩效考评"
    assert any("82.0" in p.text for p in word.paragraphs)
    workbook = load_workbook(io.BytesIO(DocumentFiles().xlsx(document)))
    assert "考评" in workbook.sheetnames


def test_the_consoles_page_for_the_key_shows_the_part_instead_of_the_placeholder(world: ConsoleWorld) -> None:
    with world.database.unit_of_work() as uow:
        parts = archive.city_parts(uow, world.services, YEAR, ["sifa", "jiaoyu"])
    assert [part.key for part in parts] == [PartKey.PERFORMANCE]
    assert parts[0].section.blocks[0].rows == (("jiaoyu", 80.0), ("sifa", 81.0))


def test_without_a_cjk_font_a_chart_is_replaced_by_what_to_install(
    world: ConsoleWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_font() -> None:
        raise MissingFont("no CJK font")

    monkeypatch.setattr(charts, "require_cjk_font", no_font)
    word = read_docx(io.BytesIO(DocumentFiles().docx(world.dossier())))
    assert any(archive_texts.CHART_MISSING_FONT in p.text for p in word.paragraphs)
    assert not [rel for rel in word.part.rels.values() if rel.reltype.endswith("/image")]


async def test_the_ranking_page_shows_the_registered_part(world: ConsoleWorld) -> None:
    async with TestClient(TestServer(world.web_app(), host="127.0.0.1")) as client:
        link = await asyncio.to_thread(world.link, "staff")
        assert (await client.post(link, allow_redirects=False)).status == 303
        page = await (await client.get("/ranking")).text()
    assert "绩效考评尚未启用" not in page
    assert 'id="table-scores"' in page and "81" in page
