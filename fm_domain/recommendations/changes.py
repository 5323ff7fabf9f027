"""An adopted recommendation applied to the catalog: the department's next 三定 revision, which storage saves
as it saves any revision. Duties keep their numbers (findings, judgements and signals name duties by id), so
a new duty takes the number after the department's last, and a cancelled one stays, with its status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from fm_domain.models import Catalog, Department, Duty
from fm_domain.recommendations.recommendation import (
    CatalogChange,
    DutyNote,
    NewDuty,
    Recommendation,
    RecommendationState,
    StatusChange,
)

_IN_FORCE = (RecommendationState.ADOPTED, RecommendationState.AMENDED)


class ChangeError(ValueError):
    """A change the department cannot take (a duty it does not have); nothing is changed."""


def apply_recommendation(department: Department, recommendation: Recommendation) -> Department:
    """The department with the recommendation's changes for it; the same department when none concern it."""
    if recommendation.state not in _IN_FORCE:
        raise ChangeError(
            f"only an adopted recommendation changes the catalog, not a {recommendation.state.value} one"
        )
    return apply_changes(department, recommendation.changes)


def apply_to_catalog(catalog: Catalog, recommendation: Recommendation) -> Catalog:
    """The catalog with every department the recommendation changes replaced by its next revision."""
    return Catalog(tuple(apply_recommendation(department, recommendation) for department in catalog))


def apply_changes(department: Department, changes: Iterable[CatalogChange]) -> Department:
    duties = list(department.duties)
    for change in changes:
        if change.department != department.code:
            continue
        if isinstance(change, NewDuty):
            n = max((duty.n for duty in duties), default=0) + 1
            # Adopted by staff, the class is theirs: no longer a guess.
            duties.append(Duty(department.code, n, change.text, change.category))
            continue
        position = next((i for i, duty in enumerate(duties) if duty.n == change.n), None)
        if position is None:
            raise ChangeError(f"{department.code} has no duty {change.n}")
        duties[position] = _changed(duties[position], change)
    return replace(department, duties=tuple(duties))


def _changed(duty: Duty, change: StatusChange | DutyNote) -> Duty:
    if isinstance(change, StatusChange):
        return replace(duty, status=change.status)
    if change.note in duty.text:
        return duty  # adopted twice, or already in the 三定: said once
    return replace(duty, text=f"{duty.text}{change.note}")
