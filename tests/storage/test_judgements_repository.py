"""The office's judgements (编办认定): never overwritten, looked up as the latest per text, and only under the
三定 revision they were made under."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from fm_domain.models import Department
from fm_domain.records import FindingKind
from fm_domain.users import Role
from storage import Database, UnitOfWork

ITEM = "开展养老机构消防安全检查"


def _judge(uow: UnitOfWork, now: datetime, item: str = ITEM, **changes: Any) -> int:
    revision = uow.catalog.revision_id("minzheng")
    assert revision is not None
    fields: dict[str, Any] = {
        "department": "minzheng",
        "item": item,
        "verdict": "in_scope",
        "duty": "minzheng.2",
        "internal": False,
        "revision_id": revision,
        "finding_id": None,
        "judged_by": None,
        "judged_at": now,
    }
    fields.update(changes)
    return uow.judgements.add(**fields).id


def test_a_judgement_reads_back_with_the_revision_finding_and_who_judged(
    database: Database, imported_department: Department, now: datetime
) -> None:
    with database.unit_of_work() as uow:
        staff = uow.users.create("周静", Role.STAFF, None, now)
        finding = uow.findings.add(
            department="minzheng",
            submission_id=None,
            item=ITEM,
            kind=FindingKind.OUT_OF_SCOPE,
            detail="",
            created_at=now,
        )
        _judge(uow, now, finding_id=finding, judged_by=staff.id)
        uow.commit()

    with database.unit_of_work() as uow:
        [judgement] = uow.judgements.current()
        assert (judgement.department, judgement.item, judgement.verdict, judgement.duty) == (
            "minzheng",
            ITEM,
            "in_scope",
            "minzheng.2",
        )
        assert judgement.revision_id == uow.catalog.revision_id("minzheng")
        assert (judgement.finding_id, judgement.judged_by, judgement.judged_at) == (finding, staff.id, now)
        assert uow.judgements.of_finding(finding) == [judgement]


def test_judging_the_same_text_again_adds_a_row_and_the_latest_counts(
    database: Database, imported_department: Department, now: datetime
) -> None:
    with database.unit_of_work() as uow:
        first = _judge(uow, now)
        second = _judge(uow, now + timedelta(days=1), verdict="out_of_scope", duty=None, internal=True)
        _judge(uow, now, item="指导最低生活保障工作")
        uow.commit()

    with database.unit_of_work() as uow:
        current = uow.judgements.current()
        # The latest of ITEM's two, in the order of the judgements that count (oldest first).
        assert [(j.item, j.verdict, j.internal) for j in current] == [
            (ITEM, "out_of_scope", True),
            ("指导最低生活保障工作", "in_scope", False),
        ]
        assert first not in {j.id for j in current} and current[0].id == second


def test_a_judgement_made_under_an_earlier_revision_no_longer_applies(
    database: Database,
    imported_department: Department,
    make_department: Callable[..., Department],
    now: datetime,
) -> None:
    with database.unit_of_work() as uow:
        _judge(uow, now)
        uow.catalog.save_revision(make_department(extra_duty="负责全市殡葬管理工作。"), "2026 修订", now)
        uow.commit()

    with database.unit_of_work() as uow:
        assert uow.judgements.current() == []
        _judge(uow, now, verdict="in_scope", duty="minzheng.5")
        uow.commit()

    with database.unit_of_work() as uow:
        assert [(j.item, j.duty) for j in uow.judgements.current()] == [(ITEM, "minzheng.5")]
