"""运行监管's own records as parts of the dossier (bot.app.archive_extensions): the 统计表 a department
filled (its latest version) and its 重要政策措施 report, the visit staff made, and every step of the
finding the visit concerned, in the Word dossier and the workbook, read back with python-docx and
openpyxl; the city workbook lists them for every department."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook

from bot.archive import DocumentFiles
from conversations import archive
from fm_domain.records import FindingKind, FindingStatus
from fm_domain.records.item_check import ItemCheck
from fm_domain.records.progress import WorkReportKind
from fm_domain.records.visit import VisitKind
from fm_domain.verdicts import Verdict
from storage import Database
from tests.archive.conftest import keep_a_decided_recommendation
from tests.archive.console_kit import ConsoleWorld, word_headings
from tests.archive.demo_world import NOW, YEAR


def record_the_year(database: Database) -> None:
    """For 司法局: a 统计表 filled twice, a policy report, a finding raised, visited and confirmed."""
    earlier = NOW - timedelta(days=5)
    with database.unit_of_work() as uow:
        table = uow.progress.publish(
            title="一季度职能履行统计表",
            period=f"{YEAR}Q1",
            rows=("普法宣传活动", "法律援助案件"),
            columns=("场次", "人次"),
            departments=("sifa",),
            deadline=date(YEAR, 4, 10),
            by=None,
            at=earlier,
        )
        for figures, at in ((((1.0, 2.0), (3.0, 4.0)), earlier), (((5.0, 60.0), (7.0, 80.0)), NOW)):
            uow.progress.add_report(
                table_id=table.id,
                department="sifa",
                figures=figures,
                file_name="",
                file_content=None,
                by=None,
                at=at,
            )
        uow.work_reports.add(
            department="sifa",
            kind=WorkReportKind.POLICY,
            title="关于加强公共法律服务体系建设的实施意见",
            happened_on=date(YEAR, 3, 20),
            description="明确公共法律服务平台建设任务",
            check=ItemCheck(
                "关于加强公共法律服务体系建设的实施意见", Verdict.IN_SCOPE, "sifa.1", "第1项职责"
            ),
            finding_id=None,
            files=(),
            by=None,
            at=NOW,
        )
        finding = uow.findings.add(
            department="sifa",
            submission_id=None,
            item="第2项职责",
            kind=FindingKind.GAP,
            detail="全年未见报送",
            created_at=earlier,
        )
        visit = uow.visits.add(
            department="sifa",
            kind=VisitKind.TALK,
            visited_on=date(YEAR, 3, 30),
            place="司法局三楼会议室",
            people="张三、李四",
            notes="已开展但未报送",
            finding_ids=(finding,),
            files=(),
            recorded_by=None,
            recorded_at=NOW,
        )
        assert uow.findings.move(finding, FindingStatus.UNDER_VISIT, by=None, at=NOW, visit_id=visit.id)
        assert uow.findings.move(finding, FindingStatus.CONFIRMED, by=None, at=NOW, reason="走访核实")
        uow.commit()


@pytest.fixture
def world(demo_url: str) -> Iterator[ConsoleWorld]:
    database = Database(demo_url)
    keep_a_decided_recommendation(database)
    record_the_year(database)
    yield ConsoleWorld(database, extended=True)
    database.dispose()


def test_reports_visits_and_the_findings_lifecycle_follow_the_dossier_in_word_and_excel(
    world: ConsoleWorld,
) -> None:
    document = world.dossier()
    word = read_docx(io.BytesIO(DocumentFiles().docx(document)))
    headings = word_headings(word)
    chapters = [h for h in headings if "、" in h and h.split("、")[0] in {"九", "十", "十一", "十二", "十三"}]
    assert chapters == [
        "九、统计表和专项报告",
        "十、走访座谈和现场查看",
        "十一、发现处理过程",
        "十二、动态管理建议",
        "十三、绩效考评",
    ]
    progress = next(t for t in document.tables() if t.key == "progress-reports")
    assert len(progress.rows) == 4  # the latest version only: two matters × two figures
    assert {row[3] for row in progress.rows} == {2}
    workbook = load_workbook(io.BytesIO(DocumentFiles().xlsx(document)))
    assert {"统计表", "政策措施和重大活动", "走访和现场查看", "发现处理过程"} <= set(workbook.sheetnames)
    assert [c.value for c in workbook["统计表"][2]][6:9] == ["普法宣传活动", "场次", 5]
    policy = [c.value for c in workbook["政策措施和重大活动"][2]]
    assert policy[2:4] == ["重要政策措施", "关于加强公共法律服务体系建设的实施意见"]
    assert policy[4].date() == date(YEAR, 3, 20)  # a real date cell
    visit = [c.value for c in workbook["走访和现场查看"][2]]
    assert visit[2] == "走访座谈" and visit[3].date() == date(YEAR, 3, 30)
    assert visit[4:6] == ["司法局三楼会议室", "张三、李四"]
    assert visit[7].startswith("#")
    steps = [
        [row[3], row[4], row[8]]
        for row in workbook["发现处理过程"].iter_rows(min_row=2, values_only=True)
        if row[0] == int(visit[7][1:])
    ]
    assert steps[-2:] == [
        ["待编办研判", "走访核实中", f"走访#{visit[0]}"],
        ["走访核实中", "编办已确认", None],
    ]


def test_the_city_workbook_lists_the_visits_and_reports_of_every_department(world: ConsoleWorld) -> None:
    with world.database.unit_of_work() as uow:
        document = archive.city_workbook(uow, world.services, YEAR, NOW)

    workbook = load_workbook(io.BytesIO(DocumentFiles().xlsx(document)))
    (visits,) = workbook["走访和现场查看"].tables.values()
    assert visits.ref.endswith("2")  # a header and the one visit
    departments = {row[1] for row in workbook["统计表"].iter_rows(min_row=2, values_only=True)}
    assert departments == {"司法局"}
