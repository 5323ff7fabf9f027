"""Signing in to the web console without a password: the one-time link /登录 hands out, and the session it
starts.

    GET  /signin/<token>   checks the link (signature, then its record) and shows a button, nothing more:
                           chat apps and their link previews fetch URLs, and a preview must not use it up
    POST /signin/<token>   uses the link (recorded, once), starts a session, sets the cookie, goes to /
    POST /signout          ends the session (for every process: it is ended in the database)

The cookie holds a random session id (the database keeps its hash), HttpOnly so no script reads it,
SameSite=Strict so no other site's page can send it, with the session's expiry. The button's POST comes
from the console's own page, so the cookie it sets is sent on the redirect that follows. Tokens and ids
never reach the log (bot.log_redaction masks /signin/ paths; nothing here logs one).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from aiohttp import web

from bot.console.site import SITE, ConsoleSite, Viewer, page
from conversations import archive_texts as t
from fm_domain import sign_in

log = logging.getLogger("fmbot.console")

COOKIE = "fmbot_session"
Handler = Callable[[web.Request, Viewer], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class LinkCheck:
    token: sign_in.SignInToken | None
    problem: str  # "" when the link may be used; otherwise the Chinese reason
    name: str = ""  # the user's name, for the greeting


def _check_link(site: ConsoleSite, text: str, now: datetime) -> LinkCheck:
    with site.database.unit_of_work() as uow:
        token = sign_in.read(site.signing_key(uow, now), text)
        if token is None:
            return LinkCheck(None, t.LINK_INVALID)
        state = uow.web.sign_in_state(token.nonce_hash, now)
        user = uow.users.get(token.user_id)
        uow.commit()  # the key, when this was the first process to need one
    if state == "used":
        return LinkCheck(token, t.LINK_USED)
    if state == "expired" or token.expires_at <= now:
        return LinkCheck(token, t.LINK_EXPIRED)
    if state != "valid" or user is None:
        return LinkCheck(token, t.LINK_INVALID)
    return LinkCheck(token, "", user.display_name)


async def sign_in_page(request: web.Request) -> web.StreamResponse:
    site: ConsoleSite = request.app[SITE]
    check = await asyncio.to_thread(_check_link, site, request.match_info["token"], site.now())
    if check.problem:
        return page(request, "message.html", {"title": t.SIGN_IN_TITLE, "message": check.problem}, status=410)
    return page(request, "signin.html", {"title": t.SIGN_IN_TITLE, "prompt": t.sign_in_prompt(check.name)})


def _use_link(site: ConsoleSite, text: str, now: datetime) -> tuple[str, str]:
    """(session id, "") after a successful sign-in, ("", Chinese reason) otherwise."""
    check = _check_link(site, text, now)
    if check.problem or check.token is None:
        return "", check.problem
    session = sign_in.new_session_id()
    with site.database.unit_of_work() as uow:
        used = uow.web.use_sign_in(nonce_hash=check.token.nonce_hash, user_id=check.token.user_id, now=now)
        if used is None:  # another request used it between the check and now
            return "", t.LINK_USED
        uow.web.start_session(
            token_hash=sign_in.digest(session),
            user_id=check.token.user_id,
            sign_in_id=used,
            now=now,
            expires_at=now + sign_in.SESSION_LIFETIME,
        )
        uow.commit()
    log.info("web console: user %s signed in", check.token.user_id)
    return session, ""


def _from_elsewhere(request: web.Request) -> bool:
    """A POST another site's page sent (browsers name the page's origin): it could sign the reader in to
    someone else's session with a link of theirs, so only the console's own sign-in page may use a link."""
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc != request.host


async def use_link(request: web.Request) -> web.StreamResponse:
    site: ConsoleSite = request.app[SITE]
    if _from_elsewhere(request):
        return page(
            request, "message.html", {"title": t.SIGN_IN_TITLE, "message": t.LINK_INVALID}, status=403
        )
    session, problem = await asyncio.to_thread(_use_link, site, request.match_info["token"], site.now())
    if problem:
        return page(request, "message.html", {"title": t.SIGN_IN_TITLE, "message": problem}, status=410)
    response = web.Response(status=303, headers={"Location": "/"})
    response.set_cookie(
        COOKIE,
        session,
        max_age=int(sign_in.SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="Strict",
        secure=site.secure_cookies,
    )
    return response


def _end(site: ConsoleSite, session: str, now: datetime) -> None:
    with site.database.unit_of_work() as uow:
        uow.web.end_session(sign_in.digest(session), now)
        uow.commit()


async def sign_out(request: web.Request) -> web.StreamResponse:
    site: ConsoleSite = request.app[SITE]
    session = request.cookies.get(COOKIE, "")
    if session:
        await asyncio.to_thread(_end, site, session, site.now())
    response = page(request, "message.html", {"title": t.CONSOLE_TITLE, "message": t.SIGNED_OUT})
    response.del_cookie(COOKIE, path="/")
    return response


def _viewer(site: ConsoleSite, session: str, now: datetime) -> Viewer | None:
    with site.database.unit_of_work() as uow:
        user_id = uow.web.session_user(sign_in.digest(session), now)
        user = uow.users.get(user_id) if user_id is not None else None
        if user is None:
            return None
        return Viewer.of(user, uow.catalog.current())


def signed_in(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """The page for a signed-in viewer; the sign-in explanation (401) for anyone else."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        site: ConsoleSite = request.app[SITE]
        session = request.cookies.get(COOKIE, "")
        viewer = await asyncio.to_thread(_viewer, site, session, site.now()) if session else None
        if viewer is None:
            return page(
                request, "message.html", {"title": t.CONSOLE_TITLE, "message": t.NOT_SIGNED_IN}, status=401
            )
        return await handler(request, viewer)

    return wrapped
