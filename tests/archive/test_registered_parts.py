"""The parts the application registers (bot.app.archive_extensions): 动态管理's recommendations with their
decisions and 绩效管理's score with its breakdown, in the Word dossier and the workbook after the dossier's
own chapters; the ranking and every recommendation in the city workbook."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook

from bot.archive import DocumentFiles
from conversations import archive
from storage import Database
from tests.archive.conftest import keep_a_decided_recommendation
from tests.archive.console_kit import ConsoleWorld, word_headings
from tests.archive.demo_world import NOW, YEAR


@pytest.fixture
def world(demo_url: str) -> Iterator[ConsoleWorld]:
    database = Database(demo_url)
    keep_a_decided_recommendation(database)
    yield ConsoleWorld(database, extended=True)
    database.dispose()


def test_the_dossier_ends_with_the_recommendations_and_the_score_in_word_and_excel(
    world: ConsoleWorld,
) -> None:
    document = world.dossier()
    word = read_docx(io.BytesIO(DocumentFiles().docx(document)))
    headings = word_headings(word)
    assert headings[-2:] == ["九、动态管理建议", "十、绩效考评"]
    scheme = world.services.performance_scheme
    assert scheme is not None
    breakdown = next(t for t in document.tables() if t.key == "performance-points")
    assert len(breakdown.rows) == len(list(scheme))  # every indicator, with its evidence
    assert all(row[-1] for row in breakdown.rows)
    workbook = load_workbook(io.BytesIO(DocumentFiles().xlsx(document)))
    assert {"动态管理建议", "绩效考评"} <= set(workbook.sheetnames)
    sheet = workbook["动态管理建议"]
    assert [cell.value for cell in sheet[2]][2:6] == [
        "督促履行",
        "组织实施类",
        "第1项职责全年未见报送，建议督促履行。",
        "已采纳",
    ]


def test_the_city_workbook_ranks_every_department(world: ConsoleWorld) -> None:
    with world.database.unit_of_work() as uow:
        document = archive.city_workbook(uow, world.services, YEAR, NOW)

    workbook = load_workbook(io.BytesIO(DocumentFiles().xlsx(document)))
    ranking = workbook["绩效排名"]
    (table,) = ranking.tables.values()
    assert table.ref == "A1:C6"  # a header and the five demo departments (the chart's data follows)
    ranks = [row[0] for row in ranking.iter_rows(min_row=2, max_row=6, values_only=True)]
    assert ranks == [1, 2, 3, 4, 5]
    (recommendations,) = workbook["动态管理建议"].tables.values()
    assert recommendations.ref.endswith("2")  # the one recommendation kept
