"""Submissions are versioned per (kind, department, division, period): every confirmation is stored, even
when many liaisons confirm at the same moment, and the versions follow the order they were stored in."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from fm_domain.models import Department
from fm_domain.records import ReviewedItems, SubmissionKind
from fm_domain.users import Role
from storage import Database
from tests.storage.conftest import NOW

CONFIRMATIONS = 24
MONTHLY = SubmissionKind.MONTHLY_ARRANGEMENT


def _liaisons(database: Database, count: int) -> list[int]:
    with database.unit_of_work() as uow:
        ids = [uow.users.create(f"联络员{n}", Role.LIAISON, "minzheng", NOW).id for n in range(count)]
        uow.commit()
    return ids


def test_concurrent_confirmations_are_all_stored_with_versions_in_order(
    database: Database, imported_department: Department
) -> None:
    liaisons = _liaisons(database, CONFIRMATIONS)
    # Every thread reads the latest version at the same moment, as liaisons confirming within a second do.
    start = threading.Barrier(CONFIRMATIONS)

    def confirm(liaison: int) -> int:
        with database.unit_of_work() as uow:  # each its own transaction, as each turn of the engine
            start.wait(timeout=30)
            submission = uow.submissions.add(
                kind=MONTHLY,
                department="minzheng",
                division="",
                period="2026-03",
                review=ReviewedItems(),
                submitted_by=liaison,
                submitted_at=NOW,
            )
            uow.commit()
        return submission.version

    with ThreadPoolExecutor(max_workers=CONFIRMATIONS) as pool:
        versions = list(pool.map(confirm, liaisons))

    assert sorted(versions) == list(range(1, CONFIRMATIONS + 1))
    with database.unit_of_work() as uow:
        stored = sorted(uow.submissions.of_department("minzheng"), key=lambda s: s.id)
    assert [s.version for s in stored] == list(range(1, CONFIRMATIONS + 1))  # in the order stored
    assert {s.submitted_by for s in stored} == set(liaisons)


def test_each_series_has_its_own_versions(database: Database, imported_department: Department) -> None:
    (liaison,) = _liaisons(database, 1)
    with database.unit_of_work() as uow:
        for period in ("2026-03", "2026-04") * 2:
            uow.submissions.add(
                kind=MONTHLY,
                department="minzheng",
                division="",
                period=period,
                review=ReviewedItems(),
                submitted_by=liaison,
                submitted_at=NOW,
            )
        uow.commit()
        assert uow.submissions.latest(MONTHLY, "minzheng", "2026-03").version == 2  # type: ignore[union-attr]
        assert uow.submissions.latest(MONTHLY, "minzheng", "2026-04").version == 2  # type: ignore[union-attr]
