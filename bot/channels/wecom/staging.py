"""Messages acknowledged to WeCom that cannot go into the inbox yet.

A file or image arrives as a ``media_id``; fetching it through media/get takes too long for WeCom's
5-second answer window. So the message is staged (one small insert, like recording) and WeCom gets its
200; the file is fetched afterwards and only then does the complete message go into the engine's inbox.
Later messages of the same member are staged behind it, so the engine sees them in the order sent.

Staged rows live in the database: a process that dies after answering leaves them for ``drain`` on the
next start (WeCom keeps media three days). A download that fails for a while is retried with backoff; one
that can never succeed (expired media, a file over the size limit) is dropped with a notice to the member.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from wechatpy.exceptions import WeChatClientException

from bot.channels.delivery_result import backoff_delay
from bot.channels.kit import Notify, RecordInto
from bot.channels.wecom import texts
from bot.channels.wecom.client import DownloadedMedia, MediaTooLarge, WecomClient
from bot.channels.wecom.inbound import CHANNEL, WecomInbound
from bot.channels.wecom.sender import UNDELIVERABLE
from bot.channels.wecom.store import WecomUnitOfWork
from bot.clock import utc_from_seconds
from conversations import Attachment, ConversationKey
from fm_domain.message_codec import decode_inbound, encode_inbound
from storage.repositories.conversations import InboxRepository
from storage.repositories.wecom import StagedInbound

log = logging.getLogger("fmbot.wecom")

MAX_MEDIA_BYTES = 20 * 1024 * 1024  # WeCom's own limit for a file
GIVE_UP_AFTER_ATTEMPTS = 12  # with backoff capped at 30 min: several hours, well within the 3 days
KEEP_FINISHED = timedelta(days=1)  # WeCom stops resending within minutes; a day is plenty for de-dup


class StagingUnitOfWork(WecomUnitOfWork, Protocol):
    """The part of ``storage.UnitOfWork`` staging uses: the channel's repository and the engine's inbox."""

    inbox: InboxRepository


class InboundStaging:
    def __init__(
        self,
        uow_factory: Callable[[], StagingUnitOfWork],
        client: WecomClient,
        record: RecordInto,
        notify: Notify | None = None,
        *,
        clock: Callable[[], float],
        max_media_bytes: int = MAX_MEDIA_BYTES,
    ) -> None:
        self._uow = uow_factory
        self._client = client
        self._record = record
        self._notify = notify
        self._clock = clock
        self._max_media_bytes = max_media_bytes

    def _now(self) -> datetime:
        return utc_from_seconds(self._clock())

    # --- the answer path, on the receiver's recording thread: one transaction per batch -----------------

    def accept_all(self, items: Sequence[WecomInbound]) -> list[bool]:
        """Record the messages that arrived together, or stage those that must wait, in one transaction;
        for each, False when its message id was recorded or staged before (a repeated delivery).

        A message waits when it carries a file, or when its sender has a message waiting before it (in
        the table, or earlier in ``items``): a member's messages reach the inbox in the order sent.
        """
        with self._uow() as uow:
            waiting = uow.wecom.users_with_staged({item.inbound.key.external_user_id for item in items})
            waits = []
            for item in items:
                if item.media is not None:
                    waiting.add(item.inbound.key.external_user_id)
                waits.append(item.inbound.key.external_user_id in waiting)
            pairs = list(zip(items, waits, strict=True))
            recorded = iter(self._record(uow.inbox, [item.inbound for item, wait in pairs if not wait]))
            fresh = [self._stage(uow, item) if wait else next(recorded) for item, wait in pairs]
            uow.commit()
        return fresh

    def _stage(self, uow: StagingUnitOfWork, item: WecomInbound) -> bool:
        media = item.media
        return uow.wecom.stage(
            message_id=item.inbound.message_id,
            external_user_id=item.inbound.key.external_user_id,
            payload=encode_inbound(item.inbound),
            media_id=media.media_id if media else "",
            media_kind=media.kind if media else "",
            file_name=media.file_name if media else "",
            now=self._now(),
        )

    # --- afterwards, in a worker thread -----------------------------------------------------------------

    def users_due(self) -> list[str]:
        with self._uow() as uow:
            return uow.wecom.staged_users(self._now())

    def drain(self, external_user_id: str) -> bool:
        """Move this member's staged messages into the inbox in order; False when one must wait (a
        download to retry later), which holds back the ones behind it too."""
        with self._uow() as uow:
            staged = uow.wecom.staged_of(external_user_id)
        for entry in staged:
            if entry.not_before is not None and entry.not_before > self._now():
                return False
            if not self._move(entry):
                return False
        return True

    def purge(self) -> int:
        with self._uow() as uow:
            purged = uow.wecom.purge_staged(self._now() - KEEP_FINISHED)
            uow.commit()
        return purged

    def _move(self, entry: StagedInbound) -> bool:
        inbound = decode_inbound(entry.payload)
        if entry.media_id:
            try:
                media = self._client.call_with_token(
                    lambda: self._client.download_media(entry.media_id, self._max_media_bytes)
                )
            except MediaTooLarge:
                limit_mb = self._max_media_bytes // (1024 * 1024)
                self._drop(entry, "file over the size limit", texts.file_too_large(entry.file_name, limit_mb))
                return True
            except Exception as error:
                if _is_permanent(error) or entry.attempts + 1 >= GIVE_UP_AFTER_ATTEMPTS:
                    self._drop(entry, _describe(error), texts.file_unavailable(entry.file_name))
                    return True
                self._postpone(entry, _describe(error))
                return False
            inbound = replace(inbound, attachment=_attachment(entry, media))
        with self._uow() as uow:
            # False: an earlier try got it there and died before finishing; either way it is in now.
            self._record(uow.inbox, [inbound])
            uow.wecom.finish_staged(entry.id, self._now())
            uow.commit()
        return True

    def _postpone(self, entry: StagedInbound, reason: str) -> None:
        delay = backoff_delay(entry.attempts + 1, base=10.0)
        log.warning(
            "fetching the file of WeCom message %s failed (%s); retrying in %.0f s",
            entry.message_id,
            reason,
            delay,
        )
        with self._uow() as uow:
            uow.wecom.postpone_staged(entry.id, self._now() + timedelta(seconds=delay), reason)
            uow.commit()

    def _drop(self, entry: StagedInbound, reason: str, notice: str) -> None:
        log.warning("dropping WeCom message %s from %s: %s", entry.message_id, entry.external_user_id, reason)
        self._finish(entry, reason)
        if self._notify is not None:
            self._notify(ConversationKey(CHANNEL, entry.external_user_id), notice)

    def _finish(self, entry: StagedInbound, error: str = "") -> None:
        with self._uow() as uow:
            uow.wecom.finish_staged(entry.id, self._now(), error)
            uow.commit()


def _is_permanent(error: Exception) -> bool:
    return (
        isinstance(error, WeChatClientException)
        and error.errcode is not None
        and int(error.errcode) in (UNDELIVERABLE)
    )


def _describe(error: Exception) -> str:
    if isinstance(error, WeChatClientException) and error.errcode is not None:
        return f"errcode {error.errcode}"
    if isinstance(error, WeChatClientException):
        return f"HTTP {getattr(error.response, 'status_code', '?')}"
    return type(error).__name__


def _attachment(entry: StagedInbound, media: DownloadedMedia) -> Attachment:
    mime = media.mime_type
    name = entry.file_name or media.file_name
    if not name:
        extension = mimetypes.guess_extension(mime) or ""
        name = f"{'图片' if entry.media_kind == 'image' else '文件'}{extension}"
    if mime in ("", "application/octet-stream"):
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Attachment(name=name, content=media.content, mime_type=mime)
