"""Which parts of each outbox message have gone out, so that a retry sends only the rest.

A reply can take several WeCom messages (long text in chunks, then a file), and one call may carry a part
to many members (identical notices: ``touser`` of up to 1,000). Each part of each outbox message is
claimed before its API call and completed after it: ``sent`` with WeCom's msgid, or ``uncertain`` when the
call failed in a way that leaves open whether WeCom took it (a read timeout; a process killed mid-call
leaves it ``sending``). A retry never sends either as a new call, so a member never gets the same part
twice; only a part WeCom certainly refused is claimed again. A group's claims and completions are one
transaction each, whatever its size. The records are the part ledger every channel shares
(``uow.outbox_parts``).

Each claim also names its call (``call_id``). A call whose outcome is unknown can so be made again, not as
a new call but as the very same request (same members in the same order, same content, same
duplicate-check interval), which WeCom's duplicate check (``enable_duplicate_check``) drops if the first
had arrived: ``calls_in_doubt`` finds them for a retry, ``recipients`` gives whom the call carried, and
``finish`` with the call's id records it made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.channels.wecom.quota import SENDS_KEPT
from bot.channels.wecom.store import UnitOfWorkFactory
from bot.clock import utc_from_seconds

SENDING, SENT, UNCERTAIN = "sending", "sent", "uncertain"

States = dict[int, dict[int, tuple[str, str]]]  # {outbox_id: {part: (state, msgid)}}


class PartLog(Protocol):
    def states(self, outbox_ids: Sequence[int]) -> States: ...
    def begin(self, outbox_ids: Sequence[int], part: int, call_id: int | None = None) -> set[int]:
        """Claim the part for these messages, for the call ``call_id``; the ids claimed here (another
        attempt holds the rest)."""
        ...

    def calls_in_doubt(self, outbox_ids: Sequence[int], within: timedelta) -> list[tuple[int, int]]:
        """``(call_id, part)`` of the calls begun in the last ``within`` that carried a part of these
        messages and whose outcome is unknown."""
        ...

    def recipients(self, call_id: int, part: int) -> list[tuple[int, str]]:
        """``(outbox_id, member)`` of everyone the call carried the part to, in the call's order."""
        ...

    def finish(
        self,
        outbox_ids: Sequence[int],
        part: int,
        state: str,
        msgid: str = "",
        counted: Sequence[str] = (),
        call_id: int | None = None,
    ) -> None:
        """Complete the part; ``counted``: members whose send to count against their limits with it
        (``RecipientQuota.allow``); ``call_id``: only where that call holds the part (a call in doubt made
        again settles what it carried)."""
        ...

    def abandon(self, outbox_ids: Sequence[int], part: int) -> None: ...


class DatabasePartLog:
    """The parts of outbox messages, in the database, shared by every sending process."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Callable[[], float]):
        self._uow = uow_factory
        self._clock = clock

    def _now(self) -> datetime:
        return utc_from_seconds(self._clock())

    def states(self, outbox_ids: Sequence[int]) -> States:
        with self._uow() as uow:
            return uow.outbox_parts.states_of(outbox_ids)

    def begin(self, outbox_ids: Sequence[int], part: int, call_id: int | None = None) -> set[int]:
        with self._uow() as uow:
            claimed = uow.outbox_parts.begin_all(outbox_ids, part, self._now(), call_id=call_id)
            uow.commit()
        return claimed

    def calls_in_doubt(self, outbox_ids: Sequence[int], within: timedelta) -> list[tuple[int, int]]:
        with self._uow() as uow:
            return uow.outbox_parts.calls_in_doubt(outbox_ids, self._now() - within)

    def recipients(self, call_id: int, part: int) -> list[tuple[int, str]]:
        with self._uow() as uow:
            return uow.outbox_parts.call_recipients(call_id, part)

    def finish(
        self,
        outbox_ids: Sequence[int],
        part: int,
        state: str,
        msgid: str = "",
        counted: Sequence[str] = (),
        call_id: int | None = None,
    ) -> None:
        now = self._now()
        with self._uow() as uow:
            uow.outbox_parts.finish_all(outbox_ids, part, state, now, msgid, call_id=call_id)
            # The sends counted in the ledger's own transaction: no extra write after a call, and on SQLite
            # one turn of the writer lock less ahead of the other groups' calls.
            if counted:
                uow.wecom.count_sends(Counter(counted), now, kept=SENDS_KEPT)
            uow.commit()

    def abandon(self, outbox_ids: Sequence[int], part: int) -> None:
        with self._uow() as uow:
            uow.outbox_parts.abandon_all(outbox_ids, part)
            uow.commit()


class MemoryPartLog:
    """For a reply that is not in the outbox (sent once, nothing to resume)."""

    def __init__(self) -> None:
        self._states: States = {}

    def states(self, outbox_ids: Sequence[int]) -> States:
        return {i: dict(self._states[i]) for i in outbox_ids if i in self._states}

    def begin(self, outbox_ids: Sequence[int], part: int, call_id: int | None = None) -> set[int]:
        claimed = {i for i in outbox_ids if part not in self._states.get(i, {})}
        for i in claimed:
            self._states.setdefault(i, {})[part] = (SENDING, "")
        return claimed

    def calls_in_doubt(self, outbox_ids: Sequence[int], within: timedelta) -> list[tuple[int, int]]:
        return []  # such a reply is sent once, by one attempt: nothing is ever made again

    def recipients(self, call_id: int, part: int) -> list[tuple[int, str]]:
        return []

    def finish(
        self,
        outbox_ids: Sequence[int],
        part: int,
        state: str,
        msgid: str = "",
        counted: Sequence[str] = (),
        call_id: int | None = None,
    ) -> None:
        for i in outbox_ids:
            self._states.setdefault(i, {})[part] = (state, msgid)

    def abandon(self, outbox_ids: Sequence[int], part: int) -> None:
        for i in outbox_ids:
            if self._states.get(i, {}).get(part, ("", ""))[0] == SENDING:
                del self._states[i][part]
