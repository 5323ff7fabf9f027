"""A local WeCom server for tests: the API calls fmbot makes, answering as WeCom does, and WeCom's side of
the callback (encrypting and signing messages the way WeCom does before POSTing them to fmbot).

API (under ``base_url``, which carries a path prefix the way a 政务微信 deployment's address may):
``GET cgi-bin/gettoken``, ``POST cgi-bin/message/send``, ``POST cgi-bin/media/upload`` (multipart field
``media``), ``GET cgi-bin/media/get``. Answers are WeCom's JSON ``{"errcode": 0, "errmsg": "ok", ...}``;
media/get answers the file itself with ``Content-Disposition``, or JSON on error.

Scripting: ``fail_next(path, errcode=...)`` (45009 rate limit, -1 busy, …) or ``fail_next(path, status=502)``;
``answer_slowly(path, seconds)`` carries a call out but answers late (the client gives up, WeCom delivered);
``expire_token()`` makes the current access_token answer 42001; ``revoke_token()`` makes it answer 40014;
``unknown_users`` answer 81013. Every request is kept in ``calls``.

WeCom's limits are kept as WeCom keeps them: a message beyond 30 per member a minute or 1,000 an hour is
accepted and silently dropped (listed in ``dropped``); a call beyond 10,000 API calls a minute for the
corporation, or a message/send to more than 1,000 members, is refused (errcode 45009, 40058). Each such
event is also counted in ``limit_errors``. ``latency`` makes every API answer wait that long, as a
distant server would: gettoken and uploads are carried out at once, a message/send after the latency, so
that this fake's own work does not hold up the stamping of the calls arriving beside it.
``delivered_at`` keeps when each message arrived (when its call was received).

WeCom's duplicate check is kept as documented for message/send: a call with ``"enable_duplicate_check": 1``
whose request JSON is the same as one accepted within its ``duplicate_check_interval`` (1,800 s unless
given) is answered as the first was and delivers nothing (counted in ``duplicates_dropped``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp
import xmltodict
from aiohttp import web
from wechatpy.enterprise.crypto import WeChatCrypto

CORP_ID = "ww7e3f0c2a9b1d4e56"
AGENT_ID = 1000002
SECRET = "fmbot-test-secret-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
TOKEN = "fmbotCallbackToken"
AES_KEY = "K1lOdW5ZbGZHcDNqUGVtVGZhdGVzdEtleTEyMzQ1Njc"  # 43 characters, as WeCom generates
BASE_PATH = "/zwwx-api"  # a 政务微信 deployment may serve the API under a path of its own
PER_MEMBER_PER_MINUTE = 30
PER_MEMBER_PER_HOUR = 1_000
CORP_CALLS_PER_MINUTE = 10_000

MAX_TOUSER = 1_000

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def environment(api_base: str) -> dict[str, str]:
    """The settings (FM_WECOM_*) of an fmbot that talks to this fake at ``api_base``."""
    return {
        "FM_WECOM_CORP_ID": CORP_ID,
        "FM_WECOM_AGENT_ID": str(AGENT_ID),
        "FM_WECOM_SECRET": SECRET,
        "FM_WECOM_TOKEN": TOKEN,
        "FM_WECOM_AES_KEY": AES_KEY,
        "FM_WECOM_API_BASE": api_base,
    }


@dataclass(frozen=True)
class Call:
    """One API request as the client sent it."""

    path: str  # after cgi-bin/: "gettoken", "message/send", "media/upload", "media/get"
    query: dict[str, str]
    body: dict[str, Any] | None = None
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)


@dataclass
class _Failure:
    path: str
    errcode: int | None
    status: int | None
    times: int
    after: int


@dataclass(frozen=True)
class Media:
    file_name: str
    content: bytes
    mime_type: str


class FakeWecom:
    def __init__(self, *, latency: float = 0.0) -> None:
        self.base_url = ""  # set once the server listens
        self.latency = latency
        self.calls: list[Call] = []
        self.media: dict[str, Media] = {}
        self.unknown_users: set[str] = set()
        self.dropped: list[dict[str, Any]] = []
        self.limit_errors = 0  # drops and refusals for going beyond WeCom's limits
        self.delivered_at: list[float] = []  # time.monotonic() of each delivered message
        self._corp_calls: deque[float] = deque()
        self._valid_tokens: set[str] = set()
        self._expired_tokens: set[str] = set()
        self._current_token = ""
        self._failures: list[_Failure] = []
        self._ids = itertools.count(1)
        self._recent_sends: dict[str, deque[float]] = defaultdict(deque)
        self._slow: dict[str, list[float]] = {}
        self._checked: dict[str, tuple[float, dict[str, Any]]] = {}  # request JSON → (when, its answer)
        self.duplicates_dropped = 0

    # --- scripting --------------------------------------------------------------------------------

    def fail_next(
        self,
        path: str,
        *,
        errcode: int | None = None,
        status: int | None = None,
        times: int = 1,
        after: int = 0,
    ) -> None:
        """The next ``times`` calls to ``path`` (after letting ``after`` calls through) fail."""
        self._failures.append(_Failure(path, errcode, status, times, after))

    def answer_slowly(self, path: str, seconds: float) -> None:
        """The next call to ``path`` is carried out, but answered only after ``seconds``."""
        self._slow.setdefault(path, []).append(seconds)

    def expire_token(self) -> None:
        """The current access_token runs out before its time (WeCom answers 42001 from now on)."""
        self._valid_tokens.discard(self._current_token)
        self._expired_tokens.add(self._current_token)

    def revoke_token(self) -> None:
        """The current access_token becomes invalid (WeCom answers 40014)."""
        self._valid_tokens.discard(self._current_token)

    def add_user_media(self, content: bytes, file_name: str, mime_type: str) -> str:
        """A file a member sent to the app: it waits on WeCom's side under the returned media_id."""
        media_id = f"user-media-{next(self._ids)}-{'x' * 20}"
        self.media[media_id] = Media(file_name, content, mime_type)
        return media_id

    # --- reading what happened --------------------------------------------------------------------

    def calls_to(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]

    def messages_to(self, user: str) -> list[dict[str, Any]]:
        """What reached the member through message/send (successful calls only), oldest first."""
        return [m for m in self._delivered if m["touser"] == user]

    @property
    def gettoken_calls(self) -> int:
        return len(self.calls_to("gettoken"))

    # --- the server -------------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        self._delivered: list[dict[str, Any]] = []
        app.router.add_get(f"{BASE_PATH}/cgi-bin/gettoken", self._gettoken)
        app.router.add_post(f"{BASE_PATH}/cgi-bin/message/send", self._message_send)
        app.router.add_post(f"{BASE_PATH}/cgi-bin/media/upload", self._media_upload)
        app.router.add_get(f"{BASE_PATH}/cgi-bin/media/get", self._media_get)
        return app

    def _over_corp_limit(self) -> bool:
        """The corporation's 10,000 API calls a minute (gettoken aside: it has a limit of its own)."""
        now = time.monotonic()
        while self._corp_calls and self._corp_calls[0] <= now - 60:
            self._corp_calls.popleft()
        if len(self._corp_calls) >= CORP_CALLS_PER_MINUTE:
            self.limit_errors += 1
            return True
        self._corp_calls.append(now)
        return False

    async def _answer(self, path: str, response: web.Response, *, waited: bool = False) -> web.Response:
        """The call is carried out already; its answer comes after the latency (unless ``waited`` for
        already) and any scripted delay."""
        delay = (0.0 if waited else self.latency) + (self._slow[path].pop(0) if self._slow.get(path) else 0.0)
        if delay:
            await asyncio.sleep(delay)
        return response

    def _scripted(self, path: str) -> web.Response | None:
        for failure in self._failures:
            if failure.path == path and failure.times > 0:
                if failure.after > 0:
                    failure.after -= 1
                    return None
                failure.times -= 1
                if failure.status is not None:
                    return web.Response(status=failure.status, text="<html>upstream error</html>")
                assert failure.errcode is not None
                return _error(failure.errcode, _ERRMSG.get(failure.errcode, "scripted error"))
        return None

    def _token_error(self, request: web.Request) -> web.Response | None:
        token = request.query.get("access_token", "")
        if token in self._expired_tokens:
            return _error(42001, "access_token expired")
        if token not in self._valid_tokens:
            return _error(40014, "invalid access_token")
        return None

    async def _gettoken(self, request: web.Request) -> web.Response:
        self.calls.append(Call("gettoken", dict(request.query)))
        if failure := self._scripted("gettoken"):
            return failure
        if request.query.get("corpid") != CORP_ID:
            return _error(40013, "invalid corpid")
        if request.query.get("corpsecret") != SECRET:
            return _error(40001, "invalid credential")
        self._current_token = f"ACCESS_TOKEN_{next(self._ids)}_" + "t" * 40
        self._valid_tokens.add(self._current_token)
        answer = {"errcode": 0, "errmsg": "ok", "access_token": self._current_token, "expires_in": 7200}
        return await self._answer("gettoken", web.json_response(answer))

    async def _message_send(self, request: web.Request) -> web.Response:
        # A call's messages arrive when the call does. The latency stands for the whole way there and back,
        # and this fake carries a call out (reads its JSON, books a thousand members' limits) after it:
        # done on arrival, its own work would hold up the stamping of the calls arriving beside it, as
        # WeCom's does not.
        received = time.monotonic()
        raw = await request.read()
        if self.latency:
            await asyncio.sleep(self.latency)
        body = json.loads(raw)
        self.calls.append(Call("message/send", dict(request.query), body))
        response, recipients = self._send(request, body)
        for user in recipients:
            self._deliver(user, body, received)
        return await self._answer("message/send", response, waited=True)

    def _send(self, request: web.Request, body: dict[str, Any]) -> tuple[web.Response, list[str]]:
        """The answer to a message/send, and the members who get its message."""
        response = self._refuse_send(request, body)
        if response is not None:
            return response, []
        users = [u for u in str(body.get("touser", "")).split("|") if u]
        invalid = [u for u in users if u in self.unknown_users]
        if (earlier := self._same_request_within_interval(body)) is not None:
            self.duplicates_dropped += 1
            return web.json_response(earlier), []
        answer = {
            "errcode": 0,
            "errmsg": "ok",
            "invaliduser": "|".join(invalid),
            "msgid": f"msg-{next(self._ids)}",
        }
        if body.get("enable_duplicate_check") == 1:
            self._checked[_request_key(body)] = (time.monotonic(), answer)
        return web.json_response(answer), [u for u in users if u not in invalid]

    def _refuse_send(self, request: web.Request, body: dict[str, Any]) -> web.Response | None:
        """WeCom's refusal of a message/send, if it refuses it."""
        if (failure := self._token_error(request)) or (failure := self._scripted("message/send")):
            return failure
        if self._over_corp_limit():
            return _error(45009, "api freq out of limit")
        if body.get("agentid") != AGENT_ID:
            return _error(40056, "invalid agentid")
        msgtype = body.get("msgtype")
        if msgtype not in ("text", "markdown", "textcard", "file", "image") or msgtype not in body:
            return _error(40008, "invalid message type")
        if msgtype in ("file", "image") and body[msgtype].get("media_id") not in self.media:
            return _error(40007, "invalid media_id")
        users = [u for u in str(body.get("touser", "")).split("|") if u]
        if len(users) > MAX_TOUSER:
            self.limit_errors += 1
            return _error(40058, "touser exceed max count")
        if users and all(u in self.unknown_users for u in users):
            return _error(81013, "user & party & tag all invalid")
        return None

    def _same_request_within_interval(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """The answer to an identical request accepted within this one's duplicate-check interval."""
        if body.get("enable_duplicate_check") != 1:
            return None
        earlier = self._checked.get(_request_key(body))
        interval = float(body.get("duplicate_check_interval", 1800))
        if earlier is None or time.monotonic() - earlier[0] >= interval:
            return None
        return earlier[1]

    def _deliver(self, user: str, body: dict[str, Any], now: float) -> None:
        recent = self._recent_sends[user]
        while recent and recent[0] <= now - 3600:
            recent.popleft()
        recent.append(now)
        last_minute = sum(1 for t in recent if t > now - 60)
        message = {**body, "touser": user}
        if last_minute > PER_MEMBER_PER_MINUTE or len(recent) > PER_MEMBER_PER_HOUR:
            self.dropped.append(message)  # WeCom accepts the call and drops the message silently
            self.limit_errors += 1
        else:
            self._delivered.append(message)
            self.delivered_at.append(now)

    async def _media_upload(self, request: web.Request) -> web.Response:
        files: dict[str, tuple[str, bytes, str]] = {}
        reader = await request.multipart()
        async for part in reader:
            if isinstance(part, aiohttp.BodyPartReader) and part.name:
                files[part.name] = (
                    part.filename or "",
                    bytes(await part.read()),
                    part.headers.get("Content-Type", ""),
                )
        self.calls.append(Call("media/upload", dict(request.query), None, files))
        return await self._answer("media/upload", self._upload(request, files))

    def _upload(self, request: web.Request, files: dict[str, tuple[str, bytes, str]]) -> web.Response:
        if (failure := self._token_error(request)) or (failure := self._scripted("media/upload")):
            return failure
        if self._over_corp_limit():
            return _error(45009, "api freq out of limit")
        if "media" not in files:
            return _error(41005, "media data missing")
        name, content, mime = files["media"]
        if len(content) < 5:
            return _error(40006, "invalid media size")
        media_id = f"uploaded-{next(self._ids)}-{'m' * 30}"
        self.media[media_id] = Media(name, content, mime)
        kind = request.query.get("type", "file")
        return web.json_response(
            {
                "errcode": 0,
                "errmsg": "ok",
                "type": kind,
                "media_id": media_id,
                "created_at": str(int(time.time())),
            }
        )

    async def _media_get(self, request: web.Request) -> web.Response:
        self.calls.append(Call("media/get", dict(request.query)))
        if (failure := self._token_error(request)) or (failure := self._scripted("media/get")):
            return failure
        media = self.media.get(request.query.get("media_id", ""))
        if media is None:
            return _error(40007, "invalid media_id")
        return web.Response(
            body=media.content,
            content_type=media.mime_type,
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(media.file_name)}"},
        )


