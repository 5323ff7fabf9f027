"""What the engine needs from storage, as small Protocols that ``storage`` implements.

The engine never imports ``storage``: the composition root hands it a factory of units of work that
satisfy :class:`UnitOfWork`. Everything crosses this boundary as plain values (str, int, datetime, JSON
text) or as fm_domain's records (submissions, findings, written inquiries: ``fm_domain.records``), so the
storage side does not need to import ``conversations`` either. The other records coming back are read by
attribute only (structural typing), so a frozen dataclass or a detached row both fit.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from fm_domain.archive import InquiryThread, IssueReportRecord, Revision
from fm_domain.messages import Attachment, ConversationKey, Reply
from fm_domain.models import Catalog, Department
from fm_domain.monitoring import RaisedSignal, Signal
from fm_domain.obligations import TaskRecord  # a stored reporting task: fm_domain reads it into a task
from fm_domain.performance import Evaluation, Grade, Rating, Scheme, YearScores
from fm_domain.recommendations import (
    CatalogChange,
    Recommendation,
    RecommendationState,
    StoredRecommendation,
)
from fm_domain.records import (
    Figures,
    Finding,
    FindingEvent,
    FindingKind,
    FindingStatus,
    Inquiry,
    InquiryMessage,
    InquiryMessageKind,
    InquiryStatus,
    ItemCheck,
    ProgressReport,
    ProgressTable,
    ReviewedItems,
    Series,
    Submission,
    SubmissionKind,
    Visit,
    VisitKind,
    WorkReport,
    WorkReportKind,
)
from fm_domain.users import Recipient, Role

# --- records read back (attributes only) ----------------------------------------------------------


class UserRecord(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def display_name(self) -> str: ...
    @property
    def role(self) -> Role: ...
    @property
    def department(self) -> str | None: ...


class InviteRecord(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def role(self) -> Role: ...
    @property
    def department(self) -> str | None: ...


class StoredState(Protocol):
    @property
    def flow(self) -> str: ...
    @property
    def step(self) -> str: ...
    @property
    def data(self) -> str: ...  # JSON text
    @property
    def version(self) -> int: ...
    @property
    def updated_at(self) -> datetime: ...


class InboxEntry(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def channel(self) -> str: ...
    @property
    def external_user_id(self) -> str: ...
    @property
    def message_id(self) -> str: ...
    @property
    def payload(self) -> str: ...  # fm_domain.message_codec.encode_inbound


class JudgementEntry(Protocol):
    """One judgement of the office about an item (编办认定), by its department's 三定 revision then in
    force."""

    @property
    def id(self) -> int: ...
    @property
    def department(self) -> str: ...
    @property
    def item(self) -> str: ...
    @property
    def verdict(self) -> str: ...  # in_scope | retired | overlap | out_of_scope
    @property
    def duty(self) -> str | None: ...  # None for out_of_scope
    @property
    def internal(self) -> bool: ...  # out_of_scope as the bureau's own internal work (机关自身建设)
    @property
    def revision_id(self) -> int: ...
    @property
    def finding_id(self) -> int | None: ...
    @property
    def judged_by(self) -> int | None: ...
    @property
    def judged_at(self) -> datetime: ...


class IssueReportEntry(IssueReportRecord, Protocol):
    """An issue report as the flows read it: what the dossier reads (fm_domain.archive), and its file."""

    @property
    def attachment_name(self) -> str: ...


# --- repositories -----------------------------------------------------------------------------------


class CatalogPort(Protocol):
    def current(self) -> Catalog: ...

    def stamp(self) -> Hashable:
        """A small value that changes whenever ``current()`` may: read every turn, while the catalog itself
        is loaded again only when it changed (conversations.catalog_cache)."""
        ...

    def revision_id(self, code: str) -> int | None:
        """The stable id of the department's 三定 revision now in force (None: not in the catalog)."""
        ...

    def department(self, code: str) -> Department | None:
        """The department at its latest revision, read now (not through the per-turn cache)."""
        ...

    def save_revision(self, department: Department, source: str, imported_at: datetime) -> int:
        """Store the department as its next revision (nothing when it equals the current one); the
        revision number."""
        ...


