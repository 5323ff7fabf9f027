"""A visit (走访座谈 or 现场查看): staff went to a department, or looked on site, about some of its findings.

Kept as recorded, never changed: the day, the place, who took part, what was found, and the files (photos,
documents) that came back with it. The findings it concerns are listed with it; what staff then decided
of each is in the findings' own history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class VisitKind(StrEnum):
    TALK = "talk"  # 走访座谈
    SITE = "site"  # 现场查看


@dataclass(frozen=True)
class Visit:
    id: int
    department: str
    kind: VisitKind
    visited_on: date
    place: str
    people: str  # who took part, as staff wrote it
    notes: str
    finding_ids: tuple[int, ...]
    file_names: tuple[str, ...]  # the files kept with it (their content: uow.visits.files)
    recorded_by: int | None
    recorded_at: datetime
