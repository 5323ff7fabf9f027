"""The files kept with a record (a visit's photos, a work report's documents), in ``record_files`` under the
record's owner kind and id: one table for every kind of record that carries files, read and written here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlmodel import col, select

from fm_domain.messages import Attachment
from storage.repositories.base import Repository
from storage.tables.reports import RecordFileRow


class FileKeepingRepository(Repository):
    """A repository whose records carry files: they are kept as received and never changed."""

    def _add_files(self, owner: str, owner_id: int, files: Iterable[Attachment], at: datetime) -> None:
        self._session.add_all(
            RecordFileRow(
                owner=owner,
                owner_id=owner_id,
                name=file.name,
                mime_type=file.mime_type,
                content=file.content,
                added_at=at,
            )
            for file in files
        )

    def _files_of(self, owner: str, owner_id: int) -> list[Attachment]:
        rows = self._session.exec(
            select(RecordFileRow)
            .where(RecordFileRow.owner == owner, RecordFileRow.owner_id == owner_id)
            .order_by(col(RecordFileRow.id))
        ).all()
        return [Attachment(row.name, row.content, row.mime_type) for row in rows]

    def _file_names(self, owner: str, owner_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """owner id → the names of its files, in the order they were kept (one query for many records)."""
        names: dict[int, list[str]] = {}
        for owner_id, name in self._session.exec(
            select(RecordFileRow.owner_id, RecordFileRow.name)
            .where(RecordFileRow.owner == owner, col(RecordFileRow.owner_id).in_(list(owner_ids)))
            .order_by(col(RecordFileRow.id))
        ):
            names.setdefault(owner_id, []).append(name)
        return {owner_id: tuple(kept) for owner_id, kept in names.items()}
