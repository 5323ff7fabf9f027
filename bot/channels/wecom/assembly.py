"""Assembling the WeCom channel: ``BUILDER`` for the runtime (``bot.channels.kit``), and
``build_wecom_channel`` for whoever holds the pieces themselves (tests, benchmarks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.channels.kit import ChannelContext, ChannelParts, Notify, Process, RecordInto
from bot.channels.outbox_notice import OutboxUnitOfWork, outbox_notice
from bot.channels.wecom.callback import add_wecom_routes
from bot.channels.wecom.callback_security import CallbackVerifier
from bot.channels.wecom.client import WecomClient
from bot.channels.wecom.config import WecomConfig
from bot.channels.wecom.inbound import CHANNEL
from bot.channels.wecom.quota import DatabaseRecipientQuota
from bot.channels.wecom.receiver import WecomReceiver
from bot.channels.wecom.rendering import ChoiceStyle
from bot.channels.wecom.sender import WecomSender
from bot.channels.wecom.staging import InboundStaging, StagingUnitOfWork
from bot.channels.wecom.store import DatabaseSessionStorage
from bot.clock import utc_from_seconds
from bot.config import Settings


class ChannelUnitOfWork(StagingUnitOfWork, OutboxUnitOfWork, Protocol):
    """``storage.UnitOfWork`` as the channel sees it: its own repository, the engine's inbox for what
    arrives, and the outbox for notices."""


@dataclass(frozen=True)
class WecomChannel:
    receiver: WecomReceiver  # for add_wecom_routes(app, receiver)
    sender: WecomSender  # for the outbox delivery loop: await sender.send(outgoing) -> DeliveryResult
    client: WecomClient


def build_wecom_channel(
    config: WecomConfig,
    uow_factory: Callable[[], ChannelUnitOfWork],
    record: RecordInto,
    process: Process,
    *,
    clock: Callable[[], float],
    notify: Notify | None = None,
    choice_style: ChoiceStyle = "markdown",
) -> WecomChannel:
    """``record`` is the engine's ``Engine.record_into`` (sync, False for each duplicate) and ``process``
    its ``Engine.process_async``; ``clock`` the wall clock in seconds (``WallClock.seconds``), which every
    part shares; ``notify`` defaults to writing a plain reply into the outbox."""
    session = DatabaseSessionStorage(uow_factory, clock)
    client = WecomClient(config, session)
    notify = notify or notice_to_member(uow_factory, clock)
    staging = InboundStaging(uow_factory, client, record, notify, clock=clock)

    def housekeeping() -> None:
        staging.purge()
        forget_old_deliveries(uow_factory, clock)

    verifier = CallbackVerifier(config, clock)
    receiver = WecomReceiver(verifier, process, staging, housekeeping=housekeeping, notify=notify)
    quota = DatabaseRecipientQuota(uow_factory, clock)
    sender = WecomSender(client, config.agent_id, quota, uow_factory, choice_style=choice_style, clock=clock)
    return WecomChannel(receiver, sender, client)


def forget_old_deliveries(uow_factory: Callable[[], ChannelUnitOfWork], clock: Callable[[], float]) -> int:
    """Drop the part records of messages delivered long enough ago that the outbox no longer retries them."""
    with uow_factory() as uow:
        forgotten = uow.outbox_parts.forget_expired(utc_from_seconds(clock()))
        uow.commit()
    return forgotten


def notice_to_member(uow_factory: Callable[[], ChannelUnitOfWork], clock: Callable[[], float]) -> Notify:
    """A notice from the channel itself (a file that could not be fetched, a message refused) goes out
    like any reply."""
    return outbox_notice(uow_factory, lambda: utc_from_seconds(clock()))


class WecomBuilder:
    """The WeCom channel for the runtime: configured by ``FM_WECOM_CORP_ID`` and the four beside it."""

    name = CHANNEL

    def configured(self, settings: Settings) -> bool:
        return settings.wecom_enabled

    def build(self, context: ChannelContext) -> ChannelParts:
        settings, sink = context.settings, context.inbound
        wecom = build_wecom_channel(
            WecomConfig.from_settings(settings),
            context.unit_of_work,
            sink.record_into,
            sink.process,
            clock=context.clock.seconds,
            notify=sink.notify,
            choice_style="text" if settings.wecom_choice_style == "text" else "markdown",
        )
        # The receiver starts and stops with the server it is mounted on (``add_wecom_routes``); without
        # one (``fmbot run``) the channel only delivers.
        mount = lambda app: add_wecom_routes(app, wecom.receiver)  # noqa: E731
        return ChannelParts(CHANNEL, wecom.sender, mounts=(mount,))


BUILDER = WecomBuilder()
