"""A local Telegram Bot API server for tests: the methods fmbot uses, answering exactly as Telegram does.

It speaks the real wire format, so the real aiogram client runs against it unchanged: requests arrive as
``/bot<token>/<method>`` (form, multipart or JSON), files are downloaded from ``/file/bot<token>/<path>``,
answers are ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., "description": ...}``.

The test plays the users: ``await fake.user_says(chat_id, "...")`` queues the update for ``getUpdates``
or, once a webhook is set, POSTs it to the webhook with the secret header, as Telegram does. Every call
the bot makes is recorded in ``fake.calls``; ``fake.fail_next(...)`` scripts Telegram's errors (429 with
``retry_after``, 5xx, network drops) and ``fake.block(chat_id)`` makes a user block the bot.

``FakeTelegram(enforce_limits=True)`` keeps Telegram's flood limits the way Telegram does: a message
beyond 30 a second in all, or beyond one a second to one chat, is refused with 429 and ``retry_after``
(counted in ``limit_errors``); ``latency`` makes every answer wait that long after the call took effect.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

TOKEN = "123456789:AAH-fake-token-for-tests_0123456789a"
BOT_ID = 123456789
BOT_USERNAME = "fmbot_test_bot"

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Call:
    """One Bot API request as the bot sent it."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def json_param(self, name: str) -> Any:
        """A parameter that aiogram serialises as JSON text (reply_markup, allowed_updates, commands)."""
        value = self.params.get(name)
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class _Failure:
    method: str
    status: int | None  # None: drop the connection without an answer
    body: dict[str, Any] | str
    chat_id: str | None
    times: int
    skip: int = 0


def error_body(code: int, description: str, **parameters: int) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


TOO_MANY_REQUESTS = 429
MESSAGES_PER_SECOND = 30
SENDING_METHODS = frozenset({"sendmessage", "senddocument"})
BLOCKED = error_body(403, "Forbidden: bot was blocked by the user")
CHAT_NOT_FOUND = error_body(400, "Bad Request: chat not found")
# What Telegram's front end answers when the Bot API back end is down: HTML, not JSON.
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
)


