"""The web console's overview for a city's year: 40 departments × 12 months on SQLite, rendered by the
real server (aiohttp, the console's pages and templates) and fetched over a local connection, beside
issue 16's target of 300 ms. Figures only: no test asserts a time.

The year is written through the repositories (no matching: the items carry their checks), as a city
that used fmbot all year would leave it: each department's goals, twelve monthly arrangements (some
resubmitted, some late, a few missing), a half-year summary, findings (some decided), two inquiries.
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient, TestServer

from bot.archive import DocumentFiles
from bot.catalog_files import load_sample_catalog
from bot.console import mount_console
from bot.demo import date_tasks_back
from bot.web import create_web_app
from conversations import ConsoleLinks, Services
from fm_domain import sign_in
from fm_domain.calendar import WorkingCalendar
from fm_domain.models import Catalog, Department, Duty
from fm_domain.records import (
    FindingKind,
    FindingStatus,
    InquiryMessageKind,
    ItemCheck,
    ReviewedItems,
    SubmissionKind,
)
from fm_domain.users import Role
from fm_domain.verdicts import Verdict
from storage import Database, UnitOfWork

TARGET_MS = 300.0
DEPARTMENTS, YEAR = 40, 2026
ITEMS_PER_PLAN = 8
REQUESTS = 25
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime(YEAR, 12, 20, 10, 0, tzinfo=SHANGHAI)


def city_catalog(count: int = DEPARTMENTS) -> Catalog:
    """``count`` departments, each a copy of one of the sample catalog's, under its own code."""
    sample = list(load_sample_catalog())
    departments = []
    for n in range(1, count + 1):
        model = sample[(n - 1) % len(sample)]
        code = f"d{n:02d}"
        duties = tuple(dataclasses.replace(duty, department=code) for duty in model.duties)
        departments.append(
            dataclasses.replace(
                model, code=code, name=f"{model.name}（{n:02d}）", short=f"部门{n:02d}", duties=duties
            )
        )
    return Catalog(tuple(departments))


def _checks(duties: tuple[Duty, ...], seed: int) -> ReviewedItems:
    items = []
    for i in range(ITEMS_PER_PLAN):
        duty = duties[(seed + i) % len(duties)]
        verdict = Verdict.OVERLAP if (seed + i) % 11 == 0 else Verdict.IN_SCOPE
        items.append(
            ItemCheck(f"推进第 {seed}-{i} 项工作：{duty.text[:12]}", verdict, duty.id, f"第{duty.n}项")
        )
    return ReviewedItems(tuple(items))


def _write_year(
    uow: UnitOfWork, department: Department, liaison: int, staff: int, calendar: WorkingCalendar
) -> None:
    n = int(department.code[1:])

    def submit(kind: SubmissionKind, period: str, at: datetime, seed: int, versions: int = 1) -> None:
        for version in range(versions):
            submission = uow.submissions.add(
                kind=kind,
                department=department.code,
                division="",
                period=period,
                review=_checks(department.duties, seed + version),
                submitted_by=liaison,
                submitted_at=at + timedelta(days=version),
            )
            uow.submissions.set_receipt(submission.id, f"R{submission.id:06d}")
            for check in submission.review.items:
                if check.verdict is not Verdict.IN_SCOPE:
                    finding = uow.findings.add(
                        department=department.code,
                        submission_id=submission.id,
                        item=check.text,
                        kind=FindingKind.of(check.verdict),
                        detail=check.label,
                        created_at=at,
                    )
                    if seed % 3:
                        status = FindingStatus.CONFIRMED if seed % 2 else FindingStatus.DISMISSED
                        uow.findings.decide(
                            finding, status=status, reason="已核实", decided_by=staff, decided_at=at
                        )

    submit(SubmissionKind.ANNUAL_GOALS, f"{YEAR}", datetime(YEAR, 1, 17 + n % 15, 2, tzinfo=UTC), n)
    for month in range(1, 13):
        if (n + month) % 13 == 0:
            continue  # a month the department did not report
        deadline = calendar.nth_working_day_of_month(YEAR, month, 5)
        late = timedelta(days=3) if (n * month) % 7 == 0 else timedelta(0)
        at = datetime.combine(deadline, datetime.min.time(), UTC) - timedelta(days=1) + late
        submit(
            SubmissionKind.MONTHLY_ARRANGEMENT,
            f"{YEAR}-{month:02d}",
            at,
            n * 12 + month,
            2 if month % 4 == 0 else 1,
        )
    if n % 5:
        submit(SubmissionKind.HALF_YEAR_SUMMARY, f"{YEAR}H1", datetime(YEAR, 7, 10, 2, tzinfo=UTC), n + 99)
    for k in range(2):
        asked = datetime(YEAR, 3 + 4 * k, 10, 2, tzinfo=UTC)
        inquiry = uow.inquiries.create(
            department=department.code, deadline=date(YEAR, 4 + 4 * k, 1), asked_by=staff, asked_at=asked
        )
        for kind, author in ((InquiryMessageKind.QUESTION, staff), (InquiryMessageKind.REPLY, liaison)):
            uow.inquiries.add_message(
                inquiry_id=inquiry.id,
                author=author,
                kind=kind,
                text="请说明该项职责的履行情况。",
                attachment_name="",
                attachment_mime="",
                attachment_content=None,
                created_at=asked,
            )