_ERRMSG = {
    -1: "system busy",
    42001: "access_token expired",
    40014: "invalid access_token",
    45009: "reach max api daily quota limit",
    60020: "not allow to access from your ip",
}


def _request_key(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


def _error(errcode: int, errmsg: str) -> web.Response:
    return web.json_response({"errcode": errcode, "errmsg": f"{errmsg}, hint: [fake]"})


# --- WeCom's side of the callback -----------------------------------------------------------------


class CallbackSigner:
    """Encrypts and signs callbacks exactly as WeCom does: AES-CBC with the EncodingAESKey, the corp id sealed
    inside, and msg_signature = SHA-1 over sorted (Token, timestamp, nonce, ciphertext)."""

    def __init__(self, token: str = TOKEN, aes_key: str = AES_KEY, corp_id: str = CORP_ID) -> None:
        self._crypto = WeChatCrypto(token, aes_key, corp_id)
        self._nonces = itertools.count(1)

    def post(
        self, xml: str, timestamp: int | None = None, agent_id: int = AGENT_ID
    ) -> tuple[dict[str, str], bytes]:
        """The query string and body of a POST callback carrying ``xml``."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = f"nonce{next(self._nonces)}"
        envelope = _envelope_fields(self._crypto.encrypt_message(xml, nonce, stamp))
        body = (
            f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
            f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt>"
            f"<AgentID><![CDATA[{agent_id}]]></AgentID></xml>"
        ).encode()
        query = {"msg_signature": envelope["MsgSignature"], "timestamp": stamp, "nonce": nonce}
        return query, body

    def verify_url(self, plaintext: str, timestamp: int | None = None) -> dict[str, str]:
        """The query string of WeCom's GET URL check, whose echostr decrypts to ``plaintext``."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = f"nonce{next(self._nonces)}"
        envelope = _envelope_fields(self._crypto.encrypt_message(plaintext, nonce, stamp))
        return {
            "msg_signature": envelope["MsgSignature"],
            "timestamp": stamp,
            "nonce": nonce,
            "echostr": envelope["Encrypt"],
        }


def _envelope_fields(xml: str) -> dict[str, str]:
    return dict(xmltodict.parse(xml)["xml"])


# --- callback payloads, as WeCom writes them ------------------------------------------------------


def text_xml(
    user: str,
    content: str,
    msg_id: str,
    create_time: int,
    *,
    to: str = CORP_ID,
    agent_id: int | str = AGENT_ID,
) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId><AgentID>{agent_id}</AgentID></xml>"
    )


