"""``python -m benchmarks.performance``: the whole year's 绩效考评 scores for a city's 40 departments on
SQLite, beside the issue's target (2 s).

A year is written first, through the real repositories: 40 departments × 15 duties (the sample
catalog's duty texts, cycled, 阶段性 and catch-all duties included), for each department the year's goals, 12
monthly arrangements (some late, some resubmitted) and the half-year summary, findings (some confirmed),
written inquiries with their replies, staff receipts, the default scheme's seven evaluation sheets
imported as staff would import them, and three leaders' ratings. Then ``assess_year`` — the one reading
that /考评, ``fmbot perf score`` and ``close`` use — runs on a fresh unit of work, several times.
Figures only: nothing here is asserted by the tests, and no test depends on the clock.
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from itertools import cycle, islice
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.catalog_files import load_sample_catalog
from bot.performance_files import load_default_scheme
from conversations import assess_year, import_evaluation, write_template
from fm_domain.calendar import WorkingCalendar
from fm_domain.models import Catalog, Department, Duty
from fm_domain.performance import Grade, Scheme
from fm_domain.records import (
    DutyCoverage,
    FindingKind,
    FindingStatus,
    InquiryMessageKind,
    InquiryStatus,
    ItemCheck,
    ReviewedItems,
    SubmissionKind,
)
from fm_domain.users import Role
from fm_domain.verdicts import Coverage, Verdict
from storage import Database, UnitOfWork

TARGET_SECONDS = 2.0
DEPARTMENTS = 40
DUTIES = 15
YEAR = 2026
ROUNDS = 5
TIMEZONE = ZoneInfo("Asia/Shanghai")
TODAY = date(YEAR, 12, 31)


def city_catalog() -> Catalog:
    duties = cycle([duty for department in load_sample_catalog() for duty in department.duties])
    departments = []
    for number in range(1, DEPARTMENTS + 1):
        code = f"city{number:02}"
        own = [
            Duty(code, n, duty.text, duty.category, status=duty.status, periodic=duty.periodic)
            for n, duty in enumerate(islice(duties, DUTIES), start=1)
        ]
        departments.append(
            Department(code, f"城市规模测试部门{number:02}", f"测试{number:02}", duties=tuple(own))
        )
    return Catalog(tuple(departments))


def fill_year(uow: UnitOfWork, catalog: Catalog, scheme: Scheme, rng: random.Random) -> dict[str, int]:
    """A plausible year of records; the counts written, for the report."""
    start = datetime(YEAR, 1, 1, tzinfo=UTC)
    counts = {"submissions": 0, "findings": 0, "inquiries": 0, "ratings": 0, "sheets": 0}
    for department in catalog:
        uow.catalog.save_revision(department, "benchmark", start)
    staff = uow.users.create("周静", Role.STAFF, None, start)
    leaders = [uow.users.create(f"领导{n}", Role.LEADER, None, start) for n in range(1, 4)]
    for task in uow.reporting.tasks():  # the standing tasks, owed since the start of the year
        uow.reporting.save_task(
            code=task.code,
            title=task.title,
            kind=task.kind,
            rule=task.rule,
            departments=task.departments,
            active_from=date(YEAR, 1, 1),
            active=task.active,
            now=start,
        )
    for department in catalog:
        liaison = uow.users.create(f"联络员{department.code}", Role.LIAISON, department.code, start)
        series = [
            (SubmissionKind.ANNUAL_GOALS, f"{YEAR}", 1, 25),
            (SubmissionKind.HALF_YEAR_SUMMARY, f"{YEAR}H1", 7, 10),
        ]
        series += [(SubmissionKind.MONTHLY_ARRANGEMENT, f"{YEAR}-{m:02d}", m, 3) for m in range(1, 13)]
        for kind, period, month, day in series:
            for version in range(1, 3 if rng.random() < 0.2 else 2):
                late = timedelta(days=rng.choice((0, 0, 0, 0, 6)))
                submitted = datetime(YEAR, month, day, 2, tzinfo=UTC) + late + timedelta(days=version - 1)
                added = uow.submissions.add(
                    kind=kind,
                    department=department.code,
                    division="",
                    period=period,
                    review=_review(department, rng),
                    submitted_by=liaison.id,
                    submitted_at=submitted,
                )
                uow.submissions.set_receipt(added.id, f"B{added.id:06d}")
                counts["submissions"] += 1
                if rng.random() < 0.3:
                    finding = uow.findings.add(
                        department=department.code,
                        submission_id=added.id,
                        item="超出职责范围的事项",
                        kind=FindingKind.OUT_OF_SCOPE,
                        detail="",
                        created_at=submitted,
                    )
                    counts["findings"] += 1
                    if rng.random() < 0.5:
                        uow.findings.decide(
                            finding,
                            status=FindingStatus.CONFIRMED,
                            reason="",
                            decided_by=staff.id,
                            decided_at=submitted,
                        )
        for n in range(2):
            asked = datetime(YEAR, 3 + 4 * n, 10, 2, tzinfo=UTC)
            inquiry = uow.inquiries.create(
                department=department.code,
                deadline=(asked + timedelta(days=10)).date(),
                asked_by=staff.id,
                asked_at=asked,
            )
            uow.inquiries.add_message(
                inquiry_id=inquiry.id,
                author=liaison.id,
                kind=InquiryMessageKind.REPLY,
                text="答复",
                attachment_name="",
                attachment_mime="",
                attachment_content=None,
                created_at=asked + timedelta(days=rng.choice((3, 8, 14))),
            )
            uow.inquiries.set_status(inquiry.id, InquiryStatus.ACCEPTED, expected=InquiryStatus.OPEN)
            counts["inquiries"] += 1
        for leader in leaders:
            uow.performance.rate(
                year=YEAR,
                department=department.code,
                leader=leader.id,
                grade=rng.choice(list(Grade)),
                comment="",
                at=start,
            )
            counts["ratings"] += 1
    for source in scheme.evaluation_sources():
        name, content = _filled_sheet(scheme, source, catalog, rng)
        import_evaluation(uow, name, content, default=scheme, by=staff.id, at=start)
        counts["sheets"] += 1
    return counts


def _review(department: Department, rng: random.Random) -> ReviewedItems:
    covered = rng.sample(list(department.duties), k=rng.randint(3, 8))
    items = tuple(ItemCheck(f"工作事项{n}", Verdict.IN_SCOPE, duty.id) for n, duty in enumerate(covered))
    duties = tuple(
        DutyCoverage(duty.id, Coverage.COVERED if duty in covered else Coverage.UNCOVERED)
        for duty in department.duties
    )
    return ReviewedItems(items, duties)


def _filled_sheet(scheme: Scheme, source: str, catalog: Catalog, rng: random.Random) -> tuple[str, bytes]:
    workbook = load_workbook(io.BytesIO(write_template(scheme, source, catalog)))
    sheet = workbook.active
    assert sheet is not None
    items = scheme.fed_by(source)
    for row in range(6, 6 + len(catalog)):
        for column, item in enumerate(items, start=3):
            kind = item.rule.kind
            sheet.cell(row, column).value = rng.randint(0, 2) if kind == "per_unit" else rng.randint(60, 100)
    out = io.BytesIO()
    workbook.save(out)
    return f"{YEAR}年度考评表-{source}.xlsx", out.getvalue()


def main() -> int:
    rng = random.Random(15)
    catalog = city_catalog()
    scheme = load_default_scheme().for_year(YEAR)
    calendar = WorkingCalendar.standard()
    with tempfile.TemporaryDirectory() as scratch:
        database = Database(f"sqlite:///{Path(scratch) / 'performance.sqlite3'}")
        try:
            database.upgrade()
            started = time.perf_counter()
            with database.unit_of_work() as uow:
                counts = fill_year(uow, catalog, scheme, rng)
                uow.commit()
            written = time.perf_counter() - started
            seconds = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                with database.unit_of_work() as uow:
                    scores = assess_year(uow, YEAR, TODAY, calendar, TIMEZONE, scheme)
                seconds.append(time.perf_counter() - started)
        finally:
            database.dispose()
    assert scores is not None
    points = sum(len(score.points) for score in scores.scores)
    evidence = sum(len(point.evidence) for score in scores.scores for point in score.points)
    print(f"绩效考评 benchmark: {DEPARTMENTS} departments × {DUTIES} duties, year {YEAR}, SQLite")
    print(
        f"  written in {written:.1f} s: {counts['submissions']} submissions, {counts['findings']} findings, "
        f"{counts['inquiries']} inquiries, {counts['ratings']} ratings, "
        f"{counts['sheets']} evaluation sheets imported"
    )
    print(f"  scored: {len(scores.scores)} departments, {points} points, {evidence} pieces of evidence")
    first, median = seconds[0], statistics.median(seconds)
    verdict = "met" if max(first, median) <= TARGET_SECONDS else "NOT met"
    print(
        f"  whole year's scores: first {first:.2f} s, median of {ROUNDS} {median:.2f} s"
        f"   (target ≤ {TARGET_SECONDS:.0f} s: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
