"""The dossier's bulk reads and the web console's sign-in records, on both databases."""

from __future__ import annotations

from datetime import date, timedelta

from fm_domain.models import Department
from fm_domain.records import InquiryMessageKind, ReviewedItems, SubmissionKind
from fm_domain.users import Role
from storage import Database
from tests.storage.conftest import NOW


def test_a_submissions_first_version_is_when_it_arrived_and_receipts_keep_their_time(
    database: Database, imported_department: Department
) -> None:
    with database.unit_of_work() as uow:
        user = uow.users.create("王芳", Role.LIAISON, "minzheng", NOW)
        for days in (0, 3):
            uow.submissions.add(
                kind=SubmissionKind.MONTHLY_ARRANGEMENT,
                department="minzheng",
                division="",
                period="2026-03",
                review=ReviewedItems(),
                submitted_by=user.id,
                submitted_at=NOW + timedelta(days=days),
            )
        uow.reporting.save_task(  # the PostgreSQL test schema is emptied of the seeded tasks
            code="half_year_summary",
            title="半年工作总结",
            kind="half_year_summary",
            rule="halfyear 07-15",
            departments=None,
            active_from=None,
            now=NOW,
        )
        uow.reporting.record_receipt(
            task="half_year_summary", period="2026H1", department="minzheng", now=NOW
        )
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.archive.first_submissions(2026) == {("monthly_arrangement", "2026-03", "minzheng"): NOW}
        assert uow.archive.first_submissions(2025) == {}
        assert uow.archive.receipts(2026) == {("half_year_summary", "2026H1", "minzheng"): NOW}
        assert [s.version for s in uow.archive.submissions(2026, "minzheng")] == [1, 2]


def test_inquiries_come_with_their_threads_and_revisions_as_they_were(
    database: Database, imported_department: Department, make_department
) -> None:
    with database.unit_of_work() as uow:
        uow.catalog.save_revision(make_department(extra_duty="监督检查养老服务"), "调整", NOW)
        staff = uow.users.create("周静", Role.STAFF, None, NOW)
        inquiry = uow.inquiries.create(
            department="minzheng", deadline=date(2026, 3, 20), asked_by=staff.id, asked_at=NOW
        )
        for kind, text in ((InquiryMessageKind.QUESTION, "为何？"), (InquiryMessageKind.REPLY, "因为。")):
            uow.inquiries.add_message(
                inquiry_id=inquiry.id,
                author=staff.id,
                kind=kind,
                text=text,
                attachment_name="",
                attachment_mime="",
                attachment_content=None,
                created_at=NOW,
            )
        uow.commit()
    with database.unit_of_work() as uow:
        (thread,) = uow.archive.inquiry_threads("minzheng")
        assert [m.text for m in thread.messages] == ["为何？", "因为。"]
        revisions = uow.archive.revisions("minzheng")
        assert [(r.number, len(r.department.duties)) for r in revisions] == [(1, 4), (2, 5)]


def test_a_sign_in_link_is_used_once_and_not_after_it_expired(database: Database) -> None:
    with database.unit_of_work() as uow:
        user = uow.users.create("周静", Role.STAFF, None, NOW)
        for nonce in ("a", "b"):
            uow.web.issue_sign_in(
                nonce_hash=nonce, user_id=user.id, issued_at=NOW, expires_at=NOW + timedelta(minutes=10)
            )
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.web.use_sign_in(nonce_hash="a", user_id=user.id, now=NOW) is not None
        assert uow.web.use_sign_in(nonce_hash="a", user_id=user.id, now=NOW) is None  # used
        assert uow.web.use_sign_in(nonce_hash="b", user_id=user.id, now=NOW + timedelta(minutes=11)) is None
        assert uow.web.sign_in_state("a", NOW) == "used"
        assert uow.web.sign_in_state("b", NOW + timedelta(minutes=11)) == "expired"
        uow.commit()


def test_a_session_ends_at_sign_out_or_expiry_and_the_key_is_made_once(database: Database) -> None:
    with database.unit_of_work() as uow:
        user = uow.users.create("周静", Role.STAFF, None, NOW)
        uow.web.start_session(
            token_hash="s", user_id=user.id, sign_in_id=None, now=NOW, expires_at=NOW + timedelta(hours=8)
        )
        assert uow.web.signing_key("first", NOW) == "first"
        assert uow.web.signing_key("second", NOW) == "first"
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.web.session_user("s", NOW) == user.id
        assert uow.web.session_user("s", NOW + timedelta(hours=9)) is None
        assert uow.web.end_session("s", NOW)
        assert uow.web.session_user("s", NOW) is None
        uow.commit()
