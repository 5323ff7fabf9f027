"""Sending replies to WeCom members, and saying how it went: one message, or identical ones to many.

``await sender.send(outgoing)`` reports one :class:`DeliveryResult`: ``sent``; ``retry`` with a delay (the
member's per-minute or per-hour allowance is used up, WeCom's 45009 rate limit, a network failure, a 5xx,
WeCom busy, or a configuration problem an administrator can fix, such as an untrusted IP); ``undeliverable``
(the member does not exist or is outside the app's visible range, WeCom refuses the content). The outbox
loop turns ``retry`` into a later attempt, with :func:`bot.channels.delivery_result.backoff_delay`.

``await sender.send_identical(outgoings)`` does the same for up to 1,000 messages of identical content
(a nudge, a digest) to different members: one ``message/send`` per part with all of them in ``touser``,
one fate per message. A member WeCom names in ``invaliduser`` is undeliverable on its own; the others
are sent.

WeCom's limits are kept here, across processes (the counts are in the database): 30 messages per member
a minute and 1,000 an hour (beyond them WeCom drops messages silently, so we stay clearly under), and
10,000 API calls a minute per corporation (paced through ``send_pace``).

A reply may take several WeCom messages; :mod:`bot.channels.wecom.delivery_log` remembers which went out
to whom, so a retry sends only the rest and a member never gets the same part twice.

A call whose outcome is unknown (its process was killed mid-call, or no answer came) is made again by the
next attempt as the very same request, within ``REPLAY_WINDOW``: every outbox send asks for WeCom's
duplicate check (``enable_duplicate_check``: the same request JSON within ``duplicate_check_interval`` is
not delivered twice), so the member gets it once whether or not the first call had arrived. The interval
is part of the request, and it is drawn from the call's first outbox id, so that two different messages
of identical text to one member (a status asked twice) are different requests: they collide only if their
ids differ by a multiple of 3,601 and they go within four hours. A file is not made again (its upload
would give a new media_id, so a new request), nor is a call older than the window.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import requests
from urllib3.exceptions import ConnectTimeoutError
from wechatpy.exceptions import WeChatClientException

from bot.channels.delivery_result import DeliveryResult, SendCapacity
from bot.channels.wecom.client import TOKEN_ERRORS, TokenUnavailable, WecomClient
from bot.channels.wecom.delivery_log import (
    SENDING,
    SENT,
    UNCERTAIN,
    DatabasePartLog,
    MemoryPartLog,
    PartLog,
)
from bot.channels.wecom.inbound import CHANNEL
from bot.channels.wecom.quota import SENDS_KEPT, RecipientQuota
from bot.channels.wecom.rendering import ChoiceStyle, file_message, media_type, render
from bot.channels.wecom.send_group import SendGroup
from bot.channels.wecom.store import UnitOfWorkFactory
from bot.clock import utc_from_seconds, utc_now
from conversations import Attachment, ConversationKey, Outgoing, Reply
from storage.repositories.outbox_broadcasts import BroadcastCall, ClaimedBroadcast
from storage.sqlite_writers import writes_ahead

log = logging.getLogger("fmbot.wecom")

MAX_TOUSER = 1_000  # members in one message/send
# Ten calls in flight: a fan-out to 10,000 members is ten calls of 1,000, and the corporation's allowance
# (10,000 a minute) lets them go together. A claim holds as many full groups as may be in flight, so such a
# fan-out is one claim and one round, not five rounds each waiting for WeCom's answers.
IN_FLIGHT = 10
CAPACITY = SendCapacity(in_flight=IN_FLIGHT, claim=IN_FLIGHT * MAX_TOUSER)
INVALID_USER = "errcode 81013: member not in the app's visible range"
# WeCom's duplicate check looks back at most four hours: its interval is drawn from [3 h, 4 h], and a call in
# doubt is made again only while the shortest interval still covers it, with room for clocks that differ.
SHORTEST_CHECK_S = 3 * 3600
CHECK_SPREAD = 3_601  # intervals to draw from: each second from 3 h to 4 h
REPLAY_WINDOW = timedelta(hours=2, minutes=30)

RATE_LIMITED = frozenset({45009, 45033})  # API frequency, concurrent calls
BUSY = frozenset({-1})  # 系统繁忙
# The message itself can never go out: unknown or invisible member, content or file WeCom refuses.
UNDELIVERABLE = frozenset(
    {
        *(
            40003,
            60111,
            81013,
            82001,
        ),  # invalid / unknown user, all recipients invalid, none in the app's scope
        *(40004, 40005, 40006, 40007, 40009),  # media type, file type, file size, media id, image size
        *(40008, 40058, 44004, 45002, 45004, 45008),  # message type, parameter, empty / too long content
    }
)

Part = dict[str, Any] | Attachment


class WecomSender:
    """``await sender.send(outgoing)`` for each outbox message of the ``wecom`` channel, and
    ``send_identical`` for a group of identical ones (the delivery loop groups them)."""

    channel = CHANNEL
    capacity = CAPACITY
    group_size = MAX_TOUSER

    def __init__(
        self,
        client: WecomClient,
        agent_id: int,
        quota: RecipientQuota,
        uow_factory: UnitOfWorkFactory,
        *,
        choice_style: ChoiceStyle = "markdown",
        clock: Callable[[], float],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._agent_id = agent_id
        self._quota = quota
        self._part_log = DatabasePartLog(uow_factory, clock)
        self._uow = uow_factory  # a broadcast's calls and their outcomes (send_broadcast)
        self._choice_style = choice_style
        self._clock = clock
        self._sleep = sleep
        # WeCom's client is synchronous: its calls run in threads of their own, as many as may be in
        # flight, so that they neither wait for nor hold up the threads the rest of fmbot works in.
        self._threads = ThreadPoolExecutor(CAPACITY.in_flight, thread_name_prefix="wecom-send")
        # The token's fetch has a thread of its own: after the round trip it stores the token for the other
        # processes, and a sending thread doing that would hold the tenth call of a fan-out back meanwhile.
        self._token_thread = ThreadPoolExecutor(1, thread_name_prefix="wecom-token")
        self._fetching: asyncio.Future[None] | None = None  # the token's fetch that prepare() started

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        """Deliver an outbox message."""
        [result] = await self.send_identical([outgoing])
        return result

    async def send_identical(self, outgoings: Sequence[Outgoing]) -> list[DeliveryResult]:
        """Deliver outbox messages of identical content, each to a different member; one fate each."""
        return await self._in_thread(outgoings, self._part_log, claimed=True)

    async def send_reply(self, external_user_id: str, reply: Reply) -> DeliveryResult:
        """Deliver a reply that is not in the outbox (nothing to resume if it fails half-way)."""
        outgoing = Outgoing(0, ConversationKey(CHANNEL, external_user_id), reply, utc_now())
        [result] = await self._in_thread([outgoing], MemoryPartLog(), claimed=False)
        return result

    async def prepare(self) -> None:
        """Make sure of the access_token, which every call needs first. The delivery loop awaits this before
        each claim, and it returns as soon as the token is in hand or on its way (this process's gettoken
        about to leave, or another process's awaited), leaving the round trip to go on in the token's
        thread: so the token's few transactions go before the claim's, not between them (on SQLite the
        claim holds the one writer lock; everywhere a claim of ten thousand members holds the interpreter's
        lock between each of the token's statements), and a fan-out's calls wait for the longer of the
        round trip and the claim, not for both. A failure is left to the sends, which report it as their
        fate."""
        if self._client.has_token() or (self._fetching is not None and not self._fetching.done()):
            return
        loop = asyncio.get_running_loop()
        on_its_way: asyncio.Future[None] = loop.create_future()

        def under_way() -> None:
            loop.call_soon_threadsafe(_resolve, on_its_way)

        self._fetching = loop.run_in_executor(self._token_thread, self._fetch_token, under_way)
        self._fetching.add_done_callback(lambda _: _resolve(on_its_way))
        await on_its_way

    def _fetch_token(self, under_way: Callable[[], None]) -> None:
        try:
            # Ahead of other writes on SQLite: the token's few short transactions are what every call waits
            # for, and its storing would otherwise queue behind a fan-out's claim.
            with writes_ahead():
                self._client.token(under_way)
        except Exception as error:  # the class name only: the text may carry a URL with the secret
            log.info("access_token not fetched ahead of sending (%s)", type(error).__name__)

    async def _in_thread(
        self, outgoings: Sequence[Outgoing], part_log: PartLog, *, claimed: bool
    ) -> list[DeliveryResult]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self._deliver, outgoings, part_log, claimed)

    def _deliver(
        self, outgoings: Sequence[Outgoing], part_log: PartLog, claimed: bool
    ) -> list[DeliveryResult]:
        """``claimed``: outbox messages, held by the delivery loop's claim; their sends are counted once
        made (``RecipientQuota.allow``)."""
        try:
            rendered = render(outgoings[0].reply, self._choice_style)
        except ValueError as error:
            return [DeliveryResult.undeliverable(str(error))] * len(outgoings)
        parts: list[Part] = [*rendered.messages]
        if rendered.file is not None:
            parts.append(rendered.file)
        if len(parts) > self._quota.max_burst:
            refused = DeliveryResult.undeliverable(
                f"reply needs {len(parts)} messages, over the per-member limit"
            )
            return [refused] * len(outgoings)
        # Only a message claimed before may have parts in the ledger: a fan-out's first attempt skips the
        # read (on SQLite it would queue for the writer lock behind the other groups' writes).
        tried = [o.id for o in outgoings if o.attempt > 1]
        group = SendGroup(outgoings, part_log.states(tried) if tried else {}, len(parts))
        in_doubt = self._calls_to_replay(tried, parts, part_log) if tried else []
        with writes_ahead():  # what the first call waits for goes before the records of calls answered
            calls = self._reserve(group, parts, claimed, replays=len(in_doubt))
        for call_id, index in in_doubt:  # earlier parts than any still to send: a process dies at its part
            self._replay(group, call_id, index, parts[index], part_log, calls)
        for index, part in enumerate(parts):
            recipients = group.due(index)
            if recipients:
                self._send_part(group, index, part, recipients, part_log, calls, claimed)
        return group.results()

    async def send_broadcast(self, claim: ClaimedBroadcast, reply: Reply) -> list[DeliveryResult]:
        """Deliver ``reply`` to a broadcast's members (``claim.members``, by outbox id, at most a claim's
        worth): before the calls, one transaction for the members' allowance, the calls' slots and a
        ledger row per call (``outbox_calls``); after each call, its outcome for each member it carried.
        A reply of several parts or with a file goes as groups of identical messages (``send_identical``).
        No object is built per member before the calls: a fan-out's ten thousand would hold them up."""
        try:
            rendered = render(reply, self._choice_style)
        except ValueError as error:
            return [DeliveryResult.undeliverable(str(error))] * len(claim.members)
        if rendered.file is not None or len(rendered.messages) != 1:
            return await self._broadcast_as_groups(claim, reply)
        loop = asyncio.get_running_loop()
        fates, calls = await loop.run_in_executor(self._threads, self._begin_broadcast, claim)
        answered = await asyncio.gather(
            *(
                loop.run_in_executor(self._threads, self._broadcast_call, call, slot, rendered.messages[0])
                for call, slot in calls
            )
        )
        for call_fates in answered:
            fates.update(call_fates)
        return [fates[outbox_id] for outbox_id, _ in claim.members]

    async def _broadcast_as_groups(self, claim: ClaimedBroadcast, reply: Reply) -> list[DeliveryResult]:
        """A broadcast whose reply takes several messages: groups of identical ones, each member's parts in
        the part ledger before each call, as for messages claimed one by one."""
        outgoings = [
            Outgoing(
                i, ConversationKey(claim.channel, m), reply, claim.created_at, claim.kind, claim.attempts
            )
            for i, m in claim.members
        ]
        groups = [outgoings[i : i + MAX_TOUSER] for i in range(0, len(outgoings), MAX_TOUSER)]
        sent = await asyncio.gather(*(self.send_identical(group) for group in groups))
        return [result for group_results in sent for result in group_results]

    def _begin_broadcast(
        self, claim: ClaimedBroadcast
    ) -> tuple[dict[int, DeliveryResult], list[tuple[BroadcastCall, float]]]:
        """What goes before a broadcast's calls, in one transaction: the fates of the members who wait
        (over their allowance) and the calls for the others, each with its slot."""
        seconds = self._clock()
        fates: dict[int, DeliveryResult] = {}
        with writes_ahead(), self._uow() as uow:  # what the calls wait for goes first
            waits = self._quota.broadcast_waits(uow, claim.id, seconds)
            going = claim.members
            if waits:
                going = [(outbox_id, member) for outbox_id, member in claim.members if member not in waits]
                for outbox_id, member in claim.members:
                    if member in waits:
                        log.info(
                            "holding a message to %s for %.0f s (per-member limit)", member, waits[member]
                        )
                        fates[outbox_id] = DeliveryResult.retry("per-member limit", waits[member])
            # In outbox id order, a thousand a call: a call in doubt is made again the regular way, from
            # the part ledger, in the same order (outbox_parts.call_recipients) and so as the same request.
            calls = [
                BroadcastCall(secrets.randbits(62), 0, going[start : start + MAX_TOUSER])
                for start in range(0, len(going), MAX_TOUSER)
            ]
            slots = self._quota.call_slots(uow, len(calls), seconds)
            if not uow.broadcasts.begin_calls(claim, calls, utc_from_seconds(seconds)):
                log.warning("broadcast %s was taken over before its calls", claim.id)
                lost = DeliveryResult.retry("taken over by another worker", 0.0)
                return dict.fromkeys((outbox_id for outbox_id, _ in claim.members), lost), []
            uow.commit()
        return fates, list(zip(calls, slots, strict=True))

    def _broadcast_call(
        self, call: BroadcastCall, slot: float, message: dict[str, Any]
    ) -> dict[int, DeliveryResult]:
        """Make one call of a broadcast and write its outcome for each member it carried."""
        ids = [outbox_id for outbox_id, _ in call.recipients]
        members = [member for _, member in call.recipients]
        self._wait_for(iter((slot,)))
        try:  # the body is encoded before the token is asked for: the call leaves as soon as it is in hand
            msgid, invalid = self._send_message(members, {**message, **_duplicate_check(ids[0])})
        except Exception as error:
            failed = _failed(members, error)
            if _never_reached_wecom(error):
                self._record_broadcast_call(call, ids, None)
            else:
                # In doubt: the member rows go the regular way, whose next attempt makes the call again as
                # the same request (see the module's docstring).
                log.warning(
                    "broadcast call to %d member(s): outcome unknown (%s)", len(ids), type(error).__name__
                )
                self._record_broadcast_call(call, ids, UNCERTAIN, counted=members)
            return dict.fromkeys(ids, failed)
        taken = [(i, m) for i, m in call.recipients if m not in invalid]
        self._record_broadcast_call(call, [i for i, _ in taken], SENT, msgid, counted=[m for _, m in taken])
        fates = dict.fromkeys(ids, DeliveryResult.undeliverable(INVALID_USER))
        fates.update(dict.fromkeys((i for i, _ in taken), DeliveryResult.sent(msgid)))
        return fates

    def _record_broadcast_call(
        self,
        call: BroadcastCall,
        outbox_ids: list[int],
        state: str | None,
        msgid: str = "",
        counted: Sequence[str] = (),
    ) -> None:
        """A call's outcome in the part ledger and the members' counts, and its row removed, in one
        transaction; ``state`` None: WeCom certainly did not take it, so the ledger holds nothing."""
        now = utc_from_seconds(self._clock())
        with self._uow() as uow:
            if state is not None:
                uow.outbox_parts.record_call(outbox_ids, call.part, state, now, call.call_id, msgid)
            if counted:
                uow.wecom.count_sends(Counter(counted), now, kept=SENDS_KEPT)
            uow.broadcasts.end_call(call.call_id)
            uow.commit()

    def _reserve(
        self, group: SendGroup, parts: list[Part], claimed: bool, replays: int = 0
    ) -> Iterator[float]:
        """Take the members' allowance (those over it wait) and the calls' slots; the slots, in order."""
        counts = group.counts()
        if not counts and not replays:
            return iter(())
        needed = group.parts_needed()
        uploads = sum(1 for index in needed if isinstance(parts[index], Attachment))
        grant = self._quota.allow if claimed else self._quota.reserve
        allowance = grant(counts, replays + len(needed) + uploads)
        for member, wait in allowance.waits.items():
            log.info("holding message(s) to %s for %.0f s (per-member limit)", member, wait)
        group.hold(allowance.waits)
        return iter(allowance.call_times)

    def _send_part(
        self,
        group: SendGroup,
        index: int,
        part: Part,
        recipients: list[int],
        part_log: PartLog,
        calls: Iterator[float],
        claimed: bool,
    ) -> None:
        try:
            _ = self._client.access_token  # a token problem is a plain failure: nothing was sent yet
            if isinstance(part, Attachment):
                self._wait_for(calls)
                message = self._upload(part)
            else:
                message = part
        except Exception as error:
            group.fail(recipients, _failed(group.members(recipients), error))
            return
        # Wait before claiming, not after: between the claim and the call, a process killed leaves the part
        # "outcome unknown", so nothing else happens there.
        self._wait_for(calls)
        call_id = secrets.randbits(62)  # fits PostgreSQL's signed BIGINT
        with writes_ahead():
            began = sorted(part_log.begin(recipients, index, call_id))
        # The others: another attempt is sending this part right now; theirs is its outcome, unknown here.
        group.record([i for i in recipients if i not in began], index, SENDING)
        if not began:
            return
        check = _duplicate_check(began[0]) if claimed else {}
        try:
            msgid, invalid = self._send_message(group.members(began), {**message, **check})
        except Exception as error:
            if _never_reached_wecom(error):
                part_log.abandon(began, index)
                group.fail(began, _failed(group.members(began), error))
                return
            # An outbox message's text part is made again by its next attempt, as the same request (see the
            # module's docstring); a file, or a reply outside the outbox, is left as it is.
            again = claimed and isinstance(part, dict)
            log.warning(
                "part %d to %d member(s): outcome unknown (%s); %s",
                index + 1,
                len(began),
                type(error).__name__,
                "the next attempt makes the call again" if again else "it will not be sent again",
            )
            part_log.finish(began, index, UNCERTAIN, counted=group.members(began) if claimed else ())
            group.record(began, index, UNCERTAIN)
            if again:
                group.fail(began, _failed(group.members(began), error))
            return
        refused = [i for i in began if group.member(i) in invalid]
        if refused:
            part_log.abandon(refused, index)
            group.fail(refused, DeliveryResult.undeliverable(INVALID_USER))
        taken = [i for i in began if i not in refused]
        part_log.finish(taken, index, SENT, msgid, counted=group.members(taken) if claimed else ())
        group.record(taken, index, SENT, msgid)

    def _calls_to_replay(
        self, outbox_ids: list[int], parts: list[Part], part_log: PartLog
    ) -> list[tuple[int, int]]:
        """The calls in doubt that carried a part of these messages and can be made again as they were:
        recent enough for WeCom's duplicate check, and of a part that is not a file."""
        in_doubt = part_log.calls_in_doubt(outbox_ids, REPLAY_WINDOW)
        return [(call_id, index) for call_id, index in in_doubt if isinstance(parts[index], dict)]

    def _replay(
        self,
        group: SendGroup,
        call_id: int,
        index: int,
        message: dict[str, Any],
        part_log: PartLog,
        calls: Iterator[float],
    ) -> None:
        """Make a call in doubt again, as the very same request: to everyone it carried (messages of this
        group or not), so that WeCom's duplicate check recognises it."""
        carried = part_log.recipients(call_id, index)
        if not carried:
            return
        ours = [i for i, _ in carried if group.has(i)]
        self._wait_for(calls)
        members = [member for _, member in carried]
        request = {**message, **_duplicate_check(carried[0][0])}
        try:
            _ = self._client.access_token
            msgid, invalid = self._send_message(members, request)
        except Exception as error:  # still in doubt: the next attempt makes it again
            group.fail(ours, _failed(group.members(ours), error))
            return
        log.info("part %d to %d member(s), in doubt, made again", index + 1, len(members))
        refused = [i for i in ours if group.member(i) in invalid]
        group.fail(refused, DeliveryResult.undeliverable(INVALID_USER))
        taken = [i for i, member in carried if member not in invalid]
        mine = [i for i in ours if i not in refused]
        part_log.finish(taken, index, SENT, msgid, counted=group.members(mine), call_id=call_id)
        group.record(mine, index, SENT, msgid)

    def _wait_for(self, calls: Iterator[float]) -> None:
        """Until the corporation's allowance has room for the next call (its slot was reserved)."""
        slot = next(calls, None)
        if slot is not None and slot > self._clock():
            self._sleep(slot - self._clock())

    def _upload(self, attachment: Attachment) -> dict[str, Any]:
        kind = media_type(attachment)
        upload = (attachment.name, attachment.content, attachment.mime_type)
        result = self._client.call_with_token(lambda: self._client.media.upload(kind, upload))
        return file_message(kind, str(result["media_id"]))

    def _send_message(self, members: list[str], message: dict[str, Any]) -> tuple[str, set[str]]:
        """WeCom's msgid, and the members it named invalid (the others got the message)."""
        result = self._client.send_message(self._client.message_body(self._agent_id, members, message))
        invalid = {member for member in str(result.get("invaliduser", "")).split("|") if member}
        return str(result.get("msgid", "")), invalid


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _duplicate_check(first_outbox_id: int) -> dict[str, int]:
    """What asks WeCom to drop the call if the same request came within the interval: the same for a call
    and its remaking (both start with the same outbox message), different for messages whose ids are not
    a multiple of 3,601 apart."""
    interval = SHORTEST_CHECK_S + first_outbox_id % CHECK_SPREAD
    return {"enable_duplicate_check": 1, "duplicate_check_interval": interval}


def _failed(members: list[str], error: Exception) -> DeliveryResult:
    result = classify(error)
    shown = members[0] if len(members) == 1 else f"{len(members)} members"
    log.warning("WeCom delivery to %s: %s (%s)", shown, result.status, result.reason)
    return result


def _never_reached_wecom(error: Exception) -> bool:
    """True when WeCom certainly did not take the message: it answered with an error, or no connection
    was made. A timeout while waiting for the answer leaves it open."""
    if isinstance(error, WeChatClientException | TokenUnavailable):
        return True
    if isinstance(error, requests.ConnectTimeout):
        return True
    if isinstance(error, requests.ConnectionError) and error.args:
        return isinstance(getattr(error.args[0], "reason", None), ConnectTimeoutError)
    return False


def classify(error: Exception) -> DeliveryResult:
    """What a failed call means for the message: retry later (and when) or give up."""
    if isinstance(error, requests.RequestException):
        return DeliveryResult.retry(f"network: {type(error).__name__}", 10)
    if isinstance(error, TokenUnavailable):
        return DeliveryResult.retry("access_token being refreshed by another process", 5)
    if not isinstance(error, WeChatClientException):
        return DeliveryResult.retry(f"unexpected {type(error).__name__}", 60)
    if error.errcode is None:
        status = getattr(error.response, "status_code", None)
        return DeliveryResult.retry(f"HTTP {status}", 10 if status and status >= 500 else 60)
    code = int(error.errcode)
    if code in RATE_LIMITED:
        return DeliveryResult.retry(f"errcode {code}: rate limited", 60)
    if code in BUSY:
        return DeliveryResult.retry(f"errcode {code}: WeCom busy", 5)
    if code in UNDELIVERABLE:
        return DeliveryResult.undeliverable(f"errcode {code}: {error.errmsg}"[:200])
    if code in TOKEN_ERRORS:
        return DeliveryResult.retry(f"errcode {code}: access_token refused twice", 30)
    # 40001 wrong secret, 60020 untrusted IP, 48002 API not allowed, …: an administrator must act.
    log.error(
        "WeCom refused the app (errcode %s: %s); check FM_WECOM_* and the app's 可信 IP", code, error.errmsg
    )
    return DeliveryResult.retry(f"errcode {code}: {error.errmsg}"[:200], 300)
