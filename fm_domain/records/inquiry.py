"""A written inquiry (书面函询) and its thread: the office asks a department, its liaisons reply, the office
accepts the reply or follows up.

    open ──联络员回复──▶ answered ──采纳──▶ accepted
      ▲                      │
      └────────追问──────────┘

The values are the strings stored in ``inquiries.status`` and ``inquiry_messages.kind``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class InquiryStatus(StrEnum):
    OPEN = "open"  # waiting for the department's reply
    ANSWERED = "answered"  # waiting for the office to accept or follow up
    ACCEPTED = "accepted"  # closed


class InquiryMessageKind(StrEnum):
    QUESTION = "question"
    REPLY = "reply"
    FOLLOW_UP = "follow_up"
    ACCEPTED = "accepted"

    @property
    def asks(self) -> bool:
        """A message the department is to answer."""
        return self in (InquiryMessageKind.QUESTION, InquiryMessageKind.FOLLOW_UP)


@dataclass(frozen=True)
class Inquiry:
    id: int
    department: str
    deadline: date
    status: InquiryStatus
    asked_by: int | None
    asked_at: datetime


@dataclass(frozen=True)
class InquiryMessage:
    """One message of an inquiry's thread."""

    id: int
    inquiry_id: int
    author: int | None
    kind: InquiryMessageKind
    text: str
    attachment_name: str  # "" without a file
    attachment_mime: str
    attachment_content: bytes | None
    created_at: datetime
