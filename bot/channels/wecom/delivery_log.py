"""Which parts of an outbox message have gone out, so that a retry sends only the rest.

A reply can take several WeCom messages (long text in chunks, then a file). Each part is claimed before
its API call and completed after it: ``sent`` with WeCom's msgid, or ``uncertain`` when the call failed
in a way that leaves open whether WeCom took it (a read timeout, a process killed mid-call). A retry skips
both, so a member never gets the same part twice; only a part WeCom certainly refused is claimed again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.channels.wecom.session_storage import UnitOfWorkFactory
from bot.clock import utc_from_seconds

SENDING, SENT, UNCERTAIN = "sending", "sent", "uncertain"


class PartLog(Protocol):
    def states(self) -> dict[int, tuple[str, str]]: ...
    def begin(self, part: int) -> bool: ...
    def finish(self, part: int, state: str, msgid: str = "") -> None: ...
    def abandon(self, part: int) -> None: ...


class DatabasePartLog:
    """The parts of one outbox message, in the database, shared by every sending process."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, outbox_id: int, clock: Callable[[], float] = time.time
    ):
        self._uow = uow_factory
        self._outbox_id = outbox_id
        self._clock = clock

    def _now(self) -> datetime:
        return utc_from_seconds(self._clock())

    def states(self) -> dict[int, tuple[str, str]]:
        with self._uow() as uow:
            return uow.wecom.delivery_states(self._outbox_id)

    def begin(self, part: int) -> bool:
        with self._uow() as uow:
            claimed = uow.wecom.begin_part(self._outbox_id, part, self._now())
            uow.commit()
        return claimed

    def finish(self, part: int, state: str, msgid: str = "") -> None:
        with self._uow() as uow:
            uow.wecom.finish_part(self._outbox_id, part, state, self._now(), msgid)
            uow.commit()

    def abandon(self, part: int) -> None:
        with self._uow() as uow:
            uow.wecom.abandon_part(self._outbox_id, part)
            uow.commit()


class MemoryPartLog:
    """For a reply that is not in the outbox (sent once, nothing to resume)."""

    def __init__(self) -> None:
        self._states: dict[int, tuple[str, str]] = {}

    def states(self) -> dict[int, tuple[str, str]]:
        return dict(self._states)

    def begin(self, part: int) -> bool:
        if part in self._states:
            return False
        self._states[part] = (SENDING, "")
        return True

    def finish(self, part: int, state: str, msgid: str = "") -> None:
        self._states[part] = (state, msgid)

    def abandon(self, part: int) -> None:
        if self._states.get(part, ("", ""))[0] == SENDING:
            del self._states[part]