class UsersPort(Protocol):
    def get(self, user_id: int) -> UserRecord | None: ...
    def by_account(self, channel: str, external_id: str) -> UserRecord | None: ...
    def create(self, display_name: str, role: Role, department: str | None, now: datetime) -> UserRecord: ...
    def rename(self, user_id: int, display_name: str) -> UserRecord: ...
    def bind_account(self, user_id: int, channel: str, external_id: str, now: datetime) -> None: ...
    def accounts(self, user_id: int) -> Sequence[tuple[str, str]]: ...
    def liaisons_of(self, department: str) -> Sequence[UserRecord]: ...
    def staff(self) -> Sequence[UserRecord]: ...
    def with_roles(self, *roles: Role) -> Sequence[UserRecord]: ...
    def recipients(self, roles: Iterable[Role]) -> Sequence[Recipient]:
        """Every bound account of the users with these roles."""
        ...

    def recipient(self, channel: str, external_id: str) -> Recipient | None: ...


class InvitesPort(Protocol):
    def issue(
        self,
        role: Role,
        department: str | None,
        expires_at: datetime,
        now: datetime,
        issued_by: int | None = None,
    ) -> str:
        """Store a new invite and return its plain code."""
        ...

    def redeem(self, code: str, now: datetime, used_by: int | None = None) -> InviteRecord | None:
        """Mark the invite used; None for a wrong, used or expired code (without saying which)."""
        ...

    def record_redeemer(self, invite_id: int, user_id: int) -> None: ...


class ConversationStatesPort(Protocol):
    """State per owner: ``user:<id>`` for a bound user (so a draft continues on any channel the user is
    bound on), ``<channel>:<external id>`` for an account not yet bound."""

    def get(self, owner: str) -> StoredState | None: ...

    def in_flow_since(self, before: datetime) -> Sequence[tuple[str, StoredState]]:
        """(owner, state) of every owner inside a flow whose last change is older than ``before``."""
        ...

    def save(self, owner: str, *, flow: str, step: str, data: str, version: int, now: datetime) -> bool:
        """Store version ``version``; False when the stored version is not ``version - 1`` (a concurrent
        update won), in which case nothing is written."""
        ...

    def touch(self, owner: str, *, version: int, now: datetime) -> bool:
        """``save`` for a state whose flow, step and data are unchanged: the version and time only."""
        ...


class InboxPort(Protocol):
    def record(
        self,
        channel: str,
        message_id: str,
        external_user_id: str,
        payload: str,
        received_at: datetime,
    ) -> bool:
        """Record a message; False when (channel, message_id) is already recorded."""
        ...

    def record_handled(
        self,
        channel: str,
        message_id: str,
        external_user_id: str,
        payload: str,
        received_at: datetime,
        handled_at: datetime,
    ) -> bool:
        """Record a message as handled by the turn in this same transaction; False, with nothing written,
        when earlier messages of the account are still pending or the message id was recorded before."""
        ...

    def record_all(self, messages: Sequence[tuple[str, str, str, str, datetime]]) -> list[bool]:
        """Record messages given as (channel, message_id, external_user_id, payload, received_at), in
        order; for each, False when its (channel, message_id) was already recorded, also earlier in
        ``messages``."""
        ...

    def unhandled(self, channel: str, external_user_id: str) -> Sequence[InboxEntry]:
        """This account's messages not yet handled, in the order they were recorded."""
        ...

    def unhandled_accounts(self) -> Sequence[tuple[str, str]]: ...

    def claim(self, entry_id: int, now: datetime) -> bool:
        """Mark handled; False when it already was (another worker got there first)."""
        ...

    def fail(self, entry_id: int, error_ref: str, now: datetime) -> None: ...


