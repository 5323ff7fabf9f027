"""Records stored directly, for tests that need a submission or a finding without depending on how the
matcher scores today: a submission of 教育局 by its liaison, with a receipt, and a finding of it."""

from __future__ import annotations

from fm_domain.records import FindingKind, ItemCheck, ReviewedItems, Submission, SubmissionKind
from storage import Database
from tests.flows.conftest import LIAISON, START


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
