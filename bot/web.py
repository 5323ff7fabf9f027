"""The one aiohttp server of ``fmbot serve``: /healthz, the WeCom callback and the Telegram webhook."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable

from aiohttp import web
from sqlalchemy import text

from storage import Database

log = logging.getLogger(__name__)

Mount = Callable[[web.Application], None]

# Callbacks are small XML or JSON bodies; anything larger is refused before it is read.
MAX_REQUEST_BYTES = 1024 * 1024


def create_web_app(database: Database, mounts: Iterable[Mount] = ()) -> web.Application:
    """Build the server; each channel adds its routes through a mount function."""
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app.router.add_get("/healthz", _health_handler(database))
    for mount in mounts:
        mount(app)
    return app


def _health_handler(database: Database) -> Callable[[web.Request], object]:
    async def healthz(request: web.Request) -> web.Response:
        try:
            await asyncio.to_thread(_ping, database)
        except Exception as error:  # any failure to reach the database means "not healthy"
            log.warning("health check: database unreachable: %s", type(error).__name__)
            return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
        return web.json_response({"status": "ok", "database": "ok"})

    return healthz


def _ping(database: Database) -> None:
    with database.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