class OutboxPort(Protocol):
    """The one way out: every message to a user is queued here, in the transaction that decided it."""

    def queue(
        self,
        recipient: ConversationKey,
        reply: Reply,
        *,
        at: datetime,
        kind: str = "reply",
        unique_key: str | None = None,
    ) -> int | None:
        """The message's id; None when ``unique_key`` was queued before (a nudge is sent once)."""
        ...

    def queue_many(
        self,
        recipients: Sequence[ConversationKey],
        reply: Reply,
        *,
        at: datetime,
        kind: str = "reply",
        unique_keys: Sequence[str | None] | None = None,
    ) -> list[int | None]:
        """``queue`` of one reply to each recipient (under ``unique_keys[i]``); each one's id, or None.
        Where the channel's platform takes many recipients in one call (WeCom), they are sent together."""
        ...

    def existing_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these unique keys were queued before."""
        ...


class BindAttemptsPort(Protocol):
    def failures_since(self, channel: str, external_user_id: str, since: datetime) -> Sequence[datetime]: ...
    def record_failure(self, channel: str, external_user_id: str, at: datetime) -> None: ...


class SubmissionsPort(Protocol):
    def add(
        self,
        *,
        kind: SubmissionKind,
        department: str,
        division: str,
        period: str,
        review: ReviewedItems,
        details: Mapping[str, Any] | None = None,  # the flow's own part (Submission.details)
        submitted_by: int,
        submitted_at: datetime,
    ) -> Submission:
        """Store the next version for (kind, department, division, period); never overwrites one."""
        ...

    def set_receipt(self, submission_id: int, receipt: str) -> None: ...
    def latest(
        self, kind: SubmissionKind, department: str, period: str, division: str = ""
    ) -> Submission | None: ...
    def of_department(self, department: str) -> Sequence[Submission]: ...
    def of_year(self, year: int) -> Sequence[Submission]:
        """Every version of every submission for a period of ``year`` (departments and divisions)."""
        ...


class FindingsPort(Protocol):
    def add(
        self,
        *,
        department: str,
        submission_id: int | None,
        item: str,
        kind: FindingKind,
        detail: str,
        created_at: datetime,
    ) -> int: ...

    def get(self, finding_id: int) -> Finding | None: ...
    def open(self, department: str | None = None) -> Sequence[Finding]: ...
    def of_department(self, department: str) -> Sequence[Finding]: ...
    def open_of_series(self, series: Series) -> Sequence[Finding]:
        """The open findings of every stored version of one submission, oldest first."""
        ...

    def raised_between(self, start: datetime, end: datetime) -> Sequence[Finding]: ...

    def carry_over(self, finding_id: int, *, submission_id: int, detail: str) -> bool:
        """Move an open finding to a newer version that raises it again; False when no longer open."""
        ...

    def supersede(self, finding_ids: Sequence[int], *, at: datetime) -> Sequence[int]:
        """Close these open findings (a newer version changed or removed their items); those closed."""
        ...

    def decide(
        self, finding_id: int, *, status: FindingStatus, reason: str, decided_by: int, decided_at: datetime
    ) -> bool:
        """Confirm or dismiss a finding not yet decided; False when it was decided already (nothing
        written)."""
        ...

    def move(
        self,
        finding_id: int,
        to: FindingStatus,
        *,
        by: int | None,
        at: datetime,
        reason: str = "",
        inquiry_id: int | None = None,
        visit_id: int | None = None,
        deadline: date | None = None,
    ) -> Finding | None:
        """One step of the lifecycle, kept in its history; None when the status does not allow it."""
        ...

    def history(self, finding_id: int) -> Sequence[FindingEvent]: ...
    def histories_between(self, start: datetime, end: datetime) -> Mapping[int, Sequence[FindingEvent]]:
        """finding id → its history, for every finding raised from ``start`` up to ``end``."""
        ...

    def of_inquiry(self, inquiry_id: int) -> Sequence[Finding]:
        """The findings a written inquiry was sent about."""
        ...

    def in_status(
        self, statuses: Iterable[FindingStatus], department: str | None = None
    ) -> Sequence[Finding]: ...


class JudgementsPort(Protocol):
    """The office's judgements. Never overwritten: judging the same text again adds one."""

    def add(
        self,
        *,
        department: str,
        item: str,
        verdict: str,
        duty: str | None,
        internal: bool,
        revision_id: int,
        finding_id: int | None,
        judged_by: int | None,
        judged_at: datetime,
    ) -> JudgementEntry: ...

    def current(self) -> Sequence[JudgementEntry]:
        """The latest judgement per (department, text) made under the department's current revision, oldest
        first."""
        ...

    def of_finding(self, finding_id: int) -> Sequence[JudgementEntry]: ...


