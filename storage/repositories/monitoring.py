"""The monitoring job's records: signals raised as findings (with their evidence), and the days it ran.

Raising is read-then-write (is this signal one raised before?), so the writers take turns: an advisory
lock on PostgreSQL for the transaction (``lock_raising``), SQLite's one write lock otherwise (every fmbot
transaction begins IMMEDIATE). The unique fingerprint stays as the last guard.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import col, select

from fm_domain.monitoring import (
    RaisedSignal,
    Signal,
    evidence_refs,
    fingerprint,
    signal_from_json,
    signal_key,
    signal_to_json,
)
from fm_domain.records import FindingKind, FindingStatus
from storage.repositories.base import Repository
from storage.tables.conversations import FindingRow
from storage.tables.monitoring import MonitoringRunRow, SignalFindingRow

# The two-key advisory lock of raising signals (see storage/repositories/submissions.py for the series').
_MONITORING_LOCK = (0x4D6F6E69, 1)  # "Moni"


class MonitoringRepository(Repository):
    def lock_raising(self) -> None:
        """Hold the raising lock until this transaction ends (PostgreSQL; SQLite needs none)."""
        self._lock_until_commit(*_MONITORING_LOCK)

    def raised_refs(self) -> dict[str, list[frozenset[str]]]:
        """signal key → the evidence references of each signal raised under it."""
        result: dict[str, list[frozenset[str]]] = {}
        for key, refs in self._session.exec(select(SignalFindingRow.signal_key, SignalFindingRow.refs)):
            result.setdefault(key, []).append(frozenset(json.loads(refs)))
        return result

    def raise_signal(
        self, signal: Signal, *, kind: FindingKind, item: str, detail: str, at: datetime
    ) -> int | None:
        """Open a finding for the signal and keep the signal with it; None when this very signal (the same
        fingerprint) is stored already."""
        digest = fingerprint(signal)
        taken = self._session.exec(
            select(SignalFindingRow.finding_id).where(SignalFindingRow.fingerprint == digest)
        ).first()
        if taken is not None:
            return None
        finding = FindingRow(
            department=signal.department,
            submission_id=None,
            item=item,
            verdict=kind,
            detail=detail,
            created_at=at,
        )
        self._session.add(finding)
        self._session.flush()
        assert finding.id is not None
        self._session.add(
            SignalFindingRow(
                finding_id=finding.id,
                signal_key=signal_key(signal),
                fingerprint=digest,
                signal=json.dumps(signal_to_json(signal), ensure_ascii=False),
                refs=json.dumps(sorted(evidence_refs(signal)), ensure_ascii=False),
                raised_at=at,
            )
        )
        self._session.flush()
        return finding.id

    def of_finding(self, finding_id: int) -> RaisedSignal | None:
        found = self._raised(select_findings=[finding_id])
        return found[0] if found else None

    def all(self) -> list[RaisedSignal]:
        """Every signal raised, oldest first, with its finding's status now."""
        return self._raised(select_findings=None)

    def _raised(self, select_findings: Iterable[int] | None) -> list[RaisedSignal]:
        query = select(SignalFindingRow, FindingRow.status).join(
            FindingRow, col(FindingRow.id) == col(SignalFindingRow.finding_id)
        )
        if select_findings is not None:
            query = query.where(col(SignalFindingRow.finding_id).in_(list(select_findings)))
        rows = self._session.exec(query.order_by(col(SignalFindingRow.finding_id))).all()
        return [
            RaisedSignal(
                finding_id=row.finding_id,
                status=FindingStatus(status),
                signal=signal_from_json(json.loads(row.signal)),
                raised_at=row.raised_at,
            )
            for row, status in rows
        ]

    # -- the days the job ran ---------------------------------------------------------------------------

    def ran_on(self, day: date) -> bool:
        return self._session.get(MonitoringRunRow, day) is not None

    def record_run(self, day: date, *, at: datetime, signals: int, raised: int) -> bool:
        """Claim the day for this run; False when another process (or an earlier run) has it."""
        return self._insert_new(
            MonitoringRunRow,
            {"day": day, "ran_at": at, "signals": signals, "raised": raised},
            conflict_on=["day"],
        )
