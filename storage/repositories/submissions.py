"""Submissions (versioned, never overwritten) and the findings their reviews open, as fm_domain's records.

A submission's review and the flow's own details are one JSON text in ``submissions.content``:
``{"items": [check, ...], "duties": [coverage, ...], "counts": {verdict: n}, **details}``. The counts are
written for whoever reads the table directly; the record counts its checks again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select, update

from fm_domain.records import (
    DECISIONS,
    DutyCoverage,
    Finding,
    FindingEvent,
    FindingKind,
    FindingStatus,
    ItemCheck,
    ReviewedItems,
    Series,
    Submission,
    SubmissionKind,
    can_move,
)
from storage.repositories.base import Repository, lock_key
from storage.tables.conversations import FindingRow, SubmissionRow
from storage.tables.monitoring import FindingEventRow

_REVIEW_KEYS = ("items", "duties", "counts")


class SubmissionRepository(Repository):
    def add(
        self,
        *,
        kind: SubmissionKind,
        department: str,
        division: str,
        period: str,
        review: ReviewedItems,
        details: Mapping[str, Any] | None = None,
        submitted_by: int,
        submitted_at: datetime,
    ) -> Submission:
        """Store the next version for (kind, department, division, period).

        Concurrent confirmations of the same series wait for each other (``_lock_series``) instead of
        reading the same latest version, so every one is stored and the versions follow the order of
        storing. The unique constraint on the version stays as the last guard."""
        self._lock_series(kind, department, division, period)
        latest = self._session.exec(
            select(func.max(SubmissionRow.version)).where(
                SubmissionRow.kind == kind,
                SubmissionRow.department == department,
                SubmissionRow.division == division,
                SubmissionRow.period == period,
            )
        ).one()
        row = SubmissionRow(
            kind=kind,
            department=department,
            division=division,
            period=period,
            version=(latest or 0) + 1,
            content=_content(review, details or {}),
            submitted_by=submitted_by,
            submitted_at=submitted_at,
        )
        self._session.add(row)
        self._session.flush()
        return _submission(row)

    def _lock_series(self, kind: str, department: str, division: str, period: str) -> None:
        """Hold a lock on the series until this transaction ends. PostgreSQL (read committed) would let two
        transactions read the same max(version) and the second then fail on the unique constraint; an
        advisory lock per series makes it wait, and its next statement sees the first one's row. SQLite
        needs nothing: every fmbot transaction begins IMMEDIATE, holding the database's one write lock."""
        self._lock_until_commit(_SUBMISSION_LOCKS, lock_key(kind, department, division, period))

    def set_receipt(self, submission_id: int, receipt: str) -> None:
        self._session.exec(
            update(SubmissionRow)
            .where(col(SubmissionRow.id) == submission_id)
            .values(receipt=receipt)
            .execution_options(synchronize_session="fetch")
        )

    def latest(
        self, kind: SubmissionKind, department: str, period: str, division: str = ""
    ) -> Submission | None:
        row = self._session.exec(
            select(SubmissionRow)
            .where(
                SubmissionRow.kind == kind,
                SubmissionRow.department == department,
                SubmissionRow.division == division,
                SubmissionRow.period == period,
            )
            .order_by(col(SubmissionRow.version).desc())
            .limit(1)
            .execution_options(populate_existing=True)
        ).first()
        return _submission(row) if row else None

    def of_department(self, department: str) -> list[Submission]:
        """Every version of every submission of the department, newest first."""
        rows = self._session.exec(
            select(SubmissionRow)
            .where(SubmissionRow.department == department)
            .order_by(col(SubmissionRow.id).desc())
            .execution_options(populate_existing=True)
        ).all()
        return [_submission(row) for row in rows]

    def of_year(self, year: int) -> list[Submission]:
        """Every version of every submission (departments and divisions) for a period of ``year``: the
        year's goals, its months and its half-year, oldest first."""
        rows = self._session.exec(
            select(SubmissionRow)
            .where(col(SubmissionRow.period).startswith(f"{year:04d}"))
            .order_by(col(SubmissionRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_submission(row) for row in rows]


class FindingRepository(Repository):
    def add(
        self,
        *,
        department: str,
        submission_id: int | None,
        item: str,
        kind: FindingKind,
        detail: str,
        created_at: datetime,
    ) -> int:
        row = FindingRow(
            department=department,
            submission_id=submission_id,
            item=item,
            verdict=kind,
            detail=detail,
            created_at=created_at,
        )
        self._session.add(row)
        self._session.flush()
        assert row.id is not None
        return row.id

    def get(self, finding_id: int) -> Finding | None:
        row = self._session.exec(
            select(FindingRow).where(FindingRow.id == finding_id).execution_options(populate_existing=True)
        ).first()
        return _finding(row) if row else None

    def open(self, department: str | None = None) -> list[Finding]:
        query = select(FindingRow).where(FindingRow.status == FindingStatus.OPEN)
        if department is not None:
            query = query.where(FindingRow.department == department)
        rows = self._session.exec(
            query.order_by(col(FindingRow.id)).execution_options(populate_existing=True)
        )
        return [_finding(row) for row in rows.all()]

    def of_department(self, department: str) -> list[Finding]:
        rows = self._session.exec(
            select(FindingRow)
            .where(FindingRow.department == department)
            .order_by(col(FindingRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_finding(row) for row in rows]

    def raised_between(self, start: datetime, end: datetime) -> list[Finding]:
        """The findings raised from ``start`` up to (not including) ``end``, every department's."""
        rows = self._session.exec(
            select(FindingRow)
            .where(col(FindingRow.created_at) >= start, col(FindingRow.created_at) < end)
            .order_by(col(FindingRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_finding(row) for row in rows]

    def open_of_series(self, series: Series) -> list[Finding]:
        """The open findings of every stored version of one submission, oldest first."""
        rows = self._session.exec(
            select(FindingRow)
            .join(SubmissionRow, col(SubmissionRow.id) == col(FindingRow.submission_id))
            .where(
                FindingRow.status == FindingStatus.OPEN,
                SubmissionRow.kind == series.kind,
                SubmissionRow.department == series.department,
                SubmissionRow.division == series.division,
                SubmissionRow.period == series.period,
            )
            .order_by(col(FindingRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_finding(row) for row in rows]

    def carry_over(self, finding_id: int, *, submission_id: int, detail: str) -> bool:
        """Move an open finding to a newer version of its submission that raises it again (keeping its
        number); False when it was decided meanwhile."""
        result = self._session.exec(
            update(FindingRow)
            .where(col(FindingRow.id) == finding_id, col(FindingRow.status) == FindingStatus.OPEN)
            .values(submission_id=submission_id, detail=detail)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount == 1

    def supersede(self, finding_ids: Sequence[int], *, at: datetime) -> list[int]:
        """Close the open findings among these, as a newer version changed or removed their items; the
        ones closed (any decided meanwhile keep their decision)."""
        if not finding_ids:
            return []
        # RETURNING, not a read before the write: a finding decided in between is not counted as closed.
        closed = self._session.exec(
            update(FindingRow)
            .where(col(FindingRow.id).in_(finding_ids), col(FindingRow.status) == FindingStatus.OPEN)
            .values(status=FindingStatus.SUPERSEDED, decided_at=at)
            .returning(col(FindingRow.id))
            .execution_options(synchronize_session=False)
        ).all()
        ids = sorted(row[0] for row in closed)
        self._session.add_all(
            FindingEventRow(
                finding_id=finding_id,
                from_status=FindingStatus.OPEN,
                to_status=FindingStatus.SUPERSEDED,
                at=at,
            )
            for finding_id in ids
        )
        self._session.flush()
        return ids

    def decide(
        self, finding_id: int, *, status: FindingStatus, reason: str, decided_by: int, decided_at: datetime
    ) -> bool:
        """Confirm or dismiss a finding not yet decided (open, or under inquiry or visit); False when it was
        decided already (two staff at once: the first wins), nothing written."""
        if status not in DECISIONS:
            raise ValueError(f"a finding is confirmed or dismissed, not {status!r}")
        return self.move(finding_id, status, by=decided_by, at=decided_at, reason=reason) is not None

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
        """One step of the lifecycle (fm_domain.records.TRANSITIONS), recorded in its history with who, when,
        why and what it is linked to; the finding as it now is, or None when its status does not allow the
        step (decided or moved on meanwhile: nothing written).

        A decision (confirmed, dismissed) keeps its reason and author in the finding itself, as before the
        lifecycle grew; a later step keeps its why as the finding's note, and a rectification its deadline.
        """
        row = self._session.exec(
            select(FindingRow).where(FindingRow.id == finding_id).execution_options(populate_existing=True)
        ).first()
        if row is None:
            return None
        current = FindingStatus(row.status)
        if not can_move(current, to):
            return None
        values: dict[str, Any] = {"status": to}
        if to in DECISIONS:
            values |= {"reason": reason, "decided_by": by, "decided_at": at}
        else:
            values |= {"note": reason}
        values["deadline"] = deadline if to is FindingStatus.RECTIFYING else None
        # The status read is the condition: a step taken by someone else in between leaves rowcount 0.
        result = self._session.exec(
            update(FindingRow)
            .where(col(FindingRow.id) == finding_id, col(FindingRow.status) == current)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
        if result.rowcount != 1:
            return None
        self._session.add(
            FindingEventRow(
                finding_id=finding_id,
                from_status=current,
                to_status=to,
                by=by,
                at=at,
                reason=reason,
                inquiry_id=inquiry_id,
                visit_id=visit_id,
                deadline=deadline,
            )
        )
        self._session.flush()
        return self.get(finding_id)

    def history(self, finding_id: int) -> list[FindingEvent]:
        """Every step of the finding, in order (its raising is the finding's own ``created_at``)."""
        rows = self._session.exec(
            select(FindingEventRow)
            .where(FindingEventRow.finding_id == finding_id)
            .order_by(col(FindingEventRow.id))
        ).all()
        return [_event(row) for row in rows]

    def histories_between(self, start: datetime, end: datetime) -> dict[int, list[FindingEvent]]:
        """The history of every finding raised from ``start`` up to ``end``, in one query (a year's
        performance reads them all)."""
        raised = select(FindingRow.id).where(
            col(FindingRow.created_at) >= start, col(FindingRow.created_at) < end
        )
        rows = self._session.exec(
            select(FindingEventRow)
            .where(col(FindingEventRow.finding_id).in_(raised))
            .order_by(col(FindingEventRow.id))
        ).all()
        histories: dict[int, list[FindingEvent]] = {}
        for row in rows:
            histories.setdefault(row.finding_id, []).append(_event(row))
        return histories

    def of_inquiry(self, inquiry_id: int) -> list[Finding]:
        """The findings a written inquiry was sent about (a step of theirs names it), oldest first."""
        linked = select(FindingEventRow.finding_id).where(FindingEventRow.inquiry_id == inquiry_id)
        rows = self._session.exec(
            select(FindingRow)
            .where(col(FindingRow.id).in_(linked))
            .order_by(col(FindingRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_finding(row) for row in rows]

    def in_status(self, statuses: Iterable[FindingStatus], department: str | None = None) -> list[Finding]:
        """The findings in any of these statuses (of one department), oldest first."""
        query = select(FindingRow).where(col(FindingRow.status).in_([str(s) for s in statuses]))
        if department is not None:
            query = query.where(FindingRow.department == department)
        rows = self._session.exec(
            query.order_by(col(FindingRow.id)).execution_options(populate_existing=True)
        ).all()
        return [_finding(row) for row in rows]


# The two-key form of PostgreSQL's advisory locks: this first key keeps submission series apart from any
# other use (the single-key locks, such as the migrations', are a separate space).
_SUBMISSION_LOCKS = 0x5375626D  # "Subm"


def _content(review: ReviewedItems, details: Mapping[str, Any]) -> str:
    clash = set(details) & set(_REVIEW_KEYS)
    if clash:
        raise ValueError(f"a submission's details may not be named {sorted(clash)}")
    content = {
        "items": [check.to_json() for check in review.items],
        "duties": [coverage.to_json() for coverage in review.duties],
        "counts": review.counts,
        **details,
    }
    return json.dumps(content, ensure_ascii=False)


def _submission(row: SubmissionRow) -> Submission:
    assert row.id is not None
    content = json.loads(row.content)
    review = ReviewedItems(
        tuple(ItemCheck.from_json(check) for check in content.get("items", ())),
        tuple(DutyCoverage.from_json(coverage) for coverage in content.get("duties", ())),
    )
    return Submission(
        id=row.id,
        kind=SubmissionKind(row.kind),
        department=row.department,
        division=row.division,
        period=row.period,
        version=row.version,
        review=review,
        receipt=row.receipt or "",
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
        details={key: value for key, value in content.items() if key not in _REVIEW_KEYS},
    )


def _finding(row: FindingRow) -> Finding:
    assert row.id is not None
    return Finding(
        id=row.id,
        department=row.department,
        submission_id=row.submission_id,
        item=row.item,
        kind=FindingKind(row.verdict),
        detail=row.detail,
        status=FindingStatus(row.status),
        reason=row.reason,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        created_at=row.created_at,
        deadline=row.deadline,
        note=row.note,
    )


def _event(row: FindingEventRow) -> FindingEvent:
    assert row.id is not None
    return FindingEvent(
        id=row.id,
        finding_id=row.finding_id,
        from_status=FindingStatus(row.from_status) if row.from_status else None,
        to_status=FindingStatus(row.to_status),
        by=row.by,
        at=row.at,
        reason=row.reason,
        inquiry_id=row.inquiry_id,
        visit_id=row.visit_id,
        deadline=row.deadline,
    )
