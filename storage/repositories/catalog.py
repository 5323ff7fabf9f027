"""The 三定 catalog: revisions of departments, and the current catalog (each department's latest)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func
from sqlmodel import col, select

from fm_domain.models import Catalog, Department, Division, Duty, DutyCategory, DutyStatus, Staffing
from storage.repositories.base import Repository
from storage.tables.catalog import DepartmentRevisionRow, DepartmentRow, DivisionRow, DutyRow

CatalogStamp = tuple[int, int]  # (revisions stored, highest revision id)


@dataclass(frozen=True)
class RevisionInfo:
    """One stored revision of a department's 三定. ``id`` is stable: point at it from anything that was
    checked against this revision."""

    id: int
    department: str
    revision: int
    name: str
    source: str
    imported_at: datetime


class CatalogRepository(Repository):
    def save_revision(self, department: Department, source: str, imported_at: datetime) -> int:
        """Store ``department`` as its next revision and return the revision number (1, 2, …).

        Importing content identical to the current revision writes nothing and returns that revision's
        number, so re-running an import is harmless. ``source`` says where the text came from.
        """
        _check_duties_belong(department)
        latest = self._latest_row(department.code)
        if latest is not None and _content(self._load(latest)) == _content(department):
            return latest.revision
        now = imported_at
        if latest is None and self._session.get(DepartmentRow, department.code) is None:
            self._session.add(DepartmentRow(code=department.code, created_at=now))
            self._session.flush()  # without a relationship the flush would not order it first
        row = _revision_row(department, (latest.revision + 1) if latest else 1, source, now)
        self._session.add(row)
        self._session.flush()
        assert row.id is not None
        self._session.add_all(_duty_rows(row.id, department.duties))
        self._session.add_all(_division_rows(row.id, department.divisions))
        self._session.flush()
        return row.revision

    def current(self) -> Catalog:
        """Every department at its latest revision, in the order departments were first imported."""
        latest = (
            select(
                DepartmentRevisionRow.department,
                func.max(DepartmentRevisionRow.revision).label("revision"),
                func.min(DepartmentRevisionRow.id).label("first_id"),
            )
            .group_by(col(DepartmentRevisionRow.department))
            .subquery()
        )
        rows = self._session.exec(
            select(DepartmentRevisionRow)
            .join(
                latest,
                and_(
                    col(DepartmentRevisionRow.department) == latest.c.department,
                    col(DepartmentRevisionRow.revision) == latest.c.revision,
                ),
            )
            .order_by(latest.c.first_id)
        ).all()
        return Catalog(tuple(self._load_many(rows)))

    def stamp(self) -> CatalogStamp:
        """What changes whenever the current catalog may have: one small aggregate over the revisions, so a
        process can tell in one query whether the catalog it loaded earlier is still current.

        Revisions are only ever added (never changed or deleted), so their number grows with every import
        that stored something. The number, not the highest id alone: PostgreSQL hands out ids when rows are
        inserted, not when they commit, so an import committing after a later-numbered one would leave the
        highest id as it was. The highest id rides along for hand edits (a revision deleted and another
        imported in its place).
        """
        count, highest = self._session.exec(
            select(func.count(col(DepartmentRevisionRow.id)), func.max(DepartmentRevisionRow.id))
        ).one()
        return count, highest or 0

    def department(self, code: str) -> Department | None:
        """The department at its latest revision."""
        row = self._latest_row(code)
        return self._load(row) if row else None

    def revision_id(self, code: str) -> int | None:
        """The stable id of the department's latest revision."""
        row = self._latest_row(code)
        return row.id if row else None

    def department_at(self, revision_id: int) -> Department | None:
        """The department as a given revision (by stable id) had it, even after later imports."""
        row = self._session.get(DepartmentRevisionRow, revision_id)
        return self._load(row) if row else None

    def revisions(self, code: str) -> list[RevisionInfo]:
        rows = self._session.exec(
            select(DepartmentRevisionRow)
            .where(DepartmentRevisionRow.department == code)
            .order_by(col(DepartmentRevisionRow.revision))
        ).all()
        return [
            RevisionInfo(
                id=_id(row),
                department=row.department,
                revision=row.revision,
                name=row.name,
                source=row.source,
                imported_at=row.imported_at,
            )
            for row in rows
        ]

    def _latest_row(self, code: str) -> DepartmentRevisionRow | None:
        return self._session.exec(
            select(DepartmentRevisionRow)
            .where(DepartmentRevisionRow.department == code)
            .order_by(col(DepartmentRevisionRow.revision).desc())
            .limit(1)
        ).first()

    def _load(self, row: DepartmentRevisionRow) -> Department:
        return self._load_many([row])[0]

    def _load_many(self, rows: Sequence[DepartmentRevisionRow]) -> list[Department]:
        ids = [_id(row) for row in rows]
        if not ids:
            return []
        duties: dict[int, list[DutyRow]] = defaultdict(list)
        for duty in self._session.exec(
            select(DutyRow).where(col(DutyRow.revision_id).in_(ids)).order_by(col(DutyRow.position))
        ):
            duties[duty.revision_id].append(duty)
        divisions: dict[int, list[DivisionRow]] = defaultdict(list)
        for division in self._session.exec(
            select(DivisionRow)
            .where(col(DivisionRow.revision_id).in_(ids))
            .order_by(col(DivisionRow.position))
        ):
            divisions[division.revision_id].append(division)
        return [_department(row, duties[_id(row)], divisions[_id(row)]) for row in rows]


