"""Adding the web console to the aiohttp application of bot/web.py.

``fmbot serve`` builds its server with ``create_web_app(database, mounts)``; the console is one more
mount::

    mounts.append(console_mount(app))   # app: bot.app.Application

Every asset the pages use (htmx, ECharts, the style sheet, the page script) is served from
``bot/console/static`` under ``/static/``: no request leaves the server.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.app import Application
from bot.console import auth, pages
from bot.console.site import SITE, ConsoleSite
from bot.web import Mount
from conversations import Services, archive_texts
from fm_domain.archive import PartKey
from storage import Database

HERE = Path(__file__).parent


def console_mount(app: Application) -> Mount:
    """The console on the application's database and services (its clock, time zone, calendar)."""
    secure = app.settings.web_base_url.startswith("https://")
    return lambda web_app: mount_console(web_app, app.database, app.engine.services, secure_cookies=secure)


def mount_console(
    web_app: web.Application, database: Database, services: Services, *, secure_cookies: bool = False
) -> None:
    web_app[SITE] = ConsoleSite(database, services, secure_cookies)
    environment = aiohttp_jinja2.setup(
        web_app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["cell"] = cell_text
    signed_in = auth.signed_in
    routes = web_app.router
    routes.add_get("/", signed_in(pages.overview))
    routes.add_get("/departments/{code}", signed_in(pages.department))
    routes.add_get(r"/departments/{code}/dossier.{format:docx|xlsx}", signed_in(pages.export))
    routes.add_get("/city.xlsx", signed_in(pages.city_workbook))
    routes.add_get("/findings", signed_in(pages.findings))
    routes.add_get("/coverage", signed_in(pages.coverage))
    routes.add_get("/ranking", signed_in(pages.part_page(PartKey.PERFORMANCE, archive_texts.PAGE_RANKING)))
    routes.add_get(
        "/recommendations",
        signed_in(pages.part_page(PartKey.RECOMMENDATIONS, archive_texts.PAGE_RECOMMENDATIONS)),
    )
    routes.add_get("/signin/{token}", auth.sign_in_page)
    routes.add_post("/signin/{token}", auth.use_link)
    routes.add_post("/signout", auth.sign_out)
    routes.add_static("/static/", HERE / "static", append_version=False)


def cell_text(value: object) -> str:
    """A table cell as the pages show it: dates without seconds, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
