"""The outbox messages of one WeCom send, one message or many identical ones: which parts each still needs,
and each one's fate as the parts go out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.channels.delivery_result import DeliveryResult, DeliveryStatus
from bot.channels.wecom.delivery_log import SENT, States
from conversations import Outgoing


class SendGroup:
    """The outbox messages of one send, by outbox id: each one's parts and, once decided, its fate."""

    def __init__(self, outgoings: Sequence[Outgoing], states: States, part_count: int) -> None:
        self._members = {o.id: o.key.external_user_id for o in outgoings}
        self._order = [o.id for o in outgoings]
        self._states = {i: dict(states.get(i, {})) for i in self._order}
        self._todo = {i: [p for p in range(part_count) if p not in self._states[i]] for i in self._order}
        self._part_count = part_count
        self._fates: dict[int, DeliveryResult] = {}

    def has(self, outbox_id: int) -> bool:
        return outbox_id in self._members

    def member(self, outbox_id: int) -> str:
        return self._members[outbox_id]

    def members(self, outbox_ids: Sequence[int]) -> list[str]:
        return [self._members[i] for i in outbox_ids]

    def counts(self) -> dict[str, int]:
        """Messages still to send, by member (members with nothing left are not asked for)."""
        return {self._members[i]: len(todo) for i, todo in self._todo.items() if todo}

    def parts_needed(self) -> list[int]:
        return sorted({p for i, todo in self._todo.items() if i not in self._fates for p in todo})

    def due(self, part: int) -> list[int]:
        """The messages that still need this part and have not failed on an earlier one."""
        return [i for i in self._order if i not in self._fates and part in self._todo[i]]

    def fail(self, outbox_ids: Sequence[int], result: DeliveryResult) -> None:
        for i in outbox_ids:
            self._fates.setdefault(i, result)

    def hold(self, waits: Mapping[str, float]) -> None:
        """These members are over their allowance: their messages wait (retry) that many seconds."""
        for i, member in self._members.items():
            if member in waits:
                self._fates.setdefault(i, DeliveryResult.retry("per-member limit", waits[member]))

    def record(self, outbox_ids: Sequence[int], part: int, state: str, msgid: str = "") -> None:
        for i in outbox_ids:
            self._states[i][part] = (state, msgid)

    def results(self) -> list[DeliveryResult]:
        return [self._fates.get(i) or _outcome(self._states[i], self._part_count) for i in self._order]


def _outcome(states: dict[int, tuple[str, str]], count: int) -> DeliveryResult:
    ids = tuple(msgid for _, (state, msgid) in sorted(states.items()) if state == SENT and msgid)
    unsure = [index + 1 for index, (state, _) in sorted(states.items()) if state != SENT]
    if unsure:
        reason = f"part(s) {', '.join(map(str, unsure))} of {count}: outcome unknown, not resent"
        return DeliveryResult(DeliveryStatus.SENT, reason=reason, platform_message_ids=ids)
    return DeliveryResult.sent(*ids)
