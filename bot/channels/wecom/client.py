"""wechatpy's WeCom client, fixed for fmbot: one API address for everything, a token shared in the database.

wechatpy 1.8.18 gets three things wrong for us, all corrected here:

* ``fetch_access_token`` calls the fixed public ``https://qyapi.weixin.qq.com/cgi-bin/gettoken`` whatever
  ``API_BASE_URL`` says, and so does ``media.get_url``; a 政务微信 deployment cannot reach that address.
  Here gettoken and media/get go to the configured base like every other call.
* Its ``access_token`` trusts a stored token forever unless this very process fetched it (the expiry lives
  in the client object). Here the expiry comes from the database, the token is renewed
  ``refresh_margin`` seconds before it runs out, and a lease makes one process fetch while the others keep
  using the old token or wait a moment for the new one: WeCom blocks apps that call gettoken too often.
* Its automatic retry after 40014 / 42001 fetches a new token unconditionally and recurses without
  limit. Here (``call_with_token``) the failed token is expired only if it is still the stored one, then
  the call is retried once.

And ``message/send``, the call a fan-out makes ten at once, goes a shorter way (``send_message``): its
body is encoded before the token is asked for, and requests is handed the proxies read from the
environment once, not rescanned per call. After the token arrives, each call's own work is what stands
between it and the next one's start: the sending threads take turns with the interpreter's lock.

The client is synchronous (requests); the channel runs it in a worker thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import unquote

import requests
from requests.utils import get_environ_proxies
from wechatpy.enterprise.client import WeChatClient
from wechatpy.exceptions import WeChatClientException

from bot.channels.wecom.config import WecomConfig
from bot.channels.wecom.store import DatabaseSessionStorage

log = logging.getLogger("fmbot.wecom")

TOKEN_ERRORS = frozenset({40014, 42001})  # invalid access_token, access_token expired
T = TypeVar("T")


class TokenUnavailable(Exception):
    """Another process holds the refresh lease and no usable token appeared in time."""


@dataclass(frozen=True)
class DownloadedMedia:
    content: bytes
    file_name: str
    mime_type: str


class MediaTooLarge(Exception):
    pass


class WecomClient(WeChatClient):  # type: ignore[misc]  # wechatpy is untyped
    def __init__(
        self,
        config: WecomConfig,
        session: DatabaseSessionStorage,
        *,
        timeout: float = 10.0,
        refresh_margin: float = 300.0,
        lease_seconds: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(config.corp_id, config.secret, session=session, timeout=timeout, auto_retry=False)
        self.API_BASE_URL = config.cgi_base
        self.session: DatabaseSessionStorage = session
        self._refresh_margin = refresh_margin
        self._lease_seconds = lease_seconds
        self._sleep = sleep
        self._refreshing = threading.Lock()
        # As requests would find them for every call (HTTPS_PROXY, NO_PROXY, …), found once: the address
        # is fixed, and the environment is read at start-up like the rest of the settings.
        self._proxies: dict[str, str] = get_environ_proxies(self.API_BASE_URL)
        self._json_headers = {**self._http.headers, "Content-Type": "application/json; charset=utf-8"}

    @property
    def access_token_key(self) -> str:
        # wechatpy puts the first ten characters of the secret into the key; a digest tells apps apart
        # just as well without writing any of the secret into the database.
        digest = hashlib.sha256(self.secret.encode("utf-8")).hexdigest()[:16]
        return f"wecom:{self.corp_id}:{digest}:access_token"

    def fetch_access_token(self) -> dict[str, Any]:
        """gettoken at the configured base, with a timeout (wechatpy's own waits forever), stored in the
        session with WeCom's ``expires_in``."""
        result = self._gettoken()
        self.session.set(self.access_token_key, result["access_token"], _lifetime(result))
        return result

    def _gettoken(self, leaving: Callable[[], None] = lambda: None) -> dict[str, Any]:
        """WeCom's answer to gettoken (a token in it), stored nowhere. ``leaving`` is called once the request
        is built, just before it is sent: the token's waiters then go on (the delivery loop to its claim)
        while it travels, and the request's own work does not compete with theirs."""
        params = {"corpid": self.corp_id, "corpsecret": self.secret}
        url = f"{self.API_BASE_URL}gettoken"
        request = requests.Request("GET", url, params=params, headers=self._http.headers).prepare()
        leaving()
        response = self._http.send(request, timeout=self.timeout, proxies=self._proxies)
        if response.status_code >= 400:
            raise WeChatClientException(None, None, client=self, request=response.request, response=response)
        try:
            result = response.json()
        except ValueError:
            raise _json_error(response, self) from None
        if int(result.get("errcode", 0)) != 0 or not result.get("access_token"):
            raise _json_error(response, self)
        return dict(result)

    @property
    def access_token(self) -> str:
        return self.token()

    def has_token(self) -> bool:
        """Whether this process holds a token good for more than the renewal margin (asks no database)."""
        return self.session.known_fresh(self.access_token_key, self._refresh_margin) is not None

    def token(self, under_way: Callable[[], None] = lambda: None) -> str:
        """The access_token. ``under_way`` is called once it is clear that the token takes a round trip (the
        gettoken this process is about to send, another thread's, or another process's), before waiting
        for it: what the sender's ``prepare`` returns at, so that the delivery loop's claim goes on beside
        the round trip."""
        token = self.session.known_fresh(self.access_token_key, self._refresh_margin)
        if token:
            return token
        # The sending threads of this process wait for one fetch here: the database lease keeps other
        # processes out, but polling it every 0.2 s would hold a fan-out's other calls back that long. The
        # stored token is read under the lock too, so that ten threads starting together read it once.
        if not self._refreshing.acquire(blocking=False):
            under_way()
            self._refreshing.acquire()
        try:
            token, fetched = self._fresh_token(under_way)
        finally:
            self._refreshing.release()
        if fetched is not None:
            # Stored after the threads waiting for it have it: on SQLite this write may queue behind a
            # fan-out's transactions, and this process's calls need not wait for it.
            self._store(fetched)
        return token

    def _fresh_token(self, under_way: Callable[[], None]) -> tuple[str, dict[str, Any] | None]:
        """A fresh token, and WeCom's answer if this call fetched it (then not yet stored, its refresh lease
        still held: ``_store``); this process already knows it."""
        key = self.access_token_key
        give_up = time.monotonic() + self._lease_seconds + 5
        while True:
            # One transaction: the stored token, or the lease to fetch one (the process that held the lease
            # before us may have stored a new token just now: then that one).
            token, leased = self.session.fresh_or_lease(key, self._refresh_margin, self._lease_seconds)
            if token:
                return token, None
            if leased:
                log.info("fetching a new WeCom access_token")
                try:
                    fetched = self._gettoken(leaving=under_way)
                except BaseException:
                    self.session.release_refresh_lease(key)
                    raise
                self.session.remember(key, str(fetched["access_token"]), _lifetime(fetched))
                return str(fetched["access_token"]), fetched
            # Another process is fetching; the current token, if not yet expired, still works meanwhile.
            token = self.session.get(key)
            if token:
                return str(token), None
            if time.monotonic() > give_up:
                raise TokenUnavailable("another process holds the access_token refresh lease")
            under_way()
            self._sleep(0.2)

    def _store(self, fetched: dict[str, Any]) -> None:
        """The fetched token in the database for the other processes; storing it ends the refresh lease,
        so no transaction of its own does. If it cannot be stored, this process still uses it."""
        key = self.access_token_key
        try:
            self.session.set(key, str(fetched["access_token"]), _lifetime(fetched))
        except Exception as error:
            log.warning("the new access_token could not be stored (%s)", type(error).__name__)
            with contextlib.suppress(Exception):
                self.session.release_refresh_lease(key)

    def message_body(self, agent_id: int, members: list[str], message: dict[str, Any]) -> bytes:
        """``message/send``'s request body for these members (wechatpy's fields, UTF-8 JSON)."""
        data = {"touser": "|".join(members), "toparty": "", "totag": "", "agentid": agent_id, **message}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def send_message(self, body: bytes) -> dict[str, Any]:
        """``message/send`` with a body from ``message_body``; WeCom's answer, or wechatpy's exceptions as
        its own call would raise them (an HTTP error status: errcode None)."""
        return self.call_with_token(lambda: self._post_body("message/send", body))

    def _post_body(self, endpoint: str, body: bytes) -> dict[str, Any]:
        url = f"{self.API_BASE_URL}{endpoint}"
        request = requests.Request(
            "POST", url, params={"access_token": self.access_token}, data=body, headers=self._json_headers
        ).prepare()
        response = self._http.send(request, timeout=self.timeout, proxies=self._proxies)
        if response.status_code >= 400:
            raise WeChatClientException(None, None, client=self, request=request, response=response)
        result = self._handle_result(response, "post", url)  # raises on an errcode, as wechatpy's calls do
        if not isinstance(result, dict):
            raise _json_error(response, self)
        return result

    def call_with_token(self, call: Callable[[], T]) -> T:
        """Run ``call``; after 40014 / 42001 expire the token that failed and run it once more."""
        token = self.access_token
        try:
            return call()
        except WeChatClientException as error:
            if error.errcode not in TOKEN_ERRORS:
                raise
            log.info("WeCom rejected the access_token (errcode %s); renewing it", error.errcode)
            self.session.expire_if(self.access_token_key, token)
            return call()

    def download_media(self, media_id: str, max_bytes: int) -> DownloadedMedia:
        """media/get at the configured base (wechatpy's ``media.download`` is tied to the public address)."""
        response = self._http.get(
            f"{self.API_BASE_URL}media/get",
            params={"access_token": self.access_token, "media_id": media_id},
            timeout=self.timeout,
            stream=True,
        )
        with response:
            if response.status_code >= 400:
                raise WeChatClientException(
                    None, None, client=self, request=response.request, response=response
                )
            disposition = response.headers.get("Content-Disposition", "")
            mime_type = response.headers.get("Content-Type", "application/octet-stream").split(";")[0].strip()
            if not disposition and mime_type in ("application/json", "text/plain"):
                # Errors come back as JSON instead of the file.
                raise _json_error(response, self)
            content = _read_limited(response, max_bytes)
        return DownloadedMedia(content, _file_name(disposition), mime_type or "application/octet-stream")


def _lifetime(answer: dict[str, Any]) -> int:
    """How long a token WeCom gave lives, in seconds."""
    return int(answer.get("expires_in", 7200))


def _json_error(response: requests.Response, client: WecomClient) -> WeChatClientException:
    try:
        data = response.json()
        errcode, errmsg = int(data.get("errcode", -1)), str(data.get("errmsg", ""))
    except (ValueError, TypeError, AttributeError):
        errcode, errmsg = -1, "WeCom answered something other than JSON"
    return WeChatClientException(errcode, errmsg, client=client, request=response.request, response=response)


def _read_limited(response: requests.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise MediaTooLarge(f"{declared} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise MediaTooLarge(f"over {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


_FILENAME_STAR = re.compile(r"filename\*\s*=\s*(?:utf-8|UTF-8)''([^;]+)")
_FILENAME = re.compile(r'filename\s*=\s*"?([^";]+)"?')


def _file_name(disposition: str) -> str:
    if match := _FILENAME_STAR.search(disposition):
        return unquote(match.group(1)).strip()
    if match := _FILENAME.search(disposition):
        name = match.group(1).strip()
        # WeCom sends UTF-8 bytes in the plain parameter; requests decoded them as Latin-1.
        try:
            return name.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return name
    return ""
