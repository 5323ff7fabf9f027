"""What flows need besides storage: the clock, the time zone, the calendar, the reviewer, the limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from conversations.archive.extension import ArchiveExtension, DocumentWriter
from conversations.review import MatchingReviewer, Reviewer
from fm_domain.calendar import WorkingCalendar
from fm_domain.performance import Scheme


@dataclass(frozen=True)
class ConsoleLinks:
    """Where the web console is, for the sign-in links /登录 hands out, and the key that signs them (""
    when FM_WEB_SECRET gives none: the key kept in the database is used, the same for every process)."""

    base_url: str
    secret: str = field(default="", repr=False)


@dataclass
class Services:
    clock: Callable[[], datetime]  # the application's one clock: tests and `--now` pass their own
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    draft_idle: timedelta = timedelta(hours=24)
    reviewer: Reviewer = field(default_factory=MatchingReviewer)
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar.standard)
    max_attachment_bytes: int = 10 * 1024 * 1024
    # A plan of several hundred items is a pasted document gone wrong, and each item is shown back in the
    # preview: past these limits the user is asked to split the submission instead.
    max_text_chars: int = 20_000
    max_items: int = 300
    # The performance scheme of a year that has none of its own (the bundled default, bot/data).
    performance_scheme: Scheme | None = None
    # 电子档案: who writes the files (None: /档案 says it is not available), what other features add.
    documents: DocumentWriter | None = None
    archive_extensions: tuple[ArchiveExtension, ...] = ()
    console: ConsoleLinks | None = None  # None: no web console, /登录 says so

    def now(self) -> datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the clock must return timezone-aware datetimes")
        return moment

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.timezone)

    def today(self) -> date:
        return self.local(self.now()).date()
