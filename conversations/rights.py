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
LEADERS = frozenset({LEADER})


def role_of(user: UserRecord | None) -> str:
    return str(user.role) if user is not None else GUEST


def is_office(user: UserRecord | None) -> bool:
    return role_of(user) in OFFICE


def sees_every_department(user: UserRecord | None) -> bool:
    """The office and a leader of no particular department see every department."""
    return user is not None and (is_office(user) or (role_of(user) == LEADER and not user.department))


def sees_department(user: UserRecord | None, department: str) -> bool:
    """The one rule of who sees a department's records: those who see every department (above); a liaison,
    or a leader bound to a department, sees only that one."""
    if user is None:
        return False
    return sees_every_department(user) or user.department == department
