"""Sending replies to WeCom members, one outbox message at a time, and saying how it went.

``await sender.send(outgoing)`` reports one :class:`DeliveryResult`: ``sent``; ``retry`` with a delay (the
member's per-minute or per-hour allowance is used up, WeCom's 45009 rate limit, a network failure, a 5xx,
WeCom busy, or a configuration problem an administrator can fix, such as an untrusted IP); ``undeliverable``
(the member does not exist or is outside the app's visible range, WeCom refuses the content). The outbox
loop turns ``retry`` into a later attempt, with :func:`bot.channels.delivery_result.backoff_delay`.

A reply may take several WeCom messages; :mod:`bot.channels.wecom.delivery_log` remembers which went out,
so a retry sends only the rest and a member never gets the same part twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

import requests
from urllib3.exceptions import ConnectTimeoutError
from wechatpy.exceptions import WeChatClientException

from bot.channels.delivery_result import DeliveryResult, DeliveryStatus
from bot.channels.wecom.client import TOKEN_ERRORS, TokenUnavailable, WecomClient
from bot.channels.wecom.delivery_log import SENT, UNCERTAIN, DatabasePartLog, MemoryPartLog, PartLog
from bot.channels.wecom.rendering import ChoiceStyle, file_message, media_type, render
from bot.channels.wecom.session_storage import UnitOfWorkFactory
from bot.channels.wecom.updates import CHANNEL
from bot.clock import utc_from_seconds
from conversations import Attachment, Outgoing, Reply

log = logging.getLogger("fmbot.wecom")

# WeCom drops what goes beyond 30 messages per member a minute and 1,000 an hour; stay clearly under.
PER_MINUTE = 25
PER_HOUR = 950

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


class RecipientQuota(Protocol):
    max_burst: int

    def reserve(self, external_user_id: str, count: int) -> float:
        """Reserve ``count`` messages to this member now: 0.0, or the seconds to wait before they fit."""
        ...


class DatabaseRecipientQuota:
    """Per-member limits counted in the database, so several sending processes share them."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Callable[[], float] = time.time,
        per_minute: int = PER_MINUTE,
        per_hour: int = PER_HOUR,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._limits = ((timedelta(minutes=1), per_minute), (timedelta(hours=1), per_hour))
        self.max_burst = min(per_minute, per_hour)

    def reserve(self, external_user_id: str, count: int) -> float:
        now = utc_from_seconds(self._clock())
        with self._uow() as uow:
            wait = uow.wecom.reserve_sends(external_user_id, count, now, self._limits)
            uow.commit()
        return 0.0 if wait is None else wait.total_seconds()


class WecomSender:
    """``await sender.send(outgoing)`` for each outbox message of the ``wecom`` channel."""

    channel = CHANNEL

    def __init__(
        self,
        client: WecomClient,
        agent_id: int,
        quota: RecipientQuota,
        uow_factory: UnitOfWorkFactory,
        *,
        choice_style: ChoiceStyle = "markdown",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._agent_id = agent_id
        self._quota = quota
        self._uow = uow_factory
        self._choice_style = choice_style
        self._clock = clock

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        """Deliver an outbox message; WeCom's client is synchronous, so this runs in a worker thread."""
        part_log = DatabasePartLog(self._uow, outgoing.id, self._clock)
        return await asyncio.to_thread(self._deliver, outgoing.key.external_user_id, outgoing.reply, part_log)

    async def send_reply(self, external_user_id: str, reply: Reply) -> DeliveryResult:
        """Deliver a reply that is not in the outbox (nothing to resume if it fails half-way)."""
        return await asyncio.to_thread(self._deliver, external_user_id, reply, MemoryPartLog())

    def _deliver(self, user: str, reply: Reply, part_log: PartLog) -> DeliveryResult:
        try:
            rendered = render(reply, self._choice_style)
        except ValueError as error:
            return DeliveryResult.undeliverable(str(error))
        parts: list[dict[str, Any] | Attachment] = [*rendered.messages]
        if rendered.file is not None:
            parts.append(rendered.file)
        if len(parts) > self._quota.max_burst:
            return DeliveryResult.undeliverable(
                f"reply needs {len(parts)} messages, over the per-member limit"
            )
        todo = [index for index in range(len(parts)) if index not in part_log.states()]
        if todo:
            wait = self._quota.reserve(user, len(todo))
            if wait > 0:
                log.info("holding %d message(s) to %s for %.0f s (per-member limit)", len(todo), user, wait)
                return DeliveryResult.retry("per-member limit", wait)
        for index in todo:
            failure = self._send_part(user, index, parts[index], part_log)
            if failure is not None:
                return failure
        return _outcome(part_log.states(), len(parts))

    def _send_part(
        self, user: str, index: int, part: dict[str, Any] | Attachment, part_log: PartLog
    ) -> DeliveryResult | None:
        try:
            _ = self._client.access_token  # a token problem is a plain failure: nothing was sent yet
            message = self._upload(part) if isinstance(part, Attachment) else part
        except Exception as error:
            return _failed(user, error)
        if not part_log.begin(index):
            return None  # another attempt is sending this part right now
        try:
            msgid = self._send_message(user, message)
        except Exception as error:
            if _never_reached_wecom(error):
                part_log.abandon(index)
                return _failed(user, error)
            log.warning(
                "part %d to %s: outcome unknown (%s); it will not be sent again",
                index + 1,
                user,
                type(error).__name__,
            )
            part_log.finish(index, UNCERTAIN)
            return None
        part_log.finish(index, SENT, msgid)
        return None

    def _upload(self, attachment: Attachment) -> dict[str, Any]:
        kind = media_type(attachment)
        upload = (attachment.name, attachment.content, attachment.mime_type)
        result = self._client.call_with_token(lambda: self._client.media.upload(kind, upload))
        return file_message(kind, str(result["media_id"]))

    def _send_message(self, user: str, message: dict[str, Any]) -> str:
        result = self._client.call_with_token(
            lambda: self._client.message.send(self._agent_id, user, msg=message)
        )
        if user in str(result.get("invaliduser", "")).split("|"):
            raise WeChatClientException(81013, "member not in the app's visible range")
        return str(result.get("msgid", ""))


def _outcome(states: dict[int, tuple[str, str]], count: int) -> DeliveryResult:
    ids = tuple(msgid for _, (state, msgid) in sorted(states.items()) if state == SENT and msgid)
    unsure = [index + 1 for index, (state, _) in sorted(states.items()) if state != SENT]
    if unsure:
        reason = f"part(s) {', '.join(map(str, unsure))} of {count}: outcome unknown, not resent"
        return DeliveryResult(DeliveryStatus.SENT, reason=reason, platform_message_ids=ids)
    return DeliveryResult.sent(*ids)


def _failed(user: str, error: Exception) -> DeliveryResult:
    result = classify(error)
    log.warning("WeCom delivery to %s: %s (%s)", user, result.status, result.reason)
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