class IssueReportsPort(Protocol):
    def add(
        self,
        *,
        department: str,
        kind: str,
        description: str,
        attachment_name: str,
        attachment_mime: str,
        attachment_content: bytes | None,
        reported_by: int,
        reported_at: datetime,
    ) -> IssueReportEntry: ...

    def set_receipt(self, report_id: int, receipt: str) -> None: ...
    def of_department(self, department: str) -> Sequence[IssueReportEntry]: ...
    def get(self, report_id: int) -> IssueReportEntry | None: ...

    def listed(self, *, department: str | None = None, kind: str | None = None) -> Sequence[IssueReportEntry]:
        """Every report (of a department, of a kind): those not closed first, each group oldest first."""
        ...

    def reply(self, report_id: int, *, text: str, by: int, at: datetime) -> bool:
        """Record staff's answer; False when the report is closed (nothing written)."""
        ...

    def close(self, report_id: int, *, outcome: str, by: int, at: datetime) -> bool:
        """Close the case; False when it already was (nothing written)."""
        ...


class InquiriesPort(Protocol):
    def create(self, *, department: str, deadline: date, asked_by: int, asked_at: datetime) -> Inquiry: ...
    def get(self, inquiry_id: int) -> Inquiry | None: ...
    def set_status(self, inquiry_id: int, status: InquiryStatus, *, expected: InquiryStatus) -> bool:
        """Move the inquiry on from ``expected``; False when someone else moved it first (nothing written)."""
        ...

    def of_department(self, department: str) -> Sequence[Inquiry]: ...
    def open(self) -> Sequence[Inquiry]: ...
    def closed(self, limit: int) -> Sequence[Inquiry]:
        """The closed (accepted) inquiries, the most recently asked first, at most ``limit``."""
        ...

    def add_message(
        self,
        *,
        inquiry_id: int,
        author: int,
        kind: InquiryMessageKind,
        text: str,
        attachment_name: str,
        attachment_mime: str,
        attachment_content: bytes | None,
        created_at: datetime,
    ) -> int: ...

    def messages(self, inquiry_id: int) -> Sequence[InquiryMessage]: ...
    def asked_between(self, start: datetime, end: datetime) -> Sequence[Inquiry]: ...
    def first_replies(self, inquiry_ids: Sequence[int]) -> Mapping[int, datetime]:
        """When each inquiry was first answered by its department (absent: never)."""
        ...


class ReportingPort(Protocol):
    """Reporting tasks (报送任务) as staff keep them with /报送, and what has arrived for them."""

    def tasks(self, *, active_only: bool = False) -> Sequence[TaskRecord]: ...
    def task(self, code: str) -> TaskRecord | None: ...

    def save_task(
        self,
        *,
        code: str,
        title: str,
        kind: str,
        rule: str,
        departments: Sequence[str] | None,
        active_from: date | None,
        now: datetime,
        updated_by: int | None = None,
        active: bool = True,
    ) -> TaskRecord:
        """Create the task or replace every field of it. ``departments`` None: every department."""
        ...

    def set_active(self, code: str, active: bool, *, now: datetime, updated_by: int | None = None) -> bool:
        """Stop or resume a task; False when there is no such task."""
        ...

    def record_receipt(
        self, *, task: str, period: str, department: str, now: datetime, recorded_by: int | None = None
    ) -> bool:
        """Record a submission staff received outside the chat; False if already recorded."""
        ...

    def department_names(self) -> dict[str, str]: ...
    def record_calendar_notice(self, year: int, now: datetime) -> bool:
        """True the first time staff are told the calendar has no holiday data for ``year``."""
        ...

    def department_codes(self) -> Sequence[str]:
        """Every department's code: who owes a task kept for "every department"."""
        ...

    def submitted(self, kinds: Iterable[str], since_period: str) -> Collection[tuple[str, str, str]]:
        """(kind, period, department) of department-level submissions of these kinds, periods from
        ``since_period`` on."""
        ...

    def receipts(self, since_period: str) -> Collection[tuple[str, str, str]]:
        """(task, period, department) of the receipts staff recorded, periods from ``since_period`` on."""
        ...

    def received(self, since_period: str) -> Sequence[tuple[str, str, str, datetime]]:
        """(task, period, department, when recorded) of the same receipts."""
        ...


