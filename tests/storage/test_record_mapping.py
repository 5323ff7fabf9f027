"""Storage maps its rows to fm_domain's records and back: what a flow stores reads back equal, statuses as
their enums, and the columns hold exactly the strings they held before the records were typed (no
migration)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import text

from fm_domain.models import Department
from fm_domain.records import (
    DutyCoverage,
    FindingKind,
    FindingStatus,
    InquiryMessageKind,
    InquiryStatus,
    ItemCheck,
    ReviewedItems,
    Submission,
    SubmissionKind,
)
from fm_domain.users import Role
from fm_domain.verdicts import Confidence, Coverage, Verdict
from storage import Database

REVIEW = ReviewedItems(
    (
        ItemCheck("低保提标", Verdict.IN_SCOPE, "minzheng.2", "民政局第2项职责", confidence=Confidence.LOW),
        ItemCheck("加强机关党建工作", Verdict.OUT_OF_SCOPE, internal=True),
        ItemCheck("区划调整", Verdict.RETIRED, "minzheng.3", "民政局第3项职责", precedent="区划审核"),
        ItemCheck("整治占道经营", Verdict.OVERLAP, "chengguan.8", "城管局第8项职责", note="城管局牵头"),
    ),
    (DutyCoverage("minzheng.1", Coverage.UNCOVERED), DutyCoverage("minzheng.2", Coverage.COVERED, (0,))),
)
DETAILS = {"previous_period": "2026-02", "progress": [{"text": "养老服务", "status": "done", "reason": ""}]}


def _people(database: Database, now: datetime) -> tuple[int, int]:
    """A liaison of 民政局 and a member of staff."""
    with database.unit_of_work() as uow:
        liaison = uow.users.create("李敏", Role.LIAISON, "minzheng", now).id
        staff = uow.users.create("周静", Role.STAFF, None, now).id
        uow.commit()
    return liaison, staff


def _submit(
    database: Database,
    now: datetime,
    kind: SubmissionKind,
    period: str,
    review: ReviewedItems,
    **details: Any,
) -> Submission:
    """A submission of 民政局 by its liaison, with the receipt ``R-<id>``."""
    liaison, _ = _people(database, now)
    with database.unit_of_work() as uow:
        added = uow.submissions.add(
            kind=kind,
            department="minzheng",
            division="",
            period=period,
            review=review,
            details=details,
            submitted_by=liaison,
            submitted_at=now,
        )
        uow.submissions.set_receipt(added.id, f"R-{added.id}")
        uow.commit()
    return added


def _column(database: Database, sql: str) -> list[str]:
    with database.engine.connect() as connection:
        return [row[0] for row in connection.execute(text(sql))]


def test_a_submission_reads_back_with_its_checks_duty_coverage_and_the_flows_details(
    database: Database, imported_department: Department, now: datetime
) -> None:
    added = _submit(database, now, SubmissionKind.MONTHLY_ARRANGEMENT, "2026-03", REVIEW, **DETAILS)

    with database.unit_of_work() as uow:
        [read] = uow.submissions.of_department("minzheng")
    assert read.kind is SubmissionKind.MONTHLY_ARRANGEMENT
    assert (read.review, read.details, read.receipt) == (REVIEW, DETAILS, f"R-{added.id}")
    assert read.review.counts == {"in_scope": 1, "internal": 1, "retired": 1, "overlap": 1}
    assert _column(database, "SELECT kind FROM submissions") == ["monthly_arrangement"]


def test_checks_stored_before_confidence_internal_and_precedent_existed_read_as_asserted(
    database: Database, imported_department: Department, now: datetime
) -> None:
    added = _submit(database, now, SubmissionKind.ANNUAL_GOALS, "2026", ReviewedItems())
    older = '{"items": [{"text": "开展养老服务", "verdict": "in_scope", "duty": "minzheng.2"}], "duties": []}'
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE submissions SET content = :content"), {"content": older})

    with database.unit_of_work() as uow:
        read = uow.submissions.latest(SubmissionKind.ANNUAL_GOALS, "minzheng", "2026")
    assert read is not None and read.id == added.id
    assert read.review.items == (ItemCheck("开展养老服务", Verdict.IN_SCOPE, "minzheng.2"),)
    assert read.review.items[0].confidence is Confidence.HIGH and not read.review.items[0].raises_finding


def test_a_finding_reads_back_with_its_kind_and_status_through_its_lifecycle(
    database: Database, imported_department: Department, now: datetime
) -> None:
    _, staff = _people(database, now)
    with database.unit_of_work() as uow:
        ids = {
            kind: uow.findings.add(
                department="minzheng", submission_id=None, item=kind, kind=kind, detail="", created_at=now
            )
            for kind in FindingKind
        }
        for kind, status, reason in (
            (FindingKind.OVERLAP, FindingStatus.CONFIRMED, "属实"),
            (FindingKind.RETIRED, FindingStatus.DISMISSED, ""),
        ):
            uow.findings.decide(ids[kind], status=status, reason=reason, decided_by=staff, decided_at=now)
        uow.findings.supersede([ids[FindingKind.DELAYED]], at=now)
        uow.commit()

    with database.unit_of_work() as uow:
        read = {finding.kind: finding for finding in uow.findings.of_department("minzheng")}
    assert list(read) == list(FindingKind)
    assert {kind: finding.status for kind, finding in read.items() if not finding.is_open} == {
        FindingKind.RETIRED: FindingStatus.DISMISSED,
        FindingKind.OVERLAP: FindingStatus.CONFIRMED,
        FindingKind.DELAYED: FindingStatus.SUPERSEDED,
    }
    assert read[FindingKind.OVERLAP].reason == "属实" and read[FindingKind.OVERLAP].decided_by == staff
    assert read[FindingKind.NOT_STARTED].kind.verdict is None
    assert read[FindingKind.IN_SCOPE].kind.verdict is Verdict.IN_SCOPE
    stored = _column(database, "SELECT verdict || ':' || status FROM findings ORDER BY id")
    assert stored == [
        "in_scope:open",
        "retired:dismissed",
        "overlap:confirmed",
        "out_of_scope:open",
        "not_started:open",
        "delayed:superseded",
        "gap:open",
        "overreach:open",
        "relation:open",
        "lag:open",
        "unreported:open",
    ]


def test_an_inquiry_and_its_thread_read_back_with_their_status_and_kinds(
    database: Database, imported_department: Department, now: datetime
) -> None:
    liaison, staff = _people(database, now)
    with database.unit_of_work() as uow:
        inquiry = uow.inquiries.create(
            department="minzheng", deadline=date(2026, 3, 13), asked_by=staff, asked_at=now
        )
        thread = (
            (InquiryMessageKind.QUESTION, staff, InquiryStatus.OPEN),
            (InquiryMessageKind.REPLY, liaison, InquiryStatus.ANSWERED),
            (InquiryMessageKind.FOLLOW_UP, staff, InquiryStatus.OPEN),
            (InquiryMessageKind.REPLY, liaison, InquiryStatus.ANSWERED),
            (InquiryMessageKind.ACCEPTED, staff, InquiryStatus.ACCEPTED),
        )
        status = InquiryStatus.OPEN
        for n, (kind, author, after) in enumerate(thread):
            if after is not status:
                assert uow.inquiries.set_status(inquiry.id, after, expected=status)
                status = after
            uow.inquiries.add_message(
                inquiry_id=inquiry.id,
                author=author,
                kind=kind,
                text=f"第{n}条",
                attachment_name="答复.pdf" if kind is InquiryMessageKind.REPLY else "",
                attachment_mime="application/pdf" if kind is InquiryMessageKind.REPLY else "",
                attachment_content=b"%PDF" if kind is InquiryMessageKind.REPLY else None,
                created_at=now + timedelta(minutes=n),
            )
        uow.commit()

    with database.unit_of_work() as uow:
        read = uow.inquiries.get(inquiry.id)
        messages = uow.inquiries.messages(inquiry.id)
        assert uow.inquiries.open() == [] and uow.inquiries.closed(5) == [read]
    assert read is not None and read.status is InquiryStatus.ACCEPTED
    assert (read.department, read.deadline, read.asked_by) == ("minzheng", date(2026, 3, 13), staff)
    assert [(m.kind, m.author, m.text) for m in messages] == [
        (kind, author, f"第{n}条") for n, (kind, author, _) in enumerate(thread)
    ]
    assert [m.kind.asks for m in messages] == [True, False, True, False, False]
    assert (messages[1].attachment_name, messages[1].attachment_content) == ("答复.pdf", b"%PDF")
    assert _column(database, "SELECT status FROM inquiries") == ["accepted"]
    assert _column(database, "SELECT kind FROM inquiry_messages ORDER BY id") == [
        "question",
        "reply",
        "follow_up",
        "reply",
        "accepted",
    ]
