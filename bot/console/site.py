"""What every page of the web console shares: the site (database, services, cookie policy), the signed-in
viewer and what they may see, and rendering a template with the common headers.

Every page is read-only. The headers keep it to itself: a Content-Security-Policy that allows scripts,
styles, images and requests from the console's own address only (the assets are served from the package:
no CDN), no framing, no referrer to other sites (same-origin: a form still names its origin), nothing cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from conversations import ConsoleLinks, Services, archive_texts, sees_department, sees_every_department
from fm_domain import sign_in
from fm_domain.models import Catalog
from fm_domain.users import Role, User
from storage import Database, UnitOfWork

# ECharts sets styles on the elements it draws, so style attributes are allowed; scripts only from here.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer sends a form's Origin as "null" (auth._from_elsewhere)
    "Cache-Control": "no-store",
}


@dataclass
class ConsoleSite:
    database: Database
    services: Services
    secure_cookies: bool = False  # the console is served over https (FM_WEB_BASE_URL)

    @property
    def links(self) -> ConsoleLinks | None:
        return self.services.console

    def now(self) -> datetime:
        return self.services.now()

    def signing_key(self, uow: UnitOfWork, now: datetime) -> str:
        """FM_WEB_SECRET when set, else the key kept in the database (made by the first process to ask)."""
        if self.links is not None and self.links.secret:
            return self.links.secret
        return uow.web.signing_key(sign_in.new_key(), now)


@dataclass(frozen=True)
class Viewer:
    """The signed-in user and the departments they may see (conversations.rights.sees_department)."""

    user_id: int
    name: str
    role: str
    department: str | None
    visible: tuple[str, ...]  # department codes, in catalog order
    sees_all: bool

    @classmethod
    def of(cls, user: User, catalog: Catalog) -> Viewer:
        visible = tuple(d.code for d in catalog if sees_department(user, d.code))
        return cls(
            user.id, user.display_name, str(user.role), user.department, visible, sees_every_department(user)
        )

    def sees(self, code: str) -> bool:
        return code in self.visible

    @property
    def label(self) -> str:
        role = Role(self.role).label if self.role in Role._value2member_map_ else self.role
        return archive_texts.signed_in_as(self.name, role, self.department or "")


SITE = web.AppKey("fmbot_console", ConsoleSite)


def page(
    request: web.Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    viewer: Viewer | None = None,
) -> web.Response:
    values = {"texts": archive_texts, "viewer": viewer, "path": request.path, **context}
    response = aiohttp_jinja2.render_template(template, request, values, status=status)
    response.headers.update(SECURITY_HEADERS)
    return response
