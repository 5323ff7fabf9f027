"""统计表 and 重要政策措施 / 重大活动 reports in storage: a table as published, each department's versions
never overwritten, and a work report with its check and files."""

from __future__ import annotations

from datetime import date, datetime

from fm_domain.messages import Attachment
from fm_domain.models import Department
from fm_domain.records import ItemCheck, WorkReportKind
from fm_domain.verdicts import Verdict
from storage import Database


def test_a_departments_filled_table_is_versioned_and_what_is_filled_is_known(
    database: Database, imported_department: Department, now: datetime
) -> None:
    with database.unit_of_work() as uow:
        table = uow.progress.publish(
            title="统计表",
            period="2026-02",
            rows=["办件", "检查"],
            columns=["计划数", "完成数"],
            departments=["minzheng"],
            deadline=date(2026, 3, 20),
            by=None,
            at=now,
        )
        first = uow.progress.add_report(
            table_id=table.id,
            department="minzheng",
            figures=[(1, 2), (3, 4)],
            file_name="",
            file_content=None,
            by=None,
            at=now,
        )
        second = uow.progress.add_report(
            table_id=table.id,
            department="minzheng",
            figures=[(1.5, 2), (3, 4)],
            file_name="t.xlsx",
            file_content=b"PK",
            by=None,
            at=now,
        )
        uow.progress.set_receipt(second.id, "TJ001-00002")
        uow.commit()
    with database.unit_of_work() as uow:
        kept = uow.progress.table(table.id)
        versions = uow.progress.reports(table.id, "minzheng")
        filled = uow.progress.filled([table.id])
        assert uow.progress.tables(due_since=date(2026, 3, 21)) == []
    assert kept == table and kept.owed_by("minzheng") and not kept.owed_by("jiaoyu")
    assert [(v.version, v.figures) for v in versions] == [
        (1, ((1.0, 2.0), (3.0, 4.0))),
        (2, ((1.5, 2.0), (3.0, 4.0))),
    ]
    assert versions[-1].receipt == "TJ001-00002" and first.receipt == ""
    assert filled == {(table.id, "minzheng")}


def test_a_work_report_keeps_its_check_and_files(
    database: Database, imported_department: Department, now: datetime
) -> None:
    check = ItemCheck(
        "开展养老服务质量提升行动：全市养老机构评估", Verdict.IN_SCOPE, "minzheng.2", "民政局第2项职责"
    )
    with database.unit_of_work() as uow:
        report = uow.work_reports.add(
            department="minzheng",
            kind=WorkReportKind.EVENT,
            title="开展养老服务质量提升行动",
            happened_on=date(2026, 3, 1),
            description="全市养老机构评估",
            check=check,
            finding_id=None,
            files=[Attachment("现场.jpg", b"\xff\xd8", "image/jpeg")],
            by=None,
            at=now,
        )
        uow.work_reports.set_receipt(report.id, "HD202603-00001")
        uow.commit()
    with database.unit_of_work() as uow:
        (read,) = uow.work_reports.of_department("minzheng")
        (photo,) = uow.work_reports.files(read.id)
    assert read.check == check and read.receipt == "HD202603-00001" and read.file_names == ("现场.jpg",)
    assert photo == Attachment("现场.jpg", b"\xff\xd8", "image/jpeg")
