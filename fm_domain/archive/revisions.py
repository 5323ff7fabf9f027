"""The 三定's revision history: each stored revision and what it changed against the one before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fm_domain.models import Department


@dataclass(frozen=True)
class Revision:
    """One stored revision of a department's 三定, as it was."""

    number: int
    source: str
    imported_at: datetime
    department: Department


class ChangeKind(StrEnum):
    DUTY_ADDED = "duty_added"
    DUTY_REMOVED = "duty_removed"
    DUTY_TEXT = "duty_text"
    DUTY_STATUS = "duty_status"
    DUTY_CATEGORY = "duty_category"
    DIVISION_ADDED = "division_added"
    DIVISION_REMOVED = "division_removed"
    STAFFING = "staffing"
    NAME = "name"


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    subject: str  # the duty's number, the division's or department's name, "" for staffing
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class RevisionEntry:
    revision: Revision
    changes: tuple[Change, ...]  # empty for the first revision


def revision_history(revisions: Sequence[Revision]) -> tuple[RevisionEntry, ...]:
    """Each revision (oldest first) with its changes against the previous one."""
    ordered = sorted(revisions, key=lambda r: r.number)
    entries = []
    for previous, current in zip([None, *ordered], ordered, strict=False):
        changes = () if previous is None else changes_between(previous.department, current.department)
        entries.append(RevisionEntry(current, changes))
    return tuple(entries)


def changes_between(before: Department, after: Department) -> tuple[Change, ...]:
    changes: list[Change] = []
    if before.name != after.name:
        changes.append(Change(ChangeKind.NAME, "", before.name, after.name))
    old = {duty.n: duty for duty in before.duties}
    new = {duty.n: duty for duty in after.duties}
    for n in sorted(old.keys() | new.keys()):
        was, now = old.get(n), new.get(n)
        if was is None and now is not None:
            changes.append(Change(ChangeKind.DUTY_ADDED, str(n), after=now.text))
        elif now is None and was is not None:
            changes.append(Change(ChangeKind.DUTY_REMOVED, str(n), before=was.text))
        elif was is not None and now is not None:
            if was.text != now.text:
                changes.append(Change(ChangeKind.DUTY_TEXT, str(n), was.text, now.text))
            if was.status is not now.status:
                changes.append(Change(ChangeKind.DUTY_STATUS, str(n), was.status.label, now.status.label))
            if was.category is not now.category:
                changes.append(
                    Change(ChangeKind.DUTY_CATEGORY, str(n), was.category.value, now.category.value)
                )
    old_divisions = {d.name for d in before.divisions}
    new_divisions = {d.name for d in after.divisions}
    changes += [Change(ChangeKind.DIVISION_ADDED, name) for name in sorted(new_divisions - old_divisions)]
    changes += [Change(ChangeKind.DIVISION_REMOVED, name) for name in sorted(old_divisions - new_divisions)]
    if before.staffing != after.staffing:
        changes.append(Change(ChangeKind.STAFFING, "", _staffing(before), _staffing(after)))
    return tuple(changes)


def _staffing(department: Department) -> str:
    s = department.staffing
    return "/".join("—" if value is None else str(value) for value in (s.administrative, s.leaders, s.bodies))
