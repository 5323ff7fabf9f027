"""The unit of work: one transaction, with the repositories that work inside it.

    with database.unit_of_work() as uow:
        user = uow.users.create("王芳", Role.LIAISON, "minzheng", now)
        uow.users.bind_account(user.id, "telegram", "12345", now)
        uow.commit()

Nothing is written unless ``commit()`` is called: leaving the block rolls back whatever was not
committed, whether it ended cleanly or with an exception. ``commit()`` may be called more than once; each
call ends a transaction and the next statement starts another.

Adding a repository: write ``storage/repositories/<name>.py`` with a ``Repository`` subclass, then add
one line here (plus its import): ``outbox = repository(OutboxRepository)``. Repositories are created
on first use and see the unit of work's transaction (``storage.transaction``: a Core connection, and an
ORM session on it only once a repository needs one); nothing else does.

A commit that queued outbox messages is announced to ``on_outbox_commit`` with the channels they are for
(``Database.on_outbox_commit``), so this process's delivery loops can look at once instead of at their
next poll.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, overload

from sqlalchemy import Engine

from storage.repositories.archive import ArchiveRepository
from storage.repositories.base import Repository
from storage.repositories.catalog import CatalogRepository
from storage.repositories.conversations import (
    BindFailureRepository,
    ConversationStateRepository,
    InboxRepository,
)
from storage.repositories.inquiries import InquiryRepository, IssueReportRepository
from storage.repositories.invites import InviteRepository
from storage.repositories.judgements import JudgementRepository
from storage.repositories.monitoring import MonitoringRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.outbox_broadcasts import OutboxBroadcastsRepository
from storage.repositories.outbox_parts import OutboxPartsRepository
from storage.repositories.pacing import PacingRepository
from storage.repositories.performance import PerformanceRepository
from storage.repositories.recommendations import RecommendationRepository
from storage.repositories.reporting import ReportingRepository
from storage.repositories.reports import ProgressRepository, WorkReportRepository
from storage.repositories.submissions import FindingRepository, SubmissionRepository
from storage.repositories.telegram import TelegramRepository
from storage.repositories.users import UserRepository
from storage.repositories.visits import VisitRepository
from storage.repositories.web_console import WebConsoleRepository
from storage.repositories.wecom import WecomRepository
from storage.transaction import SessionFactory, Transaction

R = TypeVar("R", bound=Repository)
OutboxListener = Callable[[frozenset[str]], None]


class repository(Generic[R]):  # lower case: it reads as a field declaration
    """Declares a repository attribute of UnitOfWork, built lazily on the open session."""

    def __init__(self, factory: type[R]) -> None:
        self.factory = factory
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, uow: None, owner: type) -> repository[R]: ...
    @overload
    def __get__(self, uow: UnitOfWork, owner: type) -> R: ...
    def __get__(self, uow: UnitOfWork | None, owner: type) -> repository[R] | R:
        if uow is None:
            return self
        return uow._repository(self.name, self.factory)


class UnitOfWork:
    catalog = repository(CatalogRepository)
    users = repository(UserRepository)
    invites = repository(InviteRepository)
    telegram = repository(TelegramRepository)
    wecom = repository(WecomRepository)
    conversations = repository(ConversationStateRepository)
    inbox = repository(InboxRepository)
    outbox = repository(OutboxRepository)
    outbox_parts = repository(OutboxPartsRepository)  # the part ledger of every channel
    broadcasts = repository(OutboxBroadcastsRepository)  # identical messages to many, sent as one
    bind_attempts = repository(BindFailureRepository)
    submissions = repository(SubmissionRepository)
    findings = repository(FindingRepository)
    judgements = repository(JudgementRepository)
    issue_reports = repository(IssueReportRepository)
    inquiries = repository(InquiryRepository)
    reporting = repository(ReportingRepository)
    performance = repository(PerformanceRepository)
    archive = repository(ArchiveRepository)  # read only: the dossier and the web console
    web = repository(WebConsoleRepository)  # the web console's sign-in links and sessions
    pacing = repository(PacingRepository)
    monitoring = repository(MonitoringRepository)
    visits = repository(VisitRepository)
    recommendations = repository(RecommendationRepository)
    progress = repository(ProgressRepository)
    work_reports = repository(WorkReportRepository)

    def __init__(
        self, engine: Engine, sessions: SessionFactory, on_outbox_commit: OutboxListener | None = None
    ) -> None:
        self._engine = engine
        self._sessions = sessions
        self._on_outbox_commit = on_outbox_commit
        self._transaction: Transaction | None = None
        self._repositories: dict[str, Any] = {}

    def __enter__(self) -> Self:
        if self._transaction is not None:
            raise RuntimeError("this unit of work is already open")
        # Nothing is opened yet: the connection at the first statement, an ORM session only if one is used.
        self._transaction = Transaction(self._engine, self._sessions)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        transaction, self._transaction = self._transaction, None
        self._repositories.clear()
        if transaction is not None:
            transaction.close()

    def commit(self) -> None:
        transaction = self._open_transaction()
        transaction.commit()
        queued, transaction.queued_channels = transaction.queued_channels, set()
        if queued and self._on_outbox_commit is not None:
            self._on_outbox_commit(frozenset(queued))

    def rollback(self) -> None:
        self._open_transaction().rollback()

    def warm_up(self, now: datetime) -> None:
        """Run the statements of a delivery round once, matching nothing, so that SQLAlchemy has compiled
        them before the first round needs them (``Database.warm_up``), and roll them back. What is run:
        the claims (a broadcast's, with its members; the regular one), the access_token's reading, lease
        and storing, a broadcast's allowance check and the corporation's call slots."""
        self.outbox.claim("", worker="", now=now, stale_before=now, limit=1)
        self.broadcasts.warm_up(now)
        self.wecom.warm_up(now)
        self.pacing.take_many("", 1.0, 0.0, 1, 1)
        self.rollback()

    def _open_transaction(self) -> Transaction:
        if self._transaction is None:
            raise RuntimeError("use the unit of work inside `with database.unit_of_work() as uow:`")
        return self._transaction

    def _repository(self, name: str, factory: type[R]) -> R:
        transaction = self._open_transaction()
        if name not in self._repositories:
            self._repositories[name] = factory(transaction)
        return self._repositories[name]
