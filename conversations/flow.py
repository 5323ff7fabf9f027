"""How flows are declared: named steps, each with a prompt and a handler that returns a transition.

A flow is data: a mapping from step names (strings, never ordinals, because they are persisted) to
:class:`Step`. Handlers read and change ``ctx.data`` (the JSON draft) and return what happens next; the
engine persists the result, in the same transaction as whatever the handler wrote through ``ctx.uow``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from conversations.catalog_cache import CatalogCache
from conversations.messages import ConversationKey, Inbound, Reply
from conversations.ports import UnitOfWork, UserRecord

if TYPE_CHECKING:
    from conversations.services import Services


@dataclass(frozen=True)
class Goto:
    """Move to ``step`` and show its prompt, after ``notes``. Going to a step already on the path back
    (the history) returns to it, so /返回 from a preview reached via an edit goes where the user expects."""

    step: str
    notes: tuple[Reply, ...] = ()


@dataclass(frozen=True)
class Stay:
    """Remain on this step; tell the user why, keeping the step's buttons."""

    error: str


@dataclass(frozen=True)
class Finish:
    """Leave the flow (or a one-shot command) with these replies."""

    replies: tuple[Reply, ...] = ()


Transition = Goto | Stay | Finish


def done(*texts: str | Reply) -> Finish:
    return Finish(tuple(t if isinstance(t, Reply) else Reply(t) for t in texts))


@dataclass
class Context:
    """What a handler may use: the open unit of work, the services, who is talking, and the draft."""

    uow: UnitOfWork
    services: Services
    key: ConversationKey
    user: UserRecord | None
    now: datetime
    data: dict[str, Any] = field(default_factory=dict)
    menu: Callable[[], Reply] = field(default=lambda: Reply(""))  # what /帮助 shows this user
    notifications: list[tuple[int, Reply]] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # per turn, e.g. the catalog once loaded
    catalogs: CatalogCache = field(default_factory=CatalogCache)  # the engine's: across turns, per stamp

    @property
    def role(self) -> str | None:
        return str(self.user.role) if self.user else None

    @property
    def department(self) -> str | None:
        return self.user.department if self.user else None

    def notify(self, user_id: int, reply: Reply) -> None:
        """Send to another user on every account they are bound on, in this transaction."""
        self.notifications.append((user_id, reply))

    def notify_staff(self, reply: Reply) -> None:
        for member in self.uow.users.staff():
            self.notify(member.id, reply)

    def notify_liaisons(self, department: str, reply: Reply) -> None:
        for liaison in self.uow.users.liaisons_of(department):
            self.notify(liaison.id, reply)


Prompt = Callable[[Context], Reply]
Handler = Callable[[Context, Inbound], Transition]


@dataclass(frozen=True)
class Step:
    prompt: Prompt
    handle: Handler
    # Optional: what /返回 does on this step when the default (the previous step) is wrong, e.g. in a loop.
    back: Callable[[Context], Transition | None] | None = None
    # A step the user may pass over: any command leaves the flow and runs, instead of "finish this first".
    skippable: bool = False


@dataclass(frozen=True)
class Flow:
    name: str
    title: str
    steps: Mapping[str, Step]


@dataclass(frozen=True)
class Command:
    """A command the user types (``/年度目标`` or ``年度目标``) or a button sends.

    ``roles`` lists who may use it (``guest`` is an account not yet bound); ``run(ctx, args)`` either
    finishes at once or starts ``flow`` by returning a Goto into it.
    """

    names: tuple[str, ...]
    roles: frozenset[str]
    run: Callable[[Context, str], Transition]
    summary: str
    usage: str = ""
    flow: Flow | None = None