class PerformancePort(Protocol):
    """绩效管理: schemes by year, imported evaluations, leaders' ratings, closed years."""

    def scheme(self, year: int) -> Scheme | None:
        """The scheme imported for ``year`` (the last one), None when the year has none of its own."""
        ...

    def save_scheme(
        self, scheme: Scheme, *, file_name: str, file_content: bytes | None, by: int | None, at: datetime
    ) -> int: ...

    def add_evaluation(
        self, evaluation: Evaluation, *, file_content: bytes, by: int | None, at: datetime
    ) -> Evaluation:
        """Store an evaluation with the file it came from; it replaces the year's earlier one from its
        source (which stays stored). Returns it with its import number."""
        ...

    def evaluations(self, year: int) -> Sequence[Evaluation]:
        """The evaluation in force from each source for ``year``."""
        ...

    def evaluation_file(self, evaluation_id: int) -> tuple[str, bytes] | None: ...

    def rate(
        self, *, year: int, department: str, leader: int, grade: Grade, comment: str, at: datetime
    ) -> bool:
        """Give or change a rating; True when it is the leader's first of this department and year."""
        ...

    def ratings(
        self, year: int, *, department: str | None = None, leader: int | None = None
    ) -> Sequence[Rating]: ...

    def closed(self, year: int) -> YearScores | None:
        """The frozen scores of a closed year; None while it is open."""
        ...

    def is_closed(self, year: int) -> bool: ...
    def closed_years(self) -> Sequence[int]: ...

    def close(self, scores: YearScores, *, by: int | None, at: datetime) -> bool:
        """Freeze the year's scores; False when it was closed already (nothing written)."""
        ...


class ArchivePort(Protocol):
    """Bulk reads for the dossier (电子档案) and the web console, for one department or all."""

    def revisions(self, code: str) -> Sequence[Revision]: ...
    def submissions(self, year: int, department: str | None = None) -> Sequence[Submission]:
        """Every version of the submissions for periods of ``year``."""
        ...

    def findings(self, department: str | None = None) -> Sequence[Finding]: ...
    def inquiry_threads(self, department: str | None = None) -> Sequence[InquiryThread]: ...
    def issue_reports(self, department: str | None = None) -> Sequence[IssueReportRecord]: ...
    def first_submissions(self, year: int) -> Mapping[tuple[str, str, str], datetime]:
        """(kind, period, department) → when the first department-level version arrived."""
        ...

    def receipts(self, year: int) -> Mapping[tuple[str, str, str], datetime]:
        """(task, period, department) → when staff recorded receiving it."""
        ...


class WebConsolePort(Protocol):
    """The web console's sign-in links and sessions (only hashes of nonces and session ids are kept)."""

    def signing_key(self, make: str, now: datetime) -> str: ...
    def issue_sign_in(
        self, *, nonce_hash: str, user_id: int, issued_at: datetime, expires_at: datetime
    ) -> None: ...
    def sign_in_state(self, nonce_hash: str, now: datetime) -> str: ...
    def use_sign_in(self, *, nonce_hash: str, user_id: int, now: datetime) -> int | None: ...
    def start_session(
        self, *, token_hash: str, user_id: int, sign_in_id: int | None, now: datetime, expires_at: datetime
    ) -> None: ...
    def session_user(self, token_hash: str, now: datetime) -> int | None: ...
    def end_session(self, token_hash: str, now: datetime) -> bool: ...


class MonitoringPort(Protocol):
    """The monitoring job's records: signals raised as findings, and the days it ran."""

    def lock_raising(self) -> None: ...
    def raised_refs(self) -> Mapping[str, Sequence[frozenset[str]]]:
        """signal key → the evidence references of each signal raised under it."""
        ...

    def raise_signal(
        self, signal: Signal, *, kind: FindingKind, item: str, detail: str, at: datetime
    ) -> int | None: ...
    def of_finding(self, finding_id: int) -> RaisedSignal | None: ...
    def all(self) -> Sequence[RaisedSignal]: ...
    def ran_on(self, day: date) -> bool: ...
    def record_run(self, day: date, *, at: datetime, signals: int, raised: int) -> bool: ...


