"""The storage side of the engine's port, on SQLite and PostgreSQL: what the engine relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fm_domain.message_codec import decode_reply
from fm_domain.messages import Choice, ConversationKey, Reply
from fm_domain.models import Catalog
from fm_domain.records import FindingKind, FindingStatus, InquiryStatus, ReviewedItems, SubmissionKind
from storage import Database, UnitOfWork
from tests.flows.conftest import seed

NOW = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)


def test_state_is_written_only_over_the_version_it_was_read_at(database: Database) -> None:
    with database.unit_of_work() as uow:
        assert uow.conversations.save("user:1", flow="f", step="a", data="{}", version=1, now=NOW)
        assert not uow.conversations.save("user:1", flow="f", step="b", data="{}", version=1, now=NOW)
        assert not uow.conversations.save("user:1", flow="f", step="b", data="{}", version=3, now=NOW)
        assert uow.conversations.save("user:1", flow="f", step="b", data='{"x": 1}', version=2, now=NOW)
        stored = uow.conversations.get("user:1")
        assert stored is not None and (stored.step, stored.data, stored.version) == ("b", '{"x": 1}', 2)


def test_touching_a_state_writes_its_version_and_time_only_over_the_version_it_was_read_at(
    database: Database,
) -> None:
    later = NOW + timedelta(minutes=5)
    with database.unit_of_work() as uow:
        assert uow.conversations.save("user:1", flow="f", step="a", data='{"x": 1}', version=1, now=NOW)
        assert not uow.conversations.touch("user:1", version=1, now=later)
        assert not uow.conversations.touch("user:1", version=3, now=later)
        assert uow.conversations.touch("user:1", version=2, now=later)
        stored = uow.conversations.get("user:1")
        assert stored is not None
        assert (stored.flow, stored.step, stored.data, stored.version) == ("f", "a", '{"x": 1}', 2)
        assert stored.updated_at == later
        assert not uow.conversations.touch("user:2", version=2, now=later)  # no state: nothing to touch


def test_only_drafts_inside_a_flow_and_older_than_the_cutoff_are_idle(database: Database) -> None:
    with database.unit_of_work() as uow:
        uow.conversations.save("old", flow="f", step="a", data="{}", version=1, now=NOW - timedelta(days=2))
        uow.conversations.save("idle", flow="", step="", data="{}", version=1, now=NOW - timedelta(days=2))
        uow.conversations.save("fresh", flow="f", step="a", data="{}", version=1, now=NOW)
        assert [owner for owner, _ in uow.conversations.in_flow_since(NOW - timedelta(days=1))] == ["old"]


def test_a_message_id_is_recorded_once_and_claimed_once(database: Database) -> None:
    with database.unit_of_work() as uow:
        assert uow.inbox.record("wecom", "m1", "u", "{}", NOW)
        assert not uow.inbox.record("wecom", "m1", "u", "{}", NOW)
        assert uow.inbox.record("telegram", "m1", "u", "{}", NOW)  # ids are per channel
        uow.commit()
    with database.unit_of_work() as uow:
        [entry] = uow.inbox.unhandled("wecom", "u")
        assert uow.inbox.claim(entry.id, NOW)
        assert not uow.inbox.claim(entry.id, NOW)
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.inbox.unhandled("wecom", "u") == []
        assert uow.inbox.unhandled_accounts() == [("telegram", "u")]


def test_a_message_is_recorded_handled_only_while_none_of_its_account_waits_and_only_once(
    database: Database,
) -> None:
    with database.unit_of_work() as uow:
        assert uow.inbox.record_handled("console", "m0", "u", '"0"', NOW, NOW)
        assert not uow.inbox.record_handled("console", "m0", "u", '"again"', NOW, NOW)
        assert uow.inbox.record("console", "m1", "v", '"1"', NOW)
        assert not uow.inbox.record_handled("console", "m2", "v", '"2"', NOW, NOW)
        assert uow.inbox.record_handled("wecom", "m2", "v", '"2"', NOW, NOW)  # another channel's account
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.inbox.unhandled("console", "u") == []
        assert [e.message_id for e in uow.inbox.unhandled("console", "v")] == ["m1"]
        assert uow.inbox.get("console", "m2") is None
        handled = uow.inbox.get("console", "m0")
        assert handled is not None and (handled.status, handled.payload) == ("handled", '"0"')


def test_unhandled_messages_come_back_in_arrival_order(database: Database) -> None:
    with database.unit_of_work() as uow:
        for n in range(3):
            uow.inbox.record("console", f"m{n}", "u", f'"{n}"', NOW)
        assert [e.payload for e in uow.inbox.unhandled("console", "u")] == ['"0"', '"1"', '"2"']


def test_messages_recorded_together_keep_their_order_and_a_repeat_among_them_is_refused(
    database: Database,
) -> None:
    with database.unit_of_work() as uow:
        assert uow.inbox.record("wecom", "m1", "u", '"1"', NOW)
        uow.commit()
    batch = [
        ("wecom", "m2", "u", '"2"', NOW),
        ("wecom", "m1", "u", '"1 again"', NOW),  # recorded before
        ("wecom", "m3", "v", '"3"', NOW),
        ("wecom", "m2", "u", '"2 again"', NOW),  # earlier in this batch
        ("wecom", "m4", "u", '"4"', NOW),
    ]
    with database.unit_of_work() as uow:
        assert uow.inbox.record_all(batch) == [True, False, True, False, True]
        uow.commit()
    with database.unit_of_work() as uow:
        assert [e.payload for e in uow.inbox.unhandled("wecom", "u")] == ['"1"', '"2"', '"4"']
        assert [e.payload for e in uow.inbox.unhandled("wecom", "v")] == ['"3"']
        assert uow.inbox.record_all([]) == []


def test_the_outbox_queues_replies_per_channel_and_a_unique_key_only_once(database: Database) -> None:
    with database.unit_of_work() as uow:
        uow.outbox.queue(ConversationKey("wecom", "u"), Reply("a", (Choice("是", "yes"),)), at=NOW)
        uow.outbox.queue(ConversationKey("telegram", "u"), Reply("b"), at=NOW)
        first = uow.outbox.queue(
            ConversationKey("wecom", "v"), Reply("c"), at=NOW, kind="due", unique_key="k"
        )
        again = uow.outbox.queue(
            ConversationKey("wecom", "v"), Reply("c2"), at=NOW, kind="due", unique_key="k"
        )
        uow.commit()
    assert first is not None and again is None
    with database.unit_of_work() as uow:
        queued = [
            (f.external_user_id, decode_reply(f.payload), f.kind, f.status) for f in uow.outbox.fates("wecom")
        ]
    assert queued == [
        ("u", Reply("a", (Choice("是", "yes"),)), "reply", "pending"),
        ("v", Reply("c"), "due", "pending"),
    ]


def test_submissions_get_consecutive_versions_per_department_division_and_period(
    database: Database, sample_catalog: Catalog
) -> None:
    seed(database, sample_catalog)
    with database.unit_of_work() as uow:
        user = uow.users.by_account("console", "li")
        assert user is not None

        def add(period: str, division: str = "") -> int:
            return uow.submissions.add(
                kind=SubmissionKind.ANNUAL_GOALS,
                department="jiaoyu",
                division=division,
                period=period,
                review=ReviewedItems(),
                submitted_by=user.id,
                submitted_at=NOW,
            ).version

        assert [add("2026"), add("2026"), add("2026", "基础教育处"), add("2027")] == [1, 2, 1, 1]
        latest = uow.submissions.latest(SubmissionKind.ANNUAL_GOALS, "jiaoyu", "2026")
        assert latest is not None and latest.version == 2
        assert len([s for s in uow.submissions.of_department("jiaoyu") if s.period == "2026"]) == 3


CONFIRMED, DISMISSED = FindingStatus.CONFIRMED, FindingStatus.DISMISSED


def _finding(uow: UnitOfWork, department: str, kind: FindingKind) -> int:
    return uow.findings.add(
        department=department, submission_id=None, item=kind.value, kind=kind, detail="", created_at=NOW
    )


def test_a_decided_finding_leaves_the_open_list(database: Database, sample_catalog: Catalog) -> None:
    seed(database, sample_catalog)
    with database.unit_of_work() as uow:
        staff = uow.users.by_account("console", "zhou")
        assert staff is not None
        kept = _finding(uow, "jiaoyu", FindingKind.OVERLAP)
        decided = _finding(uow, "minzheng", FindingKind.RETIRED)
        uow.findings.decide(decided, status=DISMISSED, reason="r", decided_by=staff.id, decided_at=NOW)
        assert [f.id for f in uow.findings.open()] == [kept]
        assert uow.findings.open("minzheng") == []
        finding = uow.findings.get(decided)
        assert finding is not None and (finding.status, finding.reason) == (DISMISSED, "r")


def test_a_finding_decided_already_is_not_decided_again(database: Database, sample_catalog: Catalog) -> None:
    seed(database, sample_catalog)
    with database.unit_of_work() as uow:
        staff = uow.users.by_account("console", "zhou")
        assert staff is not None
        finding = _finding(uow, "jiaoyu", FindingKind.OVERLAP)
        first = uow.findings.decide(
            finding, status=CONFIRMED, reason="一", decided_by=staff.id, decided_at=NOW
        )
        second = uow.findings.decide(
            finding, status=DISMISSED, reason="二", decided_by=staff.id, decided_at=NOW
        )
        stored = uow.findings.get(finding)
    assert (first, second) == (True, False)
    assert stored is not None and (stored.status, stored.reason) == (CONFIRMED, "一")


def test_an_inquiry_moves_on_only_from_the_status_it_was_read_in(
    database: Database, sample_catalog: Catalog
) -> None:
    seed(database, sample_catalog)
    with database.unit_of_work() as uow:
        staff = uow.users.by_account("console", "zhou")
        assert staff is not None
        inquiry = uow.inquiries.create(
            department="sifa", deadline=NOW.date(), asked_by=staff.id, asked_at=NOW
        )
        first = uow.inquiries.set_status(inquiry.id, InquiryStatus.ANSWERED, expected=InquiryStatus.OPEN)
        second = uow.inquiries.set_status(inquiry.id, InquiryStatus.ANSWERED, expected=InquiryStatus.OPEN)
    assert (first, second) == (True, False)
