"""Platform-neutral conversations: the engine, the channel contract and every flow.

A channel turns a platform update into an :class:`Inbound`, hands it to :meth:`Engine.handle` (or
``record`` then ``process``), and delivers what :meth:`Engine.pending_replies` returns, rendering each
:class:`Reply` its own way (``render_numbered`` for channels without buttons).

Wiring, in the composition root::

    engine = Engine(
        database.unit_of_work,  # storage.Database: its unit of work implements conversations.ports
        Services(
            timezone=settings.tz,
            draft_idle=timedelta(minutes=settings.draft_idle_minutes),
            reviewer=MatchingReviewer(thresholds),  # MatchThresholds, e.g. with FM_MATCH_THRESHOLDS overrides
            calendar=WorkingCalendar.standard(extra_schedules),
        ),
    )
    engine.process_pending()  # messages recorded before a crash
    await engine.handle(inbound)  # or engine.record(inbound) now, engine.process_async(key) later
    for outgoing in engine.pending_replies("console"):
        ...render and send outgoing.reply to outgoing.key...
        engine.mark_sent(outgoing.id)
"""

from conversations.engine import Engine
from conversations.messages import Attachment, Channel, Choice, ConversationKey, Inbound, Outgoing, Reply
from conversations.rendering import render_numbered
from conversations.review import MatchingReviewer, Reviewer
from conversations.services import Services

__all__ = [
    "Attachment",
    "Channel",
    "Choice",
    "ConversationKey",
    "Engine",
    "Inbound",
    "MatchingReviewer",
    "Outgoing",
    "Reply",
    "Reviewer",
    "Services",
    "render_numbered",
]