class VisitsPort(Protocol):
    def add(
        self,
        *,
        department: str,
        kind: VisitKind,
        visited_on: date,
        place: str,
        people: str,
        notes: str,
        finding_ids: Sequence[int],
        files: Iterable[Attachment],
        recorded_by: int | None,
        recorded_at: datetime,
    ) -> Visit: ...

    def get(self, visit_id: int) -> Visit | None: ...
    def of_department(self, department: str) -> Sequence[Visit]: ...
    def of_finding(self, finding_id: int) -> Sequence[Visit]: ...
    def files(self, visit_id: int) -> Sequence[Attachment]: ...


class RecommendationsPort(Protocol):
    def keep(self, recommendation: Recommendation, *, at: datetime) -> StoredRecommendation:
        """Store it when new; either way the stored one (as first made, with its decision)."""
        ...

    def get(self, recommendation_id: int) -> StoredRecommendation | None: ...
    def of_year(self, year: int, department: str | None = None) -> Sequence[StoredRecommendation]: ...

    def decide(
        self,
        recommendation_id: int,
        *,
        state: RecommendationState,
        changes: Sequence[CatalogChange],
        by: int | None,
        at: datetime,
        reason: str,
        revisions: Sequence[int] = (),
    ) -> bool:
        """Adopt, amend or reject a proposed one; False when it was decided already (nothing written)."""
        ...

    def set_revisions(self, recommendation_id: int, revisions: Sequence[int]) -> None: ...


class ProgressPort(Protocol):
    """统计表: the tables staff publish and the versions departments fill."""

    def publish(
        self,
        *,
        title: str,
        period: str,
        rows: Sequence[str],
        columns: Sequence[str],
        departments: Sequence[str] | None,
        deadline: date,
        by: int | None,
        at: datetime,
    ) -> ProgressTable: ...

    def table(self, table_id: int) -> ProgressTable | None: ...
    def tables(self, *, due_since: date | None = None) -> Sequence[ProgressTable]: ...

    def add_report(
        self,
        *,
        table_id: int,
        department: str,
        figures: Sequence[Figures],
        file_name: str,
        file_content: bytes | None,
        by: int | None,
        at: datetime,
    ) -> ProgressReport:
        """Store the next version of the department's filled table; never overwrites one."""
        ...

    def set_receipt(self, report_id: int, receipt: str) -> None: ...
    def reports(self, table_id: int, department: str | None = None) -> Sequence[ProgressReport]: ...
    def filled(self, table_ids: Collection[int]) -> set[tuple[int, str]]: ...
    def file(self, report_id: int) -> tuple[str, bytes] | None: ...


class WorkReportsPort(Protocol):
    """重要政策措施 and 重大活动 reports, each with its check against the 三定 and its files."""

    def add(
        self,
        *,
        department: str,
        kind: WorkReportKind,
        title: str,
        happened_on: date,
        description: str,
        check: ItemCheck,
        finding_id: int | None,
        files: Iterable[Attachment],
        by: int | None,
        at: datetime,
    ) -> WorkReport: ...

    def set_receipt(self, report_id: int, receipt: str) -> None: ...
    def of_department(self, department: str) -> Sequence[WorkReport]: ...
    def files(self, report_id: int) -> Sequence[Attachment]: ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the ``with`` block without ``commit()`` rolls everything back."""

    catalog: CatalogPort
    users: UsersPort
    invites: InvitesPort
    conversations: ConversationStatesPort
    inbox: InboxPort
    outbox: OutboxPort
    bind_attempts: BindAttemptsPort
    submissions: SubmissionsPort
    findings: FindingsPort
    judgements: JudgementsPort
    issue_reports: IssueReportsPort
    inquiries: InquiriesPort
    reporting: ReportingPort
    performance: PerformancePort
    archive: ArchivePort
    web: WebConsolePort
    monitoring: MonitoringPort
    visits: VisitsPort
    recommendations: RecommendationsPort
    progress: ProgressPort
    work_reports: WorkReportsPort

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...
    def rollback(self) -> None: ...
