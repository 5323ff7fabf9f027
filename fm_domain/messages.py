"""The messages between users and fmbot, whatever the platform: what a channel hands the engine and what
the engine hands back.

Every type here is a frozen dataclass of plain values, so a message can be recorded in the inbox, written to
the outbox and read back on another process or channel without losing anything. They live in the domain
rather than in ``conversations`` because storage keeps them too (the outbox encodes a ``Reply`` itself),
and storage may import only the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ConversationKey:
    """One chat account: the channel name (``telegram``, ``wecom``, ``console``) and its user id there."""

    channel: str
    external_user_id: str

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_user_id}"


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes = field(repr=False)
    mime_type: str = "application/octet-stream"

    @property
    def extension(self) -> str:
        return self.name.rpartition(".")[2].lower() if "." in self.name else ""


@dataclass(frozen=True)
class Choice:
    """A button: what the user sees and the payload the channel sends back when it is pressed."""

    label: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    choices: tuple[Choice, ...] = ()
    file: Attachment | None = None


@dataclass(frozen=True)
class Inbound:
    """One message from a user. ``choice`` is a pressed button's payload; ``message_id`` is the channel's
    own id of the message, unique per channel, which makes handling idempotent."""

    key: ConversationKey
    message_id: str
    received_at: datetime
    text: str = ""
    choice: str | None = None
    attachment: Attachment | None = None


@dataclass(frozen=True)
class Outgoing:
    """A reply waiting in the outbox for its channel's sender. ``kind`` says what it is (``reply`` to a
    message, a nudge's kind, …): identical messages of one kind may go out together. ``attempt`` counts
    the outbox's claims of it, this one included: on the first, no part of it can have gone out before."""

    id: int
    key: ConversationKey
    reply: Reply
    created_at: datetime
    kind: str = "reply"
    attempt: int = 1