def build_city(url: str, calendar: WorkingCalendar) -> tuple[int, int]:
    """Write the city's year; (the staff member's id, rows of findings written)."""
    database = Database(url)
    database.upgrade()
    catalog = city_catalog()
    with database.unit_of_work() as uow:
        for department in catalog:
            uow.catalog.save_revision(department, "benchmark", datetime(YEAR - 1, 12, 1, tzinfo=UTC))
        staff = uow.users.create("王敏", Role.STAFF, None, datetime(YEAR, 1, 1, tzinfo=UTC))
        uow.commit()
    date_tasks_back(database, date(YEAR, 1, 1), datetime(YEAR, 1, 1, tzinfo=UTC))  # owed all year
    with database.unit_of_work() as uow:
        for department in catalog:
            liaison = uow.users.create(
                "联络员", Role.LIAISON, department.code, datetime(YEAR, 1, 1, tzinfo=UTC)
            )
            _write_year(uow, department, liaison.id, staff.id, calendar)
        findings = len(uow.archive.findings())
        uow.commit()
    database.dispose()
    return staff.id, findings


async def _measure(database: Database, services: Services, staff: int) -> dict[str, list[float]]:
    app = create_web_app(database, [lambda web_app: mount_console(web_app, database, services)])
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        text, token = sign_in.issue(services.console.secret, staff, services.now())  # type: ignore[union-attr]
        with database.unit_of_work() as uow:
            uow.web.issue_sign_in(
                nonce_hash=token.nonce_hash,
                user_id=staff,
                issued_at=services.now(),
                expires_at=token.expires_at,
            )
            uow.commit()
        response = await client.post(f"/signin/{text}", allow_redirects=False)
        assert response.status == 303, response.status
        pages = {"overview /": "/", "department page": "/departments/d01", "findings": "/findings"}
        timings: dict[str, list[float]] = {name: [] for name in pages}
        for name, path in pages.items():
            await (await client.get(path)).read()  # warm: templates compiled, catalog read once
            for _ in range(REQUESTS if path == "/" else 5):
                started = time.perf_counter()
                response = await client.get(path)
                body = await response.read()
                timings[name].append((time.perf_counter() - started) * 1000)
                assert response.status == 200 and body, (path, response.status)
        return timings


def report_web_console() -> float:
    """Print the overview's render time beside the target; the median, in milliseconds."""
    calendar = WorkingCalendar.standard()
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'city.sqlite3'}"
        started = time.perf_counter()
        staff, findings = build_city(url, calendar)
        written = time.perf_counter() - started
        services = Services(
            clock=lambda: TODAY,
            timezone=SHANGHAI,
            calendar=calendar,
            documents=DocumentFiles(),
            console=ConsoleLinks("http://127.0.0.1", "benchmark key"),
        )
        database = Database(url)
        try:
            timings = asyncio.run(_measure(database, services, staff))
        finally:
            database.dispose()
    size = (
        f"{DEPARTMENTS} departments × 12 months on SQLite ({findings} findings, written in {written:.1f} s)"
    )
    print(f"web console: {size}")
    for name, values in timings.items():
        median, slowest = statistics.median(values), max(values)
        print(f"  {name:<16} median {median:6.1f} ms   max {slowest:6.1f} ms   ({len(values)} requests)")
    median = statistics.median(timings["overview /"])
    verdict = "met" if median < TARGET_MS else "NOT met"
    print(f"  target: overview under {TARGET_MS:.0f} ms server-side — {verdict} ({median:.1f} ms median)\n")
    return median


if __name__ == "__main__":
    report_web_console()
