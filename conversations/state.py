"""Conversation state: which flow and step an owner is in, the JSON draft, and the last buttons shown."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from conversations.messages import Choice, ConversationKey
from conversations.ports import StoredState, UserRecord

IDLE = ""


def owner_of(key: ConversationKey, user: UserRecord | None) -> str:
    """A bound user's state follows the user across channels; an unbound account has its own."""
    return f"user:{user.id}" if user else f"{key.channel}:{key.external_user_id}"


@dataclass
class ConversationState:
    owner: str
    flow: str = IDLE
    step: str = IDLE
    data: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    # The buttons of the last prompt, so that a bare number answers it on every channel.
    choices: list[Choice] = field(default_factory=list)
    version: int = 0
    updated_at: datetime | None = None

    @property
    def idle(self) -> bool:
        return self.flow == IDLE

    def reset(self) -> None:
        self.flow, self.step, self.data, self.history = IDLE, IDLE, {}, []

    def encode(self) -> str:
        """JSON only: a draft holding anything else is a bug, and json.dumps says so here."""
        return json.dumps(
            {
                "data": self.data,
                "history": self.history,
                "choices": [[c.label, c.payload] for c in self.choices],
            },
            ensure_ascii=False,
        )

    @classmethod
    def load(cls, owner: str, stored: StoredState | None) -> ConversationState:
        if stored is None:
            return cls(owner)
        body = json.loads(stored.data or "{}")
        return cls(
            owner=owner,
            flow=stored.flow,
            step=stored.step,
            data=body.get("data", {}),
            history=list(body.get("history", [])),
            choices=[Choice(label, payload) for label, payload in body.get("choices", [])],
            version=stored.version,
            updated_at=stored.updated_at,
        )
