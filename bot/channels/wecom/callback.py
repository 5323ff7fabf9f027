"""The ``/wecom/callback`` endpoint on fmbot's aiohttp server.

GET is WeCom's URL check: answer the decrypted ``echostr`` alone, as plain text. POST is a message or
event: answer an empty 200 once it is recorded (or, refused for its content, once its sender is told
why). A request that fails any check gets a 4xx and one log line naming the reason (never a secret or the
message content) and goes no further.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.channels.wecom.callback_security import MAX_READ_BYTES, CallbackRejected
from bot.channels.wecom.receiver import WecomReceiver

log = logging.getLogger("fmbot.wecom")

CALLBACK_PATH = "/wecom/callback"
RECEIVER_KEY = web.AppKey("wecom_receiver", WecomReceiver)


def add_wecom_routes(app: web.Application, receiver: WecomReceiver) -> None:
    """Mount the callback on ``app`` and tie the receiver's background work to the app's lifetime."""
    app[RECEIVER_KEY] = receiver
    app.router.add_get(CALLBACK_PATH, _verify_url)
    app.router.add_post(CALLBACK_PATH, _receive)
    app.on_startup.append(_start)
    app.on_shutdown.append(_stop)


async def _start(app: web.Application) -> None:
    await app[RECEIVER_KEY].start()


async def _stop(app: web.Application) -> None:
    await app[RECEIVER_KEY].stop()


async def _verify_url(request: web.Request) -> web.Response:
    try:
        plaintext = request.app[RECEIVER_KEY].verify_url(request.query)
    except CallbackRejected as rejected:
        return _reject(request, rejected)
    log.info("WeCom URL verification answered")
    return web.Response(body=plaintext.encode("utf-8"), content_type="text/plain", charset="utf-8")


async def _receive(request: web.Request) -> web.Response:
    try:
        body = await _read_body(request)
        await request.app[RECEIVER_KEY].receive(request.query, body)
    except CallbackRejected as rejected:
        return _reject(request, rejected)
    except Exception:
        # Not answered with 200, so WeCom delivers it again: nothing is lost.
        log.exception("WeCom callback could not be recorded")
        return web.Response(status=500)
    return web.Response(status=200)


async def _read_body(request: web.Request) -> bytes:
    # Bodies over MAX_BODY_BYTES are read too, up to MAX_READ_BYTES, to tell a member their message
    # is too long (callback_security); nothing larger is read at all.
    if request.content_length is not None and request.content_length > MAX_READ_BYTES:
        raise CallbackRejected(413, f"declared body of {request.content_length} bytes")
    body = bytearray()
    async for chunk in request.content.iter_chunked(16 * 1024):
        body.extend(chunk)
        if len(body) > MAX_READ_BYTES:
            raise CallbackRejected(413, f"body over {MAX_READ_BYTES} bytes")
    return bytes(body)


def _reject(request: web.Request, rejected: CallbackRejected) -> web.Response:
    log.warning(
        "WeCom callback %s rejected with %d: %s (from %s)",
        request.method,
        rejected.status,
        rejected.reason,
        request.remote,
    )
    return web.Response(status=rejected.status)
