"""Records stored directly, for tests that need a submission or a finding without depending on how the
matcher scores today: a submission of 教育局 by its liaison, with a receipt, and a finding of it."""

from __future__ import annotations

from datetime import datetime

from fm_domain.records import DutyCoverage, FindingKind, ItemCheck, ReviewedItems, Submission, SubmissionKind
from fm_domain.verdicts import Coverage, Verdict
from storage import Database
from tests.flows.conftest import LIAISON, SHANGHAI, START


def submit(
    database: Database,
    kind: SubmissionKind,
    period: str,
    *,
    items: tuple[ItemCheck, ...] = (),
    division: str = "",
    department: str = "jiaoyu",
    receipt: str = "R-",
) -> Submission:
    """The next version of a submission, as the flow stores it; its receipt is ``receipt`` and its id."""
    with database.unit_of_work() as uow:
        author = uow.users.by_account("console", LIAISON)
        assert author is not None
        entry = uow.submissions.add(
            kind=kind,
            department=department,
            division=division,
            period=period,
            review=ReviewedItems(items),
            submitted_by=author.id,
            submitted_at=START,
        )
        uow.submissions.set_receipt(entry.id, f"{receipt}{entry.id}")
        uow.commit()
    return entry


def raise_finding(database: Database, item: str, kind: FindingKind, detail: str) -> int:
    """A finding of 教育局's annual goals for 2026 about ``item``; the goals hold the item, checked as the
    finding says when it is about a verdict."""
    checks = (ItemCheck(item, kind.verdict),) if kind.verdict is not None else ()
    submission = submit(database, SubmissionKind.ANNUAL_GOALS, "2026", items=checks, receipt="ND2026-")
    with database.unit_of_work() as uow:
        finding = uow.findings.add(
            department="jiaoyu",
            submission_id=submission.id,
            item=item,
            kind=kind,
            detail=detail,
            created_at=START,
        )
        uow.commit()
    return finding


# Every duty of 教育局 it performs each year but 11, 语言文字 (2 is 阶段性, 14 cancelled, 15 the catch-all).
PERFORMED = (1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13)


def a_year_of_arrangements(database: Database, year: int = 2026) -> None:
    """Twelve monthly arrangements of 教育局, each placed on every duty but the 11th (as the review would),
    submitted on the 3rd of their month."""
    with database.unit_of_work() as uow:
        liaison = uow.users.by_account("console", LIAISON)
        assert liaison is not None
        for month in range(1, 13):
            checks = tuple(
                ItemCheck(f"{month}月落实第{n}项职责的工作", Verdict.IN_SCOPE, f"jiaoyu.{n}")
                for n in PERFORMED
            )
            coverage = tuple(
                DutyCoverage(f"jiaoyu.{n}", Coverage.COVERED, (i,)) for i, n in enumerate(PERFORMED)
            )
            entry = uow.submissions.add(
                kind=SubmissionKind.MONTHLY_ARRANGEMENT,
                department="jiaoyu",
                division="",
                period=f"{year}-{month:02d}",
                review=ReviewedItems(checks, coverage),
                submitted_by=liaison.id,
                submitted_at=datetime(year, month, 3, 10, tzinfo=SHANGHAI),
            )
            uow.submissions.set_receipt(entry.id, f"YD{year}{month:02d}-{entry.id:05d}")
        uow.commit()