def _id(row: DepartmentRevisionRow) -> int:
    assert row.id is not None
    return row.id


def _check_duties_belong(department: Department) -> None:
    strays = [duty.id for duty in department.duties if duty.department != department.code]
    if strays:
        raise ValueError(f"duties {strays} do not belong to department {department.code!r}")


def _content(department: Department) -> tuple[Any, ...]:
    """What makes two revisions the same: everything but where and when they were imported."""
    return (
        department.code,
        department.name,
        department.short,
        department.partial,
        (department.staffing.administrative, department.staffing.leaders, department.staffing.bodies),
        tuple(
            (
                d.n,
                d.text,
                d.category.value,
                d.category_guessed,
                d.status.value,
                d.periodic,
                tuple(d.divisions),
            )
            for d in department.duties
        ),
        tuple((division.name, tuple(division.duties)) for division in department.divisions),
    )


def _revision_row(department: Department, revision: int, source: str, now: datetime) -> DepartmentRevisionRow:
    return DepartmentRevisionRow(
        department=department.code,
        revision=revision,
        name=department.name,
        short=department.short,
        partial=department.partial,
        staffing_administrative=department.staffing.administrative,
        staffing_leaders=department.staffing.leaders,
        staffing_bodies=department.staffing.bodies,
        source=source,
        imported_at=now,
    )


def _duty_rows(revision_id: int, duties: Iterable[Duty]) -> list[DutyRow]:
    return [
        DutyRow(
            revision_id=revision_id,
            position=position,
            n=duty.n,
            text=duty.text,
            category=duty.category.value,
            category_guessed=duty.category_guessed,
            status=duty.status.value,
            periodic=duty.periodic,
            divisions=list(duty.divisions),
        )
        for position, duty in enumerate(duties)
    ]


def _division_rows(revision_id: int, divisions: Iterable[Division]) -> list[DivisionRow]:
    return [
        DivisionRow(
            revision_id=revision_id, position=position, name=division.name, duties=list(division.duties)
        )
        for position, division in enumerate(divisions)
    ]


def _department(
    row: DepartmentRevisionRow, duties: Iterable[DutyRow], divisions: Iterable[DivisionRow]
) -> Department:
    return Department(
        code=row.department,
        name=row.name,
        short=row.short,
        partial=row.partial,
        duties=tuple(
            Duty(
                department=row.department,
                n=duty.n,
                text=duty.text,
                category=DutyCategory(duty.category),
                category_guessed=duty.category_guessed,
                status=DutyStatus(duty.status),
                periodic=duty.periodic,
                divisions=tuple(duty.divisions),
            )
            for duty in duties
        ),
        divisions=tuple(
            Division(name=division.name, duties=tuple(division.duties)) for division in divisions
        ),
        staffing=Staffing(
            administrative=row.staffing_administrative,
            leaders=row.staffing_leaders,
            bodies=row.staffing_bodies,
        ),
    )
