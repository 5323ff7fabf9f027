"""The web console over the demo's data, for the console's tests and the browser tests: the console's
pages on the real aiohttp application, an engine on the same database (so /登录 in chat hands out the
links the tests open), and a clock the test can move."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.app import archive_extensions
from bot.archive import DocumentFiles
from bot.channels.console import ConsoleChannel
from bot.console import mount_console
from bot.console.background import bind_local, serving_in_background
from bot.performance_files import load_default_scheme
from bot.web import create_web_app
from conversations import ConsoleLinks, Engine, MatchingReviewer, Services, archive
from fm_domain.archive import Document
from fm_domain.calendar import WorkingCalendar
from storage import Database
from tests.archive.demo_world import NOW, SHANGHAI, YEAR
from tests.flows.transcript import FakeClock

_LINK = re.compile(r"https?://\S+/signin/\S+")


@dataclass
class ConsoleWorld:
    database: Database
    base_url: str = "http://127.0.0.1"
    clock: FakeClock = field(default_factory=lambda: FakeClock(NOW))
    extended: bool = False  # with the parts the application registers (recommendations, scores)

    def __post_init__(self) -> None:
        calendar, scheme = WorkingCalendar.standard(), load_default_scheme()
        extensions = archive_extensions(calendar, SHANGHAI, scheme, self.clock) if self.extended else ()
        self.services = Services(
            clock=self.clock,
            timezone=SHANGHAI,
            reviewer=MatchingReviewer(),
            documents=DocumentFiles(),
            console=ConsoleLinks(self.base_url),  # no FM_WEB_SECRET: the key kept in the database
            calendar=calendar,
            performance_scheme=scheme,
            archive_extensions=extensions,
        )
        self.channel = ConsoleChannel(Engine(self.database.unit_of_work, self.services), self.clock)

    def link(self, account: str) -> str:
        """The path of the sign-in link /登录 gives the console account ``account``. The console channel
        runs an event loop of its own, which it may not inside a test's (aiohttp's, Playwright's): it
        is asked from a thread of its own."""
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(self._link, account).result()

    def _link(self, account: str) -> str:
        replies = " ".join(outgoing.reply.text for outgoing in self.channel.say(account, "/登录"))
        found = _LINK.search(replies)
        assert found, replies
        return found.group(0).removeprefix(self.base_url)

    def dossier(self, department: str = "sifa") -> Document:
        """The department's dossier of the demo's year, made at the demo's moment."""
        with self.database.unit_of_work() as uow:
            catalog = uow.catalog.current()
            dossier = archive.read_dossier(uow, self.services, catalog, catalog.get(department), YEAR)
            return archive.dossier_document(dossier, self.services.timezone, NOW)

    def web_app(self) -> web.Application:
        return create_web_app(self.database, [lambda app: mount_console(app, self.database, self.services)])


def word_headings(word: Any) -> list[str]:
    """The headings of a python-docx document, in order."""
    return [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]


@contextmanager
def serving(world: ConsoleWorld) -> Iterator[str]:
    """The console on a free local port in a thread of its own; its address (http://127.0.0.1:PORT)."""
    with serving_in_background(world.web_app, bind_local(0)) as address:
        yield address
