"""The office's judgements (编办认定), kept for later reviews to follow.

A judgement is never changed: judging the same text again adds a row, and ``current`` takes the latest per
(department, text). Each row names the revision of its department's 三定 it was made under; a judgement
made under an earlier revision no longer applies once the department has been imported again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func
from sqlmodel import col, select

from storage.repositories.base import Repository
from storage.tables.catalog import DepartmentRevisionRow
from storage.tables.conversations import JudgementRow


@dataclass(frozen=True)
class Judgement:
    id: int
    department: str
    item: str
    verdict: str
    duty: str | None
    internal: bool
    revision_id: int
    finding_id: int | None
    judged_by: int | None
    judged_at: datetime


class JudgementRepository(Repository):
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
    ) -> Judgement:
        row = JudgementRow(
            department=department,
            item=item,
            verdict=verdict,
            duty=duty,
            internal=internal,
            revision_id=revision_id,
            finding_id=finding_id,
            judged_by=judged_by,
            judged_at=judged_at,
        )
        self._session.add(row)
        self._session.flush()
        return _judgement(row)

    def current(self) -> list[Judgement]:
        """The latest judgement of each (department, text) made under the department's current 三定
        revision, oldest first (so that among equally close precedents the later one wins)."""
        latest_revision = (
            select(
                DepartmentRevisionRow.department,
                func.max(DepartmentRevisionRow.revision).label("revision"),
            )
            .group_by(col(DepartmentRevisionRow.department))
            .subquery()
        )
        rows = self._session.exec(
            select(JudgementRow)
            .join(DepartmentRevisionRow, col(DepartmentRevisionRow.id) == col(JudgementRow.revision_id))
            .join(
                latest_revision,
                and_(
                    col(DepartmentRevisionRow.department) == latest_revision.c.department,
                    col(DepartmentRevisionRow.revision) == latest_revision.c.revision,
                ),
            )
            .order_by(col(JudgementRow.id))
        ).all()
        latest: dict[tuple[str, str], JudgementRow] = {}
        for row in rows:
            latest.pop((row.department, row.item), None)  # re-inserted: the order follows the latest
            latest[(row.department, row.item)] = row
        return [_judgement(row) for row in latest.values()]

    def of_finding(self, finding_id: int) -> list[Judgement]:
        rows = self._session.exec(
            select(JudgementRow).where(JudgementRow.finding_id == finding_id).order_by(col(JudgementRow.id))
        ).all()
        return [_judgement(row) for row in rows]


def _judgement(row: JudgementRow) -> Judgement:
    assert row.id is not None
    return Judgement(
        id=row.id,
        department=row.department,
        item=row.item,
        verdict=row.verdict,
        duty=row.duty,
        internal=row.internal,
        revision_id=row.revision_id,
        finding_id=row.finding_id,
        judged_by=row.judged_by,
        judged_at=row.judged_at,
    )
