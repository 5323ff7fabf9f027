"""What the conversation engine keeps: state per owner, the inbox and outbox, bind failures, and the
records the flows create (submissions, findings, issue reports, written inquiries with their threads).

JSON travels as text (state data, message payloads, submission content), so both databases store exactly
what was written. Submissions, findings and inquiries are read and written as fm_domain.records (see their
repositories); their kind and status columns hold the values of those records' enums.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class ConversationStateRow(Table, table=True):
    __tablename__ = "conversation_states"

    owner: str = Field(primary_key=True, sa_type=sa.String(160))  # user:<id> or <channel>:<external id>
    flow: str = Field(default="", sa_type=sa.String(64))
    step: str = Field(default="", sa_type=sa.String(64))
    data: str = Field(default="{}", sa_type=sa.Text)
    version: int = Field(default=1)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class InboxMessageRow(Table, table=True):
    __tablename__ = "inbox_messages"
    __table_args__ = (
        sa.UniqueConstraint("channel", "message_id"),
        sa.Index("ix_inbox_messages_account_status", "channel", "external_user_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(sa_type=sa.String(32))
    message_id: str = Field(sa_type=sa.String(200))
    external_user_id: str = Field(sa_type=sa.String(128))
    payload: str = Field(sa_type=sa.Text)
    received_at: datetime = Field(sa_type=UtcDateTime)
    status: str = Field(default="pending", sa_type=sa.String(16), index=True)  # pending | handled | failed
    handled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    error_ref: str = Field(default="", sa_type=sa.String(32))


# An outbox message neither sent nor given up (pending, or claimed by a worker). Written out as a literal:
# a partial index is used only where the query repeats its condition with the same constants.
UNSETTLED_SQL = "status IN ('pending', 'claimed')"
# A member row its broadcast still holds: pending, until the broadcast settles or detaches it (and clears
# its broadcast_id either way).
BROADCAST_MEMBER_SQL = "broadcast_id IS NOT NULL"


class OutboxMessageRow(Table, table=True):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # Delivery keeps each recipient's messages in order ("is an earlier one still waiting?"): a claim
        # reads each recipient's first unsettled message here, however long the history of sent ones grows.
        # The status too, though the condition names it: a query that states the condition then reads the
        # index alone (a broadcast's claim asks it for each of ten thousand members).
        sa.Index(
            "ix_outbox_messages_unsettled",
            "channel",
            "external_user_id",
            "id",
            "status",
            sqlite_where=sa.text(UNSETTLED_SQL),
            postgresql_where=sa.text(UNSETTLED_SQL),
        ),
        # A broadcast's claim reads its members (storage.tables.outbox_broadcasts) from this index alone;
        # only members their broadcast still holds have an entry, so a reply pays nothing for it.
        sa.Index(
            "ix_outbox_messages_broadcast",
            "broadcast_id",
            "id",
            "external_user_id",
            sqlite_where=sa.text(BROADCAST_MEMBER_SQL),
            postgresql_where=sa.text(BROADCAST_MEMBER_SQL),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(sa_type=sa.String(32))
    external_user_id: str = Field(sa_type=sa.String(128))
    payload: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    # pending | claimed | sent | failed (retries exhausted) | undeliverable; see bot/delivery.py
    status: str = Field(default="pending", sa_type=sa.String(16))
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # Delivery (issue 5): who holds the row and since when, how often it was tried, why it last failed.
    kind: str = Field(default="reply", sa_type=sa.String(32), sa_column_kwargs={"server_default": "reply"})
    nudge_key: str | None = Field(default=None, sa_type=sa.String(512), unique=True)
    claimed_by: str | None = Field(default=None, sa_type=sa.String(128))
    claimed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_error: str = Field(default="", sa_type=sa.String(500), sa_column_kwargs={"server_default": ""})
    # The broadcast that holds this message (storage.tables.outbox_broadcasts) until it is settled or goes
    # the regular way; None: the regular claim's.
    broadcast_id: int | None = Field(default=None)


class BindFailureRow(Table, table=True):
    __tablename__ = "bind_failures"
    __table_args__ = (sa.Index("ix_bind_failures_account_time", "channel", "external_user_id", "failed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(sa_type=sa.String(32))
    external_user_id: str = Field(sa_type=sa.String(128))
    failed_at: datetime = Field(sa_type=UtcDateTime)


class SubmissionRow(Table, table=True):
    """One version of a department's (or division's) annual goals or monthly arrangement; never updated
    except for its receipt, which is known once the row has its id."""

    __tablename__ = "submissions"
    __table_args__ = (sa.UniqueConstraint("kind", "department", "division", "period", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_type=sa.String(32))  # SubmissionKind
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code", index=True)
    division: str = Field(default="", sa_type=sa.String(200))
    period: str = Field(sa_type=sa.String(16))
    version: int
    content: str = Field(sa_type=sa.Text)  # JSON: the review's checks and coverage, the flow's details
    receipt: str | None = Field(default=None, sa_type=sa.String(40), unique=True)
    submitted_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    submitted_at: datetime = Field(sa_type=UtcDateTime)


class FindingRow(Table, table=True):
    __tablename__ = "findings"

    id: int | None = Field(default=None, primary_key=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code", index=True)
    submission_id: int | None = Field(default=None, foreign_key="submissions.id", ondelete="SET NULL")
    item: str = Field(sa_type=sa.Text)
    verdict: str = Field(sa_type=sa.String(16))  # FindingKind: the review's verdict, or not_started | delayed
    detail: str = Field(default="", sa_type=sa.Text)
    status: str = Field(default="open", sa_type=sa.String(16), index=True)  # FindingStatus
    reason: str = Field(default="", sa_type=sa.Text)
    decided_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    decided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    # The lifecycle after the decision (issue 14): the rectification deadline while one is asked for, and
    # the why of the latest step (what to rectify, what the department reported, the outcome). Every step
    # is also kept in finding_events.
    deadline: date | None = Field(default=None, sa_type=sa.Date)
    note: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})


class IssueReportRow(Table, table=True):
    __tablename__ = "issue_reports"

    id: int | None = Field(default=None, primary_key=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code", index=True)
    kind: str = Field(sa_type=sa.String(32))
    description: str = Field(sa_type=sa.Text)
    attachment_name: str = Field(default="", sa_type=sa.String(255))
    attachment_mime: str = Field(default="", sa_type=sa.String(128))
    attachment_content: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    receipt: str | None = Field(default=None, sa_type=sa.String(40), unique=True)
    reported_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    reported_at: datetime = Field(sa_type=UtcDateTime)
    # The case staff make of it (issue 12): open → replied (staff answered) → closed (with an outcome).
    status: str = Field(
        default="open", sa_type=sa.String(16), index=True, sa_column_kwargs={"server_default": "open"}
    )
    reply: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    outcome: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    handled_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    handled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class InquiryRow(Table, table=True):
    __tablename__ = "inquiries"

    id: int | None = Field(default=None, primary_key=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code", index=True)
    deadline: date = Field(sa_type=sa.Date)
    status: str = Field(default="open", sa_type=sa.String(16), index=True)  # InquiryStatus
    asked_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    asked_at: datetime = Field(sa_type=UtcDateTime)


class InquiryMessageRow(Table, table=True):
    __tablename__ = "inquiry_messages"

    id: int | None = Field(default=None, primary_key=True)
    inquiry_id: int = Field(foreign_key="inquiries.id", ondelete="CASCADE", index=True)
    author: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    kind: str = Field(sa_type=sa.String(16))  # InquiryMessageKind
    text: str = Field(default="", sa_type=sa.Text)
    attachment_name: str = Field(default="", sa_type=sa.String(255))
    attachment_mime: str = Field(default="", sa_type=sa.String(128))
    attachment_content: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = Field(sa_type=UtcDateTime)


class JudgementRow(Table, table=True):
    """One judgement of the establishment office about one item (编办认定): what it is, by the 三定 revision
    of its department then in force. Never updated: judging the same text again adds a row, and look-ups
    take the latest per text."""

    __tablename__ = "judgements"

    id: int | None = Field(default=None, primary_key=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code", index=True)
    item: str = Field(sa_type=sa.Text)
    verdict: str = Field(sa_type=sa.String(16))  # in_scope | retired | overlap | out_of_scope
    duty: str | None = Field(default=None, sa_type=sa.String(80))  # None for out_of_scope
    internal: bool = Field(default=False)  # out_of_scope as the bureau's own internal work (机关自身建设)
    revision_id: int = Field(foreign_key="department_revisions.id", index=True)
    finding_id: int | None = Field(default=None, foreign_key="findings.id", ondelete="SET NULL")
    judged_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    judged_at: datetime = Field(sa_type=UtcDateTime)
