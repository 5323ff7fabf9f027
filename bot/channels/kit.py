"""The contract between the application and a channel: what a channel is given, what it hands back.

Every platform channel is a package ``bot/channels/<name>/`` with the same files:

* ``assembly.py`` — its :class:`ChannelBuilder`: whether the settings configure it, and building it;
* ``inbound.py`` — the platform's updates as the engine's ``Inbound`` (pure translations);
* ``receiver.py`` — taking updates in: record, acknowledge, have them handled;
* ``sender.py`` — the outbox's :class:`~bot.channels.delivery_result.Sender` for the platform;
* ``rendering.py`` — a ``Reply`` as the platform's messages;
* ``store.py`` — the channel's own records in the database;
* ``texts.py`` — the channel's few Chinese notices.

``bot/runtime.py`` loops over the builders: each that says it is configured is built from one
:class:`ChannelContext` and hands back :class:`ChannelParts`, which the runtime starts (a delivery loop for
the sender, the mounts on its HTTP server, the background tasks) and closes, without knowing the platform.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.channels.delivery_result import Sender
from bot.clock import WallClock
from bot.config import Settings
from conversations import ConversationKey, Inbound
from storage import UnitOfWork

if TYPE_CHECKING:
    from bot.web import Mount
    from storage.repositories.conversations import InboxRepository

# The engine's ``Engine.record_all``: messages in one transaction of their own, False for each seen before.
RecordAll = Callable[[Sequence[Inbound]], Sequence[bool]]
# The engine's ``Engine.record_into``: the same inside a transaction the channel owns (WeCom records its
# staged files with the messages).
RecordInto = Callable[["InboxRepository", Sequence[Inbound]], Sequence[bool]]
# Have the engine handle an account's recorded messages (``Engine.process_async``).
Process = Callable[[ConversationKey], Awaitable[None]]
# Tell an account why a message of theirs was not taken (too large, a kind fmbot cannot read).
Notify = Callable[[ConversationKey, str], None]
# Work a channel runs beside the server until ``stop`` is set (Telegram's long polling).
BackgroundTask = Callable[[asyncio.Event], Awaitable[None]]


@dataclass(frozen=True)
class InboundSink:
    """Where a channel puts what arrives, as the engine offers it; a channel takes the parts it uses."""

    record_all: RecordAll
    record_into: RecordInto
    process: Process
    # None: the channel's notices leave through the outbox (``bot.channels.outbox_notice``), as any reply.
    notify: Notify | None = None


@dataclass(frozen=True)
class ChannelContext:
    """What the application gives every channel."""

    settings: Settings
    unit_of_work: Callable[[], UnitOfWork]
    inbound: InboundSink
    # The wall clock, never the application's ``--now`` clock: the platforms check signatures, tokens and
    # rate limits against their own.
    clock: WallClock
    serves_http: bool  # ``fmbot serve``: the mounts are served
    may_poll: bool  # a channel without a served webhook may receive by polling instead


@dataclass(frozen=True)
class ChannelParts:
    """What a built channel hands the runtime."""

    name: str  # the ConversationKey.channel it serves, and the name in the log
    sender: Sender  # driven by one delivery loop
    mounts: tuple[Mount, ...] = ()  # added to the HTTP server, when there is one
    tasks: tuple[BackgroundTask, ...] = ()
    # Called once, after the delivery loop and the tasks have stopped (they may share its HTTP session).
    close: Callable[[], Awaitable[None]] | None = None


class ChannelBuilder(Protocol):
    """What each channel's ``assembly.py`` exposes as ``BUILDER``."""

    name: str

    def configured(self, settings: Settings) -> bool: ...

    def build(self, context: ChannelContext) -> ChannelParts: ...
