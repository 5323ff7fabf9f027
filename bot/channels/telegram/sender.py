"""Outbound: one outbox message to Telegram, with its fate as a DeliveryResult.

* sent — every part went (or, for a part whose outcome is unknown, was not tried again; see below);
* retry — flood control (429: after Telegram's ``retry_after``), 5xx and network failures that persisted
  through a few quick retries, or a bot that is misconfigured right now;
* undeliverable — the user blocked the bot, the chat does not exist, or Telegram refuses the content:
  retrying cannot help, and the delivery loop reports it to staff.

Never twice: a reply may take several Bot API calls (long text, a document). Each part is claimed in the
database before its call and completed after it, keyed by the outbox id, so a retry of the same outbox
message — in this process or another, after a crash — sends only the parts not yet claimed. A call whose
outcome is unknown (the request went out, no answer came) is recorded as ``uncertain`` and not repeated:
Telegram has no idempotency key, and a duplicate is what this channel promises not to produce.

Flood limits are kept before each call (:mod:`bot.channels.telegram.flood`): fmbot's limiter keeps the
schedule in the database, so processes sending for one bot share its allowance; a 429 that still comes
holds the chat, and everyone, for Telegram's ``retry_after``. Several messages are sent at once (the
delivery loop's ``capacity.in_flight``), each to a different chat.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

import aiohttp
from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Message

from bot.channels.delivery_result import DeliveryResult, DeliveryStatus, SendCapacity
from bot.channels.telegram.background import call_off_loop
from bot.channels.telegram.flood import FloodLimits, SharedFloodLimiter
from bot.channels.telegram.inbound import CHANNEL, chat_id_of
from bot.channels.telegram.rendering import Part, UnrenderableReply, keyboard, plan_parts
from bot.channels.telegram.store import TelegramStore
from bot.clock import utc_now
from conversations import Outgoing

log = logging.getLogger("fmbot.telegram")

# Quick retries of a 5xx or a failed connection, inside one send; then the outbox loop takes over.
TRANSIENT_RETRY_S = (0.5, 1.0, 2.0)
RETRY_LATER_S = 5.0
MISCONFIGURED_RETRY_S = 300.0  # a revoked token or a webhook conflict needs a person, not a hammering
SEND_TIMEOUT_S = 20
# A part is claimed in the ledger this long before its slot, so that its call leaves on the slot rather
# than after a database write of varying length (what would bunch calls together past Telegram's limit).
# A process killed in between leaves the part "outcome unknown": so this stays short.
CLAIM_LEAD_S = 0.02
# A call that would leave later than this after its slot (the claim took long, the event loop was busy)
# takes a new slot instead: late calls bunched with punctual ones would exceed the limit as Telegram counts.
# A few times at most: a process too loaded to meet any slot still sends.
LATE_S = 0.01
NEW_SLOTS = 3
# Sends in flight: enough to keep 30 a second going while each waits ~50-100 ms for its answer and its
# ledger writes. A claim is twenty seconds of the overall allowance: each round's start and end leave the
# allowance idle a moment (and start with a few missed slots), so rounds are few.
CAPACITY = SendCapacity(in_flight=16, claim=600)

Sleep = Callable[[float], Awaitable[None]]


class _Transient(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Uncertain(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TelegramSender:
    """``await sender.send(outgoing)`` for each outbox message of the ``telegram`` channel."""

    channel = CHANNEL
    capacity = CAPACITY

    def __init__(
        self,
        bot: Bot,
        store: TelegramStore,
        *,
        limiter: FloodLimits | None = None,
        transient_retry: tuple[float, ...] = TRANSIENT_RETRY_S,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.bot = bot
        self.store = store
        self.limiter = limiter or SharedFloodLimiter(store)
        self._transient_retry = transient_retry
        self._sleep = sleep
        self._clock = clock

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        try:
            chat_id = chat_id_of(outgoing.key)
            parts = plan_parts(outgoing.reply)
        except (ValueError, UnrenderableReply) as error:
            log.error("outbox message %s cannot go to Telegram: %s", outgoing.id, error)
            return DeliveryResult.undeliverable(str(error))
        markup = await self._keyboard(outgoing)
        attempted = await call_off_loop(self.store.delivered_parts, outgoing.id)
        uncertain = [index for index, state in attempted.items() if state != "sent"]
        sent: list[int] = []
        for index, part in enumerate(parts):
            if index in attempted:
                continue
            outcome = await self._send_part(
                outgoing.id, index, chat_id, part, markup if part.with_keyboard else None
            )
            if isinstance(outcome, DeliveryResult):
                return outcome
            if isinstance(outcome, str):
                uncertain.append(index)
            else:
                sent.append(outcome)
        if attempted:  # an earlier attempt sent some parts: their ids are in the ledger
            sent = await call_off_loop(self.store.sent_message_ids, outgoing.id)
        ids = tuple(str(i) for i in sent)
        if uncertain:
            numbers = ", ".join(str(i + 1) for i in sorted(uncertain))
            reason = f"part(s) {numbers} of {len(parts)}: outcome unknown, not resent"
            log.warning("outbox message %s to Telegram: %s", outgoing.id, reason)
            return DeliveryResult(DeliveryStatus.SENT, reason=reason, platform_message_ids=ids)
        return DeliveryResult.sent(*ids)

    async def _keyboard(self, outgoing: Outgoing) -> InlineKeyboardMarkup | None:
        choices = outgoing.reply.choices
        if not choices:
            return None
        tokens = await call_off_loop(self.store.issue_tokens, [c.payload for c in choices], self._clock())
        return keyboard(choices, tokens)

    async def _send_part(
        self, outbox_id: int, index: int, chat_id: int, part: Part, markup: InlineKeyboardMarkup | None
    ) -> DeliveryResult | str | int:
        """Telegram's message id when sent; the reason when its outcome is unknown; a DeliveryResult when
        the message stops."""
        for attempt in range(len(self._transient_retry) + 1):
            slot = await self.limiter.reserve(chat_id)
            await slot.ready(lead=CLAIM_LEAD_S)
            if not await call_off_loop(self.store.begin_part, outbox_id, index, chat_id, self._clock()):
                log.warning(
                    "part %s of outbox message %s was claimed meanwhile; not resent", index, outbox_id
                )
                return "claimed by another attempt"
            await slot.ready()
            for _ in range(NEW_SLOTS):
                if not slot.missed(LATE_S):
                    break
                slot = await self.limiter.reserve(chat_id, instead_of=slot)
                await slot.ready()
            try:
                message = await self._call(chat_id, part, markup)
            except _Uncertain as error:
                await call_off_loop(self.store.finish_part, outbox_id, index, "uncertain", self._clock())
                return error.reason
            except _Transient as error:
                await call_off_loop(self.store.abandon_part, outbox_id, index)
                if attempt == len(self._transient_retry):
                    return DeliveryResult.retry(error.reason, RETRY_LATER_S)
                log.info(
                    "Telegram send failed (%s); retrying in %.1f s",
                    error.reason,
                    self._transient_retry[attempt],
                )
                await self._sleep(self._transient_retry[attempt])
                continue
            except TelegramRetryAfter as error:
                await call_off_loop(self.store.abandon_part, outbox_id, index)
                await self.limiter.pause(error.retry_after, chat_id)
                await self.limiter.pause(error.retry_after)
                return DeliveryResult.retry(
                    f"flood control: retry after {error.retry_after} s", error.retry_after
                )
            except (TelegramUnauthorizedError, TelegramConflictError) as error:
                await call_off_loop(self.store.abandon_part, outbox_id, index)
                log.error("Telegram refuses the bot itself: %s", error.message)
                return DeliveryResult.retry(error.message, MISCONFIGURED_RETRY_S)
            except (
                TelegramForbiddenError,
                TelegramBadRequest,
                TelegramNotFound,
                TelegramMigrateToChat,
                TelegramEntityTooLarge,
            ) as error:
                await call_off_loop(self.store.abandon_part, outbox_id, index)
                return DeliveryResult.undeliverable(error.message)
            await call_off_loop(
                self.store.finish_part, outbox_id, index, "sent", self._clock(), message.message_id
            )
            return message.message_id
        raise AssertionError("unreachable")

    async def _call(self, chat_id: int, part: Part, markup: InlineKeyboardMarkup | None) -> Message:
        """The Bot API call, with its failures sorted: _Transient (certainly not sent), _Uncertain, or the
        aiogram error that says what Telegram decided."""
        try:
            if part.file is None:
                return await self.bot.send_message(
                    chat_id, part.text, reply_markup=markup, request_timeout=SEND_TIMEOUT_S
                )
            document = BufferedInputFile(part.file.content, filename=part.file.name)
            return await self.bot.send_document(
                chat_id,
                document,
                caption=part.text or None,
                reply_markup=markup,
                request_timeout=SEND_TIMEOUT_S,
            )
        except TelegramEntityTooLarge:
            raise
        except TelegramNetworkError as error:
            if isinstance(error.__cause__, aiohttp.ClientConnectorError):
                raise _Transient(f"no connection: {type(error.__cause__).__name__}") from None
            raise _Uncertain(f"no answer: {type(error.__cause__).__name__}") from None
        except TelegramServerError as error:
            raise _Transient(f"server error: {error.message}") from None
        except ClientDecodeError:
            raise _Transient("unreadable answer (a proxy error page?)") from None
        except (
            TelegramRetryAfter,
            TelegramUnauthorizedError,
            TelegramConflictError,
            TelegramForbiddenError,
            TelegramBadRequest,
            TelegramNotFound,
            TelegramMigrateToChat,
        ):
            raise
        except TelegramAPIError as error:
            # Any other error code: Telegram answered and did not send; worth another try later.
            raise _Transient(f"error: {error.message}") from None
