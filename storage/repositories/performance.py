"""绩效管理's records as fm_domain.performance's: schemes by year, imported evaluations (the file kept as
evidence), leaders' ratings, closed years with their frozen scores.

A closed year is closed once: ``close`` inserts or does nothing, so two members of staff closing at once
leave the first one's scores. Whether a year is closed is read in the same transaction as each import or
rating, and the callers refuse to write into a closed year; one written in the instant between another
process's close and its commit cannot reach the frozen scores, which are already stored.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select, update

from fm_domain.performance import Evaluation, Grade, Rating, Scheme, YearScores
from storage.repositories.base import Repository
from storage.tables.performance import (
    ClosedYearRow,
    EvaluationImportRow,
    LeaderRatingRow,
    PerformanceSchemeRow,
)
from storage.tables.users import UserRow


class PerformanceRepository(Repository):
    # -- schemes ---------------------------------------------------------------------------------------

    def scheme(self, year: int) -> Scheme | None:
        """The scheme in force for ``year``: the last one imported for it."""
        row = self._session.exec(
            select(PerformanceSchemeRow)
            .where(PerformanceSchemeRow.year == year)
            .order_by(col(PerformanceSchemeRow.id).desc())
            .limit(1)
        ).first()
        return Scheme.from_json(json.loads(row.content)) if row else None

    def save_scheme(
        self, scheme: Scheme, *, file_name: str, file_content: bytes | None, by: int | None, at: datetime
    ) -> int:
        row = PerformanceSchemeRow(
            year=scheme.year,
            content=json.dumps(scheme.to_json(), ensure_ascii=False),
            file_name=file_name,
            file_content=file_content,
            imported_by=by,
            imported_at=at,
        )
        self._session.add(row)
        self._session.flush()
        assert row.id is not None
        return row.id

    # -- evaluations -----------------------------------------------------------------------------------

    def add_evaluation(
        self, evaluation: Evaluation, *, file_content: bytes, by: int | None, at: datetime
    ) -> Evaluation:
        row = EvaluationImportRow(
            year=evaluation.year,
            source=evaluation.source,
            file_name=evaluation.file_name,
            file_content=file_content,
            content=json.dumps(evaluation.content_json(), ensure_ascii=False),
            imported_by=by,
            imported_at=at,
        )
        self._session.add(row)
        self._session.flush()
        return _evaluation(row)

    def evaluations(self, year: int) -> list[Evaluation]:
        """The evaluation in force from each source for ``year`` (the last imported), in source order."""
        latest = (
            select(func.max(EvaluationImportRow.id))
            .where(EvaluationImportRow.year == year)
            .group_by(col(EvaluationImportRow.source))
        )
        rows = self._session.exec(
            select(EvaluationImportRow)
            .where(col(EvaluationImportRow.id).in_(latest))
            .order_by(col(EvaluationImportRow.source))
        ).all()
        return [_evaluation(row) for row in rows]

    def evaluation_file(self, evaluation_id: int) -> tuple[str, bytes] | None:
        """The file an evaluation was imported from, as it was sent: (name, content)."""
        row = self._session.exec(
            select(EvaluationImportRow.file_name, EvaluationImportRow.file_content).where(
                EvaluationImportRow.id == evaluation_id
            )
        ).first()
        return (row[0], row[1]) if row else None

    # -- leaders' ratings ------------------------------------------------------------------------------

    def rate(
        self, *, year: int, department: str, leader: int, grade: Grade, comment: str, at: datetime
    ) -> bool:
        """Give or change a leader's rating of a department for a year; True when it is the first."""
        values = {
            "year": year,
            "department": department,
            "leader": leader,
            "grade": Grade(grade).value,
            "comment": comment,
            "rated_at": at,
            "updated_at": at,
        }
        if self._insert_new(LeaderRatingRow, values, conflict_on=["year", "department", "leader"]):
            return True
        self._session.exec(
            update(LeaderRatingRow)
            .where(
                col(LeaderRatingRow.year) == year,
                col(LeaderRatingRow.department) == department,
                col(LeaderRatingRow.leader) == leader,
            )
            .values(grade=Grade(grade).value, comment=comment, updated_at=at)
            .execution_options(synchronize_session=False)
        )
        return False

    def ratings(self, year: int, *, department: str | None = None, leader: int | None = None) -> list[Rating]:
        query = (
            select(LeaderRatingRow, UserRow.display_name)
            .join(UserRow, col(UserRow.id) == col(LeaderRatingRow.leader))
            .where(LeaderRatingRow.year == year)
        )
        if department is not None:
            query = query.where(LeaderRatingRow.department == department)
        if leader is not None:
            query = query.where(LeaderRatingRow.leader == leader)
        rows = self._session.exec(
            query.order_by(col(LeaderRatingRow.department), col(LeaderRatingRow.id)).execution_options(
                populate_existing=True
            )
        ).all()
        return [
            Rating(row.year, row.department, row.leader, name, Grade(row.grade), row.comment, row.updated_at)
            for row, name in rows
        ]

    # -- closed years ----------------------------------------------------------------------------------

    def closed(self, year: int) -> YearScores | None:
        row = self._session.get(ClosedYearRow, year)
        return YearScores.from_json(json.loads(row.scores), closed_at=row.closed_at) if row else None

    def is_closed(self, year: int) -> bool:
        found = self._session.exec(select(ClosedYearRow.year).where(ClosedYearRow.year == year)).first()
        return found is not None

    def close(self, scores: YearScores, *, by: int | None, at: datetime) -> bool:
        """Freeze the year's scores; False when the year was closed already (its scores stay as they were)."""
        values = {
            "year": scores.year,
            "scores": json.dumps(scores.to_json(), ensure_ascii=False),
            "closed_by": by,
            "closed_at": at,
        }
        return self._insert_new(ClosedYearRow, values, conflict_on=["year"])

    def closed_years(self) -> list[int]:
        return list(self._session.exec(select(ClosedYearRow.year).order_by(col(ClosedYearRow.year))).all())


def _evaluation(row: EvaluationImportRow) -> Evaluation:
    assert row.id is not None
    return Evaluation.from_content(
        json.loads(row.content),
        year=row.year,
        source=row.source,
        file_name=row.file_name,
        id=row.id,
        imported_at=row.imported_at,
    )
