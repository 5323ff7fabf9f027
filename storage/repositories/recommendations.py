"""Recommendations (动态管理) as fm_domain.recommendations.StoredRecommendation: each stored once, as first
made (insert or ignore on its key), then decided once (a conditional update: two staff deciding at once,
the first wins)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select, update

from fm_domain.recommendations import (
    CatalogChange,
    Recommendation,
    RecommendationState,
    StoredRecommendation,
    changes_from_json,
    changes_to_json,
    recommendation_from_json,
    recommendation_key,
    recommendation_to_json,
)
from storage.repositories.base import Repository
from storage.tables.monitoring import RecommendationRow


class RecommendationRepository(Repository):
    def keep(self, recommendation: Recommendation, *, at: datetime) -> StoredRecommendation:
        """The stored recommendation this one is: stored now when it is new, else the one stored before (as
        it was made then, with its decision)."""
        key = recommendation_key(recommendation)
        self._insert_new(
            RecommendationRow,
            {
                "department": recommendation.department,
                "year": recommendation.year,
                "kind": recommendation.kind.value,
                "key": key,
                "content": json.dumps(recommendation_to_json(recommendation), ensure_ascii=False),
                "state": RecommendationState.PROPOSED.value,
                "reason": "",
                "changes": json.dumps(changes_to_json(recommendation.changes), ensure_ascii=False),
                "revisions": "[]",
                "created_at": at,
            },
            conflict_on=["key"],
        )
        row = self._session.exec(
            select(RecommendationRow)
            .where(RecommendationRow.key == key)
            .execution_options(populate_existing=True)
        ).one()
        return _stored(row)

    def get(self, recommendation_id: int) -> StoredRecommendation | None:
        row = self._session.exec(
            select(RecommendationRow)
            .where(RecommendationRow.id == recommendation_id)
            .execution_options(populate_existing=True)
        ).first()
        return _stored(row) if row else None

    def of_year(self, year: int, department: str | None = None) -> list[StoredRecommendation]:
        query = select(RecommendationRow).where(RecommendationRow.year == year)
        if department is not None:
            query = query.where(RecommendationRow.department == department)
        rows = self._session.exec(query.order_by(col(RecommendationRow.id))).all()
        return [_stored(row) for row in rows]

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
        """Adopt, amend or reject a proposed recommendation; False when it was decided already."""
        if state is RecommendationState.PROPOSED:
            raise ValueError("a decision adopts, amends or rejects")
        result = self._session.exec(
            update(RecommendationRow)
            .where(
                col(RecommendationRow.id) == recommendation_id,
                col(RecommendationRow.state) == RecommendationState.PROPOSED.value,
            )
            .values(
                state=state.value,
                decided_by=by,
                decided_at=at,
                reason=reason,
                changes=json.dumps(changes_to_json(changes), ensure_ascii=False),
                revisions=json.dumps(list(revisions)),
            )
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount == 1

    def set_revisions(self, recommendation_id: int, revisions: Sequence[int]) -> None:
        """The catalog revisions an adopted recommendation made (stored after them, in its transaction)."""
        self._session.exec(
            update(RecommendationRow)
            .where(col(RecommendationRow.id) == recommendation_id)
            .values(revisions=json.dumps(list(revisions)))
            .execution_options(synchronize_session="fetch")
        )


def _stored(row: RecommendationRow) -> StoredRecommendation:
    assert row.id is not None
    made = recommendation_from_json(json.loads(row.content))
    recommendation = Recommendation(
        kind=made.kind,
        department=made.department,
        year=made.year,
        duties=made.duties,
        category=made.category,
        rationale=made.rationale,
        signals=made.signals,
        evidence=made.evidence,
        changes=changes_from_json(json.loads(row.changes)),
        shift=made.shift,
        others=made.others,
        state=RecommendationState(row.state),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        reason=row.reason,
    )
    return StoredRecommendation(
        id=row.id,
        recommendation=recommendation,
        proposed=made.changes,
        revisions=tuple(json.loads(row.revisions)),
        created_at=row.created_at,
    )
