"""Visits (走访座谈, 现场查看) as fm_domain.records.Visit, with the findings they concern and their files.

A visit is only ever added; its files are kept in ``record_files`` under the owner ``visit``
(storage/repositories/record_files.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlmodel import col, select

from fm_domain.messages import Attachment
from fm_domain.records import Visit, VisitKind
from storage.repositories.record_files import FileKeepingRepository
from storage.tables.monitoring import VisitFindingRow, VisitRow

OWNER = "visit"


class VisitRepository(FileKeepingRepository):
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
    ) -> Visit:
        row = VisitRow(
            department=department,
            kind=kind,
            visited_on=visited_on,
            place=place,
            people=people,
            notes=notes,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )
        self._session.add(row)
        self._session.flush()
        assert row.id is not None
        self._session.add_all(
            VisitFindingRow(visit_id=row.id, finding_id=finding_id)
            for finding_id in dict.fromkeys(finding_ids)
        )
        self._add_files(OWNER, row.id, files, recorded_at)
        self._session.flush()
        visit = self.get(row.id)
        assert visit is not None
        return visit

    def get(self, visit_id: int) -> Visit | None:
        row = self._session.get(VisitRow, visit_id)
        return self._visits([row])[0] if row else None

    def of_department(self, department: str) -> list[Visit]:
        rows = self._session.exec(
            select(VisitRow)
            .where(VisitRow.department == department)
            .order_by(col(VisitRow.visited_on), col(VisitRow.id))
        ).all()
        return self._visits(rows)

    def of_finding(self, finding_id: int) -> list[Visit]:
        rows = self._session.exec(
            select(VisitRow)
            .join(VisitFindingRow, col(VisitFindingRow.visit_id) == col(VisitRow.id))
            .where(VisitFindingRow.finding_id == finding_id)
            .order_by(col(VisitRow.id))
        ).all()
        return self._visits(rows)

    def files(self, visit_id: int) -> list[Attachment]:
        return self._files_of(OWNER, visit_id)

    def _visits(self, rows: Sequence[VisitRow]) -> list[Visit]:
        ids = [row.id for row in rows if row.id is not None]
        findings: dict[int, list[int]] = {}
        for link in self._session.exec(
            select(VisitFindingRow)
            .where(col(VisitFindingRow.visit_id).in_(ids))
            .order_by(col(VisitFindingRow.finding_id))
        ):
            findings.setdefault(link.visit_id, []).append(link.finding_id)
        names = self._file_names(OWNER, ids)
        result = []
        for row in rows:
            assert row.id is not None
            result.append(
                Visit(
                    id=row.id,
                    department=row.department,
                    kind=VisitKind(row.kind),
                    visited_on=row.visited_on,
                    place=row.place,
                    people=row.people,
                    notes=row.notes,
                    finding_ids=tuple(findings.get(row.id, ())),
                    file_names=names.get(row.id, ()),
                    recorded_by=row.recorded_by,
                    recorded_at=row.recorded_at,
                )
            )
        return result
