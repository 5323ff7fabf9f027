"""The web console served from a thread of its own, beside a terminal: ``fmbot demo`` runs the chat in the
terminal and the console at a local address at the same time (``fmbot serve`` mounts the console on its own
server instead; see bot/console/mount.py)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Callable, Iterator

from aiohttp import web

STARTUP_SECONDS = 30


def bind_local(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1: ``port`` when free, any free port otherwise."""
    for candidate in (port, 0):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", candidate))
        except OSError:
            sock.close()
            continue
        sock.listen(128)
        return sock
    raise OSError("no local port to serve the web console on")


def address_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{host}:{port}"


@contextlib.contextmanager
def serving_in_background(make_app: Callable[[], web.Application], sock: socket.socket) -> Iterator[str]:
    """Serve the application on ``sock`` until the block ends; its address."""
    loop = asyncio.new_event_loop()
    started = threading.Event()
    runner: list[web.AppRunner] = []

    async def start() -> None:
        app_runner = web.AppRunner(make_app(), access_log=None)
        await app_runner.setup()
        await web.SockSite(app_runner, sock).start()
        runner.append(app_runner)

    def run() -> None:
        try:
            loop.run_until_complete(start())
        finally:
            started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="web-console", daemon=True)
    thread.start()
    if not started.wait(STARTUP_SECONDS) or not runner:
        raise RuntimeError("the web console did not start")
    try:
        yield address_of(sock)
    finally:
        asyncio.run_coroutine_threadsafe(runner[0].cleanup(), loop).result(STARTUP_SECONDS)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(STARTUP_SECONDS)
        loop.close()
