"""The servers of the acknowledgement benchmark, each in a process of its own so that none of them
shares an event loop (or the GIL) with the client that times them:

    python -m benchmarks.ack_servers floor PORT   # the floor: verify + decrypt + parse, then 200
    python -m benchmarks.ack_servers wecom PORT   # the fake WeCom API that fmbot's delivery talks to

fmbot itself runs as ``fmbot serve`` (``bot.cli serve``), exactly as deployed.
"""

from __future__ import annotations

import logging
import sys
import time

from aiohttp import web

from bot.channels.wecom.callback_security import CallbackRejected, CallbackVerifier
from bot.channels.wecom.config import WecomConfig
from bot.channels.wecom.inbound import to_inbound
from tests.channels.fake_wecom import AES_KEY, AGENT_ID, BASE_PATH, CORP_ID, SECRET, TOKEN, FakeWecom

HOST = "127.0.0.1"


def wecom_config(api_base: str = "http://127.0.0.1:9") -> WecomConfig:
    return WecomConfig(
        corp_id=CORP_ID, agent_id=AGENT_ID, secret=SECRET, token=TOKEN, aes_key=AES_KEY, api_base=api_base
    )


def floor_app() -> web.Application:
    """What no acknowledgement can avoid: fmbot's own checks and decryption, and nothing after them."""
    verifier = CallbackVerifier(wecom_config(), time.time)

    async def receive(request: web.Request) -> web.Response:
        body = await request.read()
        try:
            to_inbound(verifier.open_message(request.query, body))
        except CallbackRejected as rejected:
            return web.Response(status=rejected.status)
        return web.Response(status=200)

    async def healthz(request: web.Request) -> web.Response:
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/wecom/callback", receive)
    app.router.add_get("/healthz", healthz)
    return app


def fake_wecom_app() -> web.Application:
    fake = FakeWecom()
    app = fake.app()

    async def healthz(request: web.Request) -> web.Response:
        return web.Response(status=200)

    app.router.add_get("/healthz", healthz)
    return app


def wecom_api_base(port: int) -> str:
    return f"http://{HOST}:{port}{BASE_PATH}"


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    kind, port = sys.argv[1], int(sys.argv[2])
    app = floor_app() if kind == "floor" else fake_wecom_app()
    web.run_app(app, host=HOST, port=port, print=None, access_log=None)