def file_xml(user: str, media_id: str, file_name: str, msg_id: str, create_time: int) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[file]]></MsgType>"
        f"<MediaId><![CDATA[{media_id}]]></MediaId><FileName><![CDATA[{file_name}]]></FileName>"
        f"<MsgId>{msg_id}</MsgId><AgentID>{AGENT_ID}</AgentID></xml>"
    )


def image_xml(user: str, media_id: str, msg_id: str, create_time: int) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[image]]></MsgType>"
        f"<PicUrl><![CDATA[http://127.0.0.1/pic]]></PicUrl><MediaId><![CDATA[{media_id}]]></MediaId>"
        f"<MsgId>{msg_id}</MsgId><AgentID>{AGENT_ID}</AgentID></xml>"
    )


def click_xml(user: str, key: str, create_time: int) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[click]]></Event><EventKey><![CDATA[{key}]]></EventKey><AgentID>{AGENT_ID}</AgentID></xml>"
    )


def template_card_xml(user: str, key: str, create_time: int, task_id: str = "task-1") -> str:
    return (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[{key}]]></EventKey>"
        f"<TaskId><![CDATA[{task_id}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>"
        f"<ResponseCode><![CDATA[code-1]]></ResponseCode><AgentID>{AGENT_ID}</AgentID></xml>"
    )


def enter_agent_xml(user: str, create_time: int) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>{AGENT_ID}</AgentID></xml>"
    )
