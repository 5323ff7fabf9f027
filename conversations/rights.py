"""Who may do what. Roles are compared by value, so fm_domain's Role (a StrEnum) and plain strings agree."""

from __future__ import annotations

from conversations.ports import UserRecord

GUEST = "guest"  # an account not bound yet
LIAISON = "liaison"
STAFF = "staff"
LEADER = "leader"
ADMIN = "admin"

EVERYONE = frozenset({GUEST, LIAISON, STAFF, LEADER, ADMIN})
BOUND = frozenset({LIAISON, STAFF, LEADER, ADMIN})
LIAISONS = frozenset({LIAISON})
OFFICE = frozenset({STAFF, ADMIN})  # the establishment office's people
DEPARTMENT_VIEW = frozenset({LIAISON, LEADER})  # see their own department


def role_of(user: UserRecord | None) -> str:
    return str(user.role) if user is not None else GUEST


def is_office(user: UserRecord | None) -> bool:
    return role_of(user) in OFFICE