class FakeTelegram:
    """State of the fake Bot API: users, chats, messages, files, queued updates and recorded calls."""

    def __init__(self, *, enforce_limits: bool = False, latency: float = 0.0) -> None:
        self.enforce_limits = enforce_limits
        self.latency = latency
        self.limit_errors = 0
        self.sent_at: list[float] = []  # time.monotonic() of each message accepted
        self.refused_at: list[float] = []  # … and of each refused for going beyond the limits
        self._recent: collections.deque[float] = collections.deque()
        self._last_by_chat: dict[str, float] = {}
        self.token = TOKEN
        self.base_url = ""  # set once the server listens
        self.calls: list[Call] = []
        self.webhook_url = ""
        self.webhook_secret = ""
        self.commands: list[dict[str, str]] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(500_000_001)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._failures: list[_Failure] = []
        self._blocked: set[int] = set()
        self._users: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat id, message id) -> Message
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self._client: aiohttp.ClientSession | None = None
        self.delivered: list[dict[str, Any]] = []  # every update sent, for resending
        self.last_webhook_status: int | None = None

    # --- the users' side ----------------------------------------------------------------------------

    def user(self, chat_id: int, first_name: str = "测试用户") -> dict[str, Any]:
        return self._users.setdefault(
            chat_id, {"id": chat_id, "is_bot": False, "first_name": first_name, "language_code": "zh-hans"}
        )

    async def user_says(self, chat_id: int, text: str) -> int:
        """The user types ``text``; returns the update_id. In webhook mode the webhook's HTTP status is in
        ``self.last_webhook_status``."""
        message = self._user_message(chat_id)
        message["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"offset": 0, "length": len(command), "type": "bot_command"}]
        return await self._emit({"message": message})

    async def user_says_in_group(self, group_id: int, chat_id: int, text: str) -> int:
        message = self._user_message(chat_id)
        message["chat"] = {"id": group_id, "title": "测试群", "type": "supergroup"}
        message["text"] = text
        return await self._emit({"message": message})

    async def user_sends_document(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        mime_type: str = DOCX_MIME,
        caption: str | None = None,
        declared_size: int | None = None,
    ) -> int:
        file_id = self._store_file(
            f"documents/file_{len(self.files)}.{file_name.rpartition('.')[2]}", content
        )
        message = self._user_message(chat_id)
        message["document"] = {
            "file_name": file_name,
            "mime_type": mime_type,
            "file_id": file_id,
            "file_unique_id": f"AgAD{file_id[-6:]}",
            "file_size": len(content) if declared_size is None else declared_size,
        }
        if caption:
            message["caption"] = caption
        return await self._emit({"message": message})

    async def user_sends_sticker(self, chat_id: int) -> int:
        message = self._user_message(chat_id)
        message["sticker"] = {
            "file_id": "CAACAgIAAxkBAAEBsticker",
            "file_unique_id": "AgADsticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return await self._emit({"message": message})

    async def user_presses(self, chat_id: int, label: str, message_id: int | None = None) -> int:
        """The user taps the button labelled ``label`` on the bot's latest message that still shows it."""
        message = self._message_with_button(chat_id, label, message_id)
        data = next(
            button["callback_data"]
            for row in message["reply_markup"]["inline_keyboard"]
            for button in row
            if button["text"] == label
        )
        return await self.user_sends_callback(chat_id, data, message)

    async def user_sends_callback(
        self, chat_id: int, data: str, message: dict[str, Any] | None = None
    ) -> int:
        callback = {
            "id": f"{4382000000000000000 + next(self._callback_ids)}",
            "from": self.user(chat_id),
            "chat_instance": f"-{8901234567890000000 + chat_id}",
            "data": data,
        }
        if message is not None:
            callback["message"] = message
        return await self._emit({"callback_query": callback})

    async def resend(self, update_id: int) -> int:
        """Deliver an update again, as Telegram does when it did not get an answer in time."""
        update = next(u for u in self.delivered if u["update_id"] == update_id)
        return await self._deliver(update)

    def restart_numbering(self, next_update_id: int) -> None:
        """Telegram picks the next update_id at random after a week without updates: ids may repeat."""
        self._update_ids = itertools.count(next_update_id)

    def sent_message_key(self, update_id: int) -> tuple[int, int]:
        """(chat id, message id) of the user's message that an update carried."""
        message = next(u for u in self.delivered if u["update_id"] == update_id)["message"]
        return message["chat"]["id"], message["message_id"]

    # --- what the bot did ----------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        """Messages the bot sent to the chat, oldest first, as they are now (edits applied)."""
        return [
            m for (chat, _), m in sorted(self.messages.items()) if chat == chat_id and m["from"]["is_bot"]
        ]

    def texts_to(self, chat_id: int) -> list[str]:
        return [m.get("text", m.get("caption", "")) for m in self.sent_to(chat_id)]

    # --- scripting Telegram's behaviour ------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int | None,
        body: dict[str, Any] | str | None = None,
        *,
        chat_id: int | None = None,
        times: int = 1,
        skip: int = 0,
    ) -> None:
        """After ``skip`` more successful calls, the next ``times`` calls of ``method`` (to ``chat_id`` if
        given) fail with this answer; ``status=None`` drops the connection instead of answering."""
        if body is None and status is not None:
            body = error_body(status, {500: "Internal Server Error"}.get(status, "Error"))
        self._failures.append(
            _Failure(method, status, body or "", None if chat_id is None else str(chat_id), times, skip)
        )

    def flood_next(
        self, method: str, retry_after: int = 1, *, chat_id: int | None = None, skip: int = 0
    ) -> None:
        """Telegram's flood control, word for word: 429 with ``parameters.retry_after``."""
        body = error_body(
            TOO_MANY_REQUESTS, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
        )
        self.fail_next(method, TOO_MANY_REQUESTS, body, chat_id=chat_id, skip=skip)

    def block(self, chat_id: int) -> None:
        self._blocked.add(chat_id)

    # --- internals: users' updates ---------------------------------------------------------------

    def _user_message(self, chat_id: int) -> dict[str, Any]:
        user = self.user(chat_id)
        message_id = self._next_message_id(chat_id)
        message = {
            "message_id": message_id,
            "from": user,
            "chat": {"id": chat_id, "first_name": user["first_name"], "type": "private"},
            "date": int(time.time()),
        }
        self.messages[(chat_id, message_id)] = message
        return message

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _store_file(self, path: str, content: bytes) -> str:
        file_id = f"BQACAgUAAxkBAAIB{next(self._file_ids):06d}"
        self.files[file_id] = (path, content)
        return file_id

    async def _emit(self, body: dict[str, Any]) -> int:
        update = {"update_id": next(self._update_ids), **body}
        self.delivered.append(update)
        await self._deliver(update)
        return update["update_id"]

    async def _deliver(self, update: dict[str, Any]) -> int:
        if not self.webhook_url:
            self._updates.append(update)
            self._new_update.set()
            return update["update_id"]
        assert self._client is not None
        async with self._client.post(
            self.webhook_url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret}
        ) as response:
            await response.read()
            self.last_webhook_status = response.status
        return update["update_id"]

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates with a higher offset."""
        return list(self._updates)

    def _message_with_button(self, chat_id: int, label: str, message_id: int | None) -> dict[str, Any]:
        for message in reversed(self.sent_to(chat_id)):
            if message_id is not None and message["message_id"] != message_id:
                continue
            rows = message.get("reply_markup", {}).get("inline_keyboard", [])
            if any(button["text"] == label for row in rows for button in row):
                return message
        raise AssertionError(f"no message to {chat_id} shows a button {label!r}")

    # --- internals: the Bot API ------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        return app

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _answer(error_body(401, "Unauthorized"), 401)
        method = request.match_info["method"]
        params, files = await _read_params(request)
        self.calls.append(Call(method, params, files))
        failure = self._take_failure(method, params)
        if failure is not None:
            if failure.status is None:
                assert request.transport is not None
                request.transport.close()  # the connection drops: aiohttp sees ServerDisconnectedError
                return web.Response()
            if isinstance(failure.body, str):
                return web.Response(status=failure.status, text=failure.body, content_type="text/html")
            return _answer(failure.body, failure.status)
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return _answer(error_body(404, "Not Found"), 404)
        sending = method.lower() in SENDING_METHODS
        if sending and (flooded := self._flooded(str(params.get("chat_id")))):
            return await self._later(_answer(flooded, TOO_MANY_REQUESTS))
        result = await handler(params, files)
        if isinstance(result, tuple):
            return await self._later(_answer(*result))
        if sending:
            self.sent_at.append(time.monotonic())
        return await self._later(_answer({"ok": True, "result": result}))

    async def _later(self, response: web.Response) -> web.Response:
        if self.latency:
            await asyncio.sleep(self.latency)
        return response

    def _flooded(self, chat_id: str) -> dict[str, Any] | None:
        """Telegram's 429 when this message would go beyond its limits (and enforcing them is on)."""
        if not self.enforce_limits:
            return None
        now = time.monotonic()
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if (
            len(self._recent) >= MESSAGES_PER_SECOND
            or now - self._last_by_chat.get(chat_id, float("-inf")) < 1.0
        ):
            self.limit_errors += 1
            self.refused_at.append(now)
            return error_body(TOO_MANY_REQUESTS, "Too Many Requests: retry after 1", retry_after=1)
        self._recent.append(now)
        self._last_by_chat[chat_id] = now
        return None

    def _take_failure(self, method: str, params: dict[str, Any]) -> _Failure | None:
        for failure in self._failures:
            if failure.method.lower() == method.lower() and failure.chat_id in (
                None,
                str(params.get("chat_id")),
            ):
                if failure.skip:
                    failure.skip -= 1
                    return None
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                return failure
        return None

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _answer(error_body(401, "Unauthorized"), 401)
        path = request.match_info["path"]
        self.calls.append(Call("<download>", {"path": path}))
        for file_path, content in self.files.values():
            if file_path == path:
                return web.Response(body=content, content_type="application/octet-stream")
        return _answer(error_body(404, "Not Found"), 404)

    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "职能管理助手", "username": BOT_USERNAME}

    async def _m_getme(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_getupdates(self, params: dict[str, Any], files: Any) -> Any:
        if self.webhook_url:
            return error_body(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            ), 409
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        if not self._updates and timeout > 0:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), timeout)
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    async def _m_setwebhook(self, params: dict[str, Any], files: Any) -> Any:
        url = str(params.get("url", ""))
        if url and not url.startswith("https://") and not url.startswith("http://127.0.0.1"):
            return error_body(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"), 400
        self.webhook_url = url
        self.webhook_secret = str(params.get("secret_token", ""))
        return {"ok": True, "result": True, "description": "Webhook was set"}, 200

    async def _m_deletewebhook(self, params: dict[str, Any], files: Any) -> Any:
        was_set = bool(self.webhook_url)
        self.webhook_url = ""
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._updates.clear()
        description = "Webhook was deleted" if was_set else "Webhook is already deleted"
        return {"ok": True, "result": True, "description": description}, 200

    async def _m_setmycommands(self, params: dict[str, Any], files: Any) -> Any:
        self.commands = json.loads(params["commands"])
        return True

    def _check_chat(self, params: dict[str, Any]) -> tuple[dict[str, Any], int] | None:
        try:
            chat_id = int(params.get("chat_id", ""))
        except ValueError:
            return error_body(400, "Bad Request: chat not found"), 400
        if chat_id in self._blocked:
            return BLOCKED, 403
        if chat_id not in self._users:
            return CHAT_NOT_FOUND, 400
        return None

    def _check_markup(self, params: dict[str, Any]) -> tuple[dict[str, Any], int] | None:
        markup = json.loads(params["reply_markup"]) if params.get("reply_markup") else {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data", "")
                if not 1 <= len(data.encode()) <= 64:
                    return error_body(400, "Bad Request: BUTTON_DATA_INVALID"), 400
        return None

    def _bot_message(self, chat_id: int, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        user = self._users[chat_id]
        message = {
            "message_id": self._next_message_id(chat_id),
            "from": self._bot_user(),
            "chat": {"id": chat_id, "first_name": user["first_name"], "type": "private"},
            "date": int(time.time()),
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = json.loads(params["reply_markup"])
        self.messages[(chat_id, message["message_id"])] = message
        return message

    async def _m_sendmessage(self, params: dict[str, Any], files: Any) -> Any:
        error = self._check_chat(params) or self._check_markup(params)
        if error:
            return error
        text = str(params.get("text", ""))
        if not text.strip():
            return error_body(400, "Bad Request: message text is empty"), 400
        if len(text) > 4096:
            return error_body(400, "Bad Request: message is too long"), 400
        return self._bot_message(int(params["chat_id"]), params, text=text)

    async def _m_senddocument(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:
        error = self._check_chat(params) or self._check_markup(params)
        if error:
            return error
        reference = str(params.get("document", ""))
        if not reference.startswith("attach://") or reference.removeprefix("attach://") not in files:
            return error_body(400, "Bad Request: wrong file identifier/HTTP URL specified"), 400
        file_name, content = files[reference.removeprefix("attach://")]
        if not content:
            return error_body(400, "Bad Request: file must be non-empty"), 400
        file_id = self._store_file(f"documents/sent_{file_name}", content)
        content_fields: dict[str, Any] = {
            "document": {
                "file_name": file_name,
                "mime_type": "application/octet-stream",
                "file_id": file_id,
                "file_unique_id": f"AgAD{file_id[-6:]}",
                "file_size": len(content),
            }
        }
        if params.get("caption"):
            content_fields["caption"] = params["caption"]
        return self._bot_message(int(params["chat_id"]), params, **content_fields)

    async def _m_answercallbackquery(self, params: dict[str, Any], files: Any) -> Any:
        if not params.get("callback_query_id"):
            return error_body(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            ), 400
        return True

    async def _m_editmessagereplymarkup(self, params: dict[str, Any], files: Any) -> Any:
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        message = self.messages.get(key)
        if message is None:
            return error_body(400, "Bad Request: message to edit not found"), 400
        new_markup = json.loads(params["reply_markup"]) if params.get("reply_markup") else None
        if new_markup == message.get("reply_markup"):
            return error_body(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            ), 400
        if new_markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = new_markup
        message["edit_date"] = int(time.time())
        return message

    async def _m_getfile(self, params: dict[str, Any], files: Any) -> Any:
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            return error_body(400, "Bad Request: invalid file_id"), 400
        path, content = self.files[file_id]
        if len(content) > 20 * 1024 * 1024:
            return error_body(400, "Bad Request: file is too big"), 400
        return {
            "file_id": file_id,
            "file_unique_id": f"AgAD{file_id[-6:]}",
            "file_size": len(content),
            "file_path": path,
        }


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        params = await request.json()
    elif request.can_read_body:
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = (value.filename, value.file.read())
            else:
                params[name] = value
    params.update({k: v for k, v in request.query.items() if k not in params})
    return params, files


def _answer(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(body, status=status)


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A running fake Bot API on 127.0.0.1; ``fake.base_url`` is what FM_TELEGRAM_API_BASE would be."""
    fake = FakeTelegram()
    runner = web.AppRunner(fake.app(), handle_signals=False, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.base_url = f"http://127.0.0.1:{port}"
    fake._client = aiohttp.ClientSession()
    try:
        yield fake
    finally:
        await fake._client.close()
        await runner.cleanup()
