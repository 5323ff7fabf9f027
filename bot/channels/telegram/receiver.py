"""The Telegram channel's receiving side: an aiogram Dispatcher whose handlers turn updates into the engine's
``Inbound`` messages, record them, and have them handled in the background.

Both modes go through :meth:`TelegramChannel.accept`: when it returns, the update's message is recorded in
the inbox (or was already), so the caller may acknowledge the update — by answering the webhook call, or by
moving the getUpdates offset past it. A failure raises instead, and the update is not acknowledged:
Telegram sends it again.

What taking an update in writes (its message, that it was handled) is written on the channel's own
recording thread (``bot.channels.batch_recorder``), never in a pool the turns use; the messages of
updates that arrive together are recorded in one transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

import aiohttp
from aiogram import Bot, Dispatcher, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import BotCommand, CallbackQuery, Message, Update

from bot.channels.batch_recorder import BatchRecorder
from bot.channels.kit import Notify, Process, RecordAll
from bot.channels.telegram import texts
from bot.channels.telegram.background import Background, KeyedRunner, call_off_loop
from bot.channels.telegram.inbound import callback_id_of, command_text, conversation_key, message_id_of
from bot.channels.telegram.store import TelegramStore
from bot.clock import Clock, utc_now
from conversations import Attachment, ConversationKey, Inbound

log = logging.getLogger("fmbot.telegram")


# The Bot API lets bots download files up to 20 MB; work documents are far smaller.
DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
DOWNLOAD_TIMEOUT_S = 60
_FORGET_EVERY_S = 3600.0


class DownloadFailed(Exception):
    """A document could not be fetched now; the update is not acknowledged and comes again."""


class TelegramChannel:
    """Receives Telegram updates for the engine.

    ``record(inbounds) -> [bool]`` puts messages in the engine's inbox in one transaction (False: already
    there), run on the channel's recording thread; ``process(key)`` has the engine handle that account's
    recorded messages; ``notify(key, text)`` tells a user why a message was not taken. These two may be a
    plain function (run in a thread, as storage is synchronous) or a coroutine function.
    """

    def __init__(
        self,
        bot: Bot,
        store: TelegramStore,
        *,
        record: RecordAll,
        process: Process,
        max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
        commands: Sequence[tuple[str, str]] = texts.COMMAND_MENU,
        notify: Notify | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.bot = bot
        self.store = store
        self._recorder: BatchRecorder[Inbound, bool] = BatchRecorder(record, name="fmbot-telegram-recorder")
        self.max_attachment_bytes = max_attachment_bytes
        self.commands = tuple(commands)
        self._clock = clock
        self._notify = notify or self._send_notice
        self.background = Background()
        self._runner = KeyedRunner(process, self.background)
        self._last_forget = float("-inf")
        self.dispatcher = Dispatcher(name="fmbot")
        self.dispatcher.include_router(self._router())

    def _router(self) -> Router:
        router = Router(name="fmbot-telegram")
        # Liaisons and staff talk to fmbot one to one; a group it was added to is not an account.
        router.message.register(self._on_message, F.chat.type == ChatType.PRIVATE)
        router.callback_query.register(self._on_callback)
        return router

    @property
    def update_types(self) -> list[str]:
        """The update kinds fmbot handles (``allowed_updates`` for getUpdates and setWebhook)."""
        return self.dispatcher.resolve_used_update_types()

    # --- lifecycle -----------------------------------------------------------------------------------

    async def start(self) -> None:
        """Set the command menu (in Chinese). A failure is logged: the bot works without a menu."""
        menu = [BotCommand(command=name, description=description) for name, description in self.commands]
        try:
            await self.bot.set_my_commands(menu)
        except TelegramAPIError as error:
            log.warning("could not set the Telegram command menu: %s", error)

    async def close(self) -> None:
        """Finish what was acknowledged, then close the HTTP session."""
        await self.background.drain()
        await self._recorder.close()
        await self.bot.session.close()

    # --- taking updates in ---------------------------------------------------------------------------

    async def accept(self, update: Update) -> None:
        """Take one update in. Returning means it may be acknowledged; raising means it must not be."""
        bot_id, update_id = self.bot.id, update.update_id
        if await self._recorder.run(self.store.is_update_handled, bot_id, update_id):
            log.info("Telegram update %s was already handled; ignored", update_id)
            return
        await self.dispatcher.feed_update(self.bot, update)
        await self._recorder.run(self.store.mark_update_handled, bot_id, update_id, self._clock())
        self._forget_expired_now_and_then()

    def _forget_expired_now_and_then(self) -> None:
        if time.monotonic() - self._last_forget >= _FORGET_EVERY_S:
            self._last_forget = time.monotonic()
            self.background.spawn(call_off_loop(self.store.forget_expired, self._clock()), "forget expired")

    async def _take(self, inbound: Inbound) -> bool:
        fresh = await self._recorder.record(inbound)
        # Also on a duplicate: if a previous process recorded it and died, this gets it handled now.
        self._runner.request(inbound.key)
        return bool(fresh)

    async def _on_message(self, message: Message, event_update: Update) -> None:
        attachment: Attachment | None = None
        if message.document is not None:
            attachment = await self._fetch_document(message)
            if attachment is None:
                return
            text = message.caption or ""
        elif message.text is not None:
            text = command_text(message.text)
        else:
            await self._tell(message.chat.id, texts.UNSUPPORTED_MESSAGE)
            return
        inbound = Inbound(
            key=conversation_key(message.chat.id),
            message_id=message_id_of(message.chat.id, message.message_id),
            received_at=message.date,
            text=text,
            attachment=attachment,
        )
        await self._take(inbound)

    async def _on_callback(self, callback: CallbackQuery, event_update: Update) -> None:
        payload = await self._recorder.run(self.store.payload_for, callback.data) if callback.data else None
        if payload is None:
            self.background.spawn(self._answer(callback, texts.BUTTON_EXPIRED, alert=True), "answer callback")
            return
        chat_id = callback.message.chat.id if callback.message else callback.from_user.id
        inbound = Inbound(
            key=conversation_key(chat_id),
            message_id=callback_id_of(callback.id),
            received_at=self._clock(),
            choice=payload,
        )
        if await self._take(inbound):
            self.background.spawn(self._answer(callback, texts.BUTTON_RECEIVED), "answer callback")
            if isinstance(callback.message, Message) and callback.message.reply_markup is not None:
                self.background.spawn(self._remove_keyboard(callback.message), "remove keyboard")

    # --- files ---------------------------------------------------------------------------------------

    async def _fetch_document(self, message: Message) -> Attachment | None:
        """The document as an Attachment, or None after telling the user why it cannot be taken.

        Network and server errors propagate: the update is then not acknowledged and comes again."""
        document = message.document
        assert document is not None
        limit = self.max_attachment_bytes
        if document.file_size and document.file_size > limit:
            await self._refuse_file(message, document.file_size)
            return None
        try:
            file = await self.bot.get_file(document.file_id)
        except TelegramBadRequest as error:
            # "file is too big" (over the Bot API's 20 MB) or an id Telegram no longer knows: a resend of
            # the same update cannot succeed, so it is answered rather than retried.
            log.warning("Telegram refused getFile for a document from %s: %s", message.chat.id, error.message)
            await self._tell(
                message.chat.id,
                texts.file_too_large(document.file_size, limit)
                if "too big" in error.message
                else texts.FILE_NOT_RECEIVED,
            )
            return None
        if (file.file_size and file.file_size > limit) or not file.file_path:
            await self._refuse_file(message, file.file_size)
            return None
        try:
            buffer = await self.bot.download_file(file.file_path, timeout=DOWNLOAD_TIMEOUT_S)
        except aiohttp.ClientResponseError as error:
            # Its text would carry the file URL, and with it the bot token: keep neither in the logs.
            raise DownloadFailed(f"file download answered HTTP {error.status}") from None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DownloadFailed(f"file download failed: {type(error).__name__}") from None
        content = buffer.read() if buffer is not None else b""
        if len(content) > limit:
            await self._refuse_file(message, len(content))
            return None
        return Attachment(
            name=document.file_name or "文件",
            content=content,
            mime_type=document.mime_type or "application/octet-stream",
        )

    async def _refuse_file(self, message: Message, size: int | None) -> None:
        log.info(
            "document of %s bytes from %s refused (limit %s)",
            size,
            message.chat.id,
            self.max_attachment_bytes,
        )
        await self._tell(message.chat.id, texts.file_too_large(size, self.max_attachment_bytes))

    # --- courtesies: notices (through ``notify``) and callback answers, outside any conversation turn ---

    async def _tell(self, chat_id: int, text: str) -> None:
        # Before the update is acknowledged, like a recorded message: the notice is not lost either.
        await call_off_loop(self._notify, conversation_key(chat_id), text)

    async def _send_notice(self, key: ConversationKey, text: str) -> None:
        """Without a ``notify``: straight through the Bot API (the composition root passes
        ``bot.channels.outbox_notice`` so that notices, too, leave through the outbox and its flood
        limits)."""
        try:
            await self.bot.send_message(int(key.external_user_id), text)
        except TelegramAPIError as error:
            log.warning("could not tell %s about an unusable message: %s", key, error)

    async def _answer(self, callback: CallbackQuery, text: str, *, alert: bool = False) -> None:
        try:
            await self.bot.answer_callback_query(callback.id, text=text, show_alert=alert)
        except TelegramAPIError as error:
            # An old query ("query is too old") cannot be answered any more; nothing is lost.
            log.info("callback query %s not answered: %s", callback.id, error)

    async def _remove_keyboard(self, message: Message) -> None:
        try:
            await self.bot.edit_message_reply_markup(chat_id=message.chat.id, message_id=message.message_id)
        except TelegramAPIError as error:
            log.info("keyboard of message %s not removed: %s", message.message_id, error)
