"""The base of every repository."""

from __future__ import annotations

from sqlmodel import Session

# Where a transaction keeps the channels it queued outbox messages for (in its session's ``info``), so the
# unit of work can announce them once they are committed.
QUEUED_CHANNELS = "fmbot.queued_channels"


class Repository:
    """Holds the unit of work's session. Subclasses map rows to fm_domain objects both ways: what they
    return is never a table row."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _queued_for(self, channel: str) -> None:
        """Note that this transaction put a message in ``channel``'s outbox."""
        self._session.info.setdefault(QUEUED_CHANNELS, set()).add(channel)
