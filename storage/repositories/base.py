"""The base of every repository."""

from __future__ import annotations

from sqlmodel import Session


class Repository:
    """Holds the unit of work's session. Subclasses map rows to fm_domain objects both ways: what they
    return is never a table row."""

    def __init__(self, session: Session) -> None:
        self._session = session
