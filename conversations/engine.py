"""The conversation engine: one inbound message in, replies out through the outbox.

Handling one message is one transaction: the inbox entry is claimed, the flow runs, the state, any
domain records and every reply (to this user and to others) are written, and all of it commits together or
not at all. A failure rolls it back; the user then gets a short apology with an error reference that the
log line also carries.

Channels call :meth:`Engine.record_all` (or :meth:`Engine.record_into`) as soon as messages arrive (the
messages that arrived together in one transaction, so they can acknowledge quickly), then
:meth:`Engine.process_async` in the background; :meth:`Engine.handle` does both. Turns run on the
engine's own small executor, never asyncio's default pool: how many run at once is bounded, so a burst
of turns cannot crowd out the threads and the database lock that recording needs.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from conversations import texts
from conversations.catalog_cache import CatalogCache
from conversations.commands import ParsedCommand, Registry, default_registry, normalise
from conversations.flow import Context, Finish, Flow, Goto, Stay, Transition
from conversations.flows.common import department_name
from conversations.messages import ConversationKey, Inbound, Reply
from conversations.ports import InboxEntry, InboxPort, StoredState, UnitOfWork
from conversations.services import Services
from conversations.state import ConversationState, owner_of
from conversations.unasked import offer_choices, without_choices
from fm_domain.message_codec import decode_inbound, encode_inbound

log = logging.getLogger("fmbot.conversations")

_ATTEMPTS = 3  # a concurrent update of the same state is retried this many times
# Turns at once in one process. A turn is mostly Python holding the GIL, and on SQLite the writer lock:
# more threads would not make turns faster, only slow down everything else in the process.
TURN_WORKERS = 2


class ConcurrentUpdate(Exception):
    """Another worker changed the state this turn was computed from."""


class Engine:
    """One per process, shared by every channel. Messages of one account are handled one at a time and
    in the order they were recorded (a lock per account here; across processes the inbox claim and the
    versioned state keep them apart)."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        services: Services,
        registry: Registry | None = None,
        catalogs: CatalogCache | None = None,
        turn_workers: int = TURN_WORKERS,
    ) -> None:
        self._uow = uow_factory
        self.unit_of_work = uow_factory  # the engine's database, for a channel draining the outbox in process
        self.services = services
        self.registry = registry or default_registry()
        # One per engine, as the engine has one database: the catalog is loaded again only when it changed.
        self.catalogs = catalogs or CatalogCache()
        self._locks: dict[ConversationKey, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._turns = ThreadPoolExecutor(max_workers=turn_workers, thread_name_prefix="fmbot-turn")

    # --- what channels call ---------------------------------------------------------------------------

    def record(self, inbound: Inbound) -> bool:
        """Record the message in the inbox before anything else; False if this message id was seen."""
        return self.record_all([inbound])[0]

    def record_all(self, inbounds: Sequence[Inbound]) -> list[bool]:
        """Record the messages in the inbox in one transaction, in order; for each, False if its message
        id was seen (earlier, or earlier in ``inbounds``)."""
        with self._uow() as uow:
            fresh = self.record_into(uow.inbox, inbounds)
            uow.commit()
        return fresh

    def record_into(self, inbox: InboxPort, inbounds: Sequence[Inbound]) -> list[bool]:
        """:meth:`record_all` inside a transaction the caller owns and commits: for a channel that writes
        records of its own together with the messages (WeCom's staged files)."""
        if not inbounds:
            return []
        fresh = inbox.record_all(
            [
                (
                    inbound.key.channel,
                    inbound.message_id,
                    inbound.key.external_user_id,
                    encode_inbound(inbound),
                    inbound.received_at,
                )
                for inbound in inbounds
            ]
        )
        for inbound, new in zip(inbounds, fresh, strict=True):
            if not new:
                log.info("duplicate message %s from %s ignored", inbound.message_id, inbound.key)
        return fresh

    def process(self, key: ConversationKey) -> None:
        """Handle this account's recorded messages, oldest first, one at a time."""
        with self._lock(key):
            seen: set[int] = set()
            while True:
                with self._uow() as uow:
                    entries = [
                        e for e in uow.inbox.unhandled(key.channel, key.external_user_id) if e.id not in seen
                    ]
                if not entries:
                    return
                for entry in entries:
                    seen.add(entry.id)
                    self._handle_entry(entry)

    def handle_sync(self, inbound: Inbound) -> None:
        """Record and handle now. Usually one transaction holds the recorded message, the turn and its
        replies; when earlier messages of the account still wait, or that turn cannot commit, the message
        is recorded on its own and handled in order like any other (a repeat is then found and ignored)."""
        with self._lock(inbound.key):
            if self._record_and_turn(inbound):
                return
        self.record(inbound)
        self.process(inbound.key)

    def _record_and_turn(self, inbound: Inbound) -> bool:
        """The fast path of ``handle_sync``: True when the message was recorded and handled."""
        key = inbound.key
        try:
            with self._uow() as uow:
                if not uow.inbox.record_handled(
                    key.channel,
                    inbound.message_id,
                    key.external_user_id,
                    encode_inbound(inbound),
                    inbound.received_at,
                    self.services.now(),
                ):
                    # Earlier messages wait (they go first), or this one was seen: the ordinary way,
                    # which records it (or logs the repeat) and handles the account's messages in order.
                    return False
                self._turn(uow, inbound)
                uow.commit()
            return True
        except ConcurrentUpdate:
            return False
        except Exception:
            # Rolled back, message and all: the slow path records it first, then runs the turn again and,
            # if it fails again, apologises with a reference, as for any message.
            log.info("turn for message %s of %s failed on the fast path", inbound.message_id, key)
            return False

    async def handle(self, inbound: Inbound) -> None:
        """Record and handle, off the event loop (storage is synchronous)."""
        await asyncio.get_running_loop().run_in_executor(self._turns, self.handle_sync, inbound)

    async def process_async(self, key: ConversationKey) -> None:
        """:meth:`process` on the engine's turn executor."""
        await asyncio.get_running_loop().run_in_executor(self._turns, self.process, key)

    def close(self) -> None:
        """Let the turn threads end once their work is done (end of process, end of a test)."""
        self._turns.shutdown(wait=False)

    def process_pending(self) -> int:
        """After a restart: handle every message recorded but not handled. Returns the accounts served."""
        with self._uow() as uow:
            accounts = list(uow.inbox.unhandled_accounts())
        for channel, external_id in accounts:
            self.process(ConversationKey(channel, external_id))
        return len(accounts)

    def expire_drafts(self) -> int:
        """Close every draft idle longer than the configured time and tell its owner, so the notice comes
        when the draft expires rather than with the user's next message. For a scheduler to call now and
        then; returns how many drafts were closed."""
        now = self.services.now()
        closed = 0
        with self._uow() as uow:
            for owner, stored in uow.conversations.in_flow_since(now - self.services.draft_idle):
                state = ConversationState.load(owner, stored)
                flow = self.registry.flows.get(state.flow)
                notice = (
                    texts.draft_expired(flow.title, self.services.draft_idle) if flow else texts.STATE_LOST
                )
                state.reset()
                state.choices = []
                if not uow.conversations.save(
                    owner,
                    flow=state.flow,
                    step=state.step,
                    data=state.encode(),
                    version=state.version + 1,
                    now=now,
                ):
                    continue  # the user is active right now: their next message decides
                for channel, external_id in self._accounts_of(uow, owner):
                    uow.outbox.queue(ConversationKey(channel, external_id), Reply(notice), at=now)
                closed += 1
            uow.commit()
        return closed

    @staticmethod
    def _accounts_of(uow: UnitOfWork, owner: str) -> list[tuple[str, str]]:
        kind, _, rest = owner.partition(":")
        if kind == "user":
            return list(uow.users.accounts(int(rest)))
        return [(kind, rest)]

    # --- one message ----------------------------------------------------------------------------------

    def _lock(self, key: ConversationKey) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def _handle_entry(self, entry: InboxEntry) -> None:
        for _attempt in range(_ATTEMPTS):
            try:
                with self._uow() as uow:
                    if not uow.inbox.claim(entry.id, self.services.now()):
                        return  # another worker handled it
                    self._turn(uow, decode_inbound(entry.payload))
                    uow.commit()
                return
            except ConcurrentUpdate:
                log.info(
                    "state changed meanwhile; retrying message %s of %s", entry.message_id, entry.channel
                )
            except Exception:
                self._apologise(entry, "failed")
                return
        self._apologise(entry, f"gave up after {_ATTEMPTS} concurrent updates")

    def _apologise(self, entry: InboxEntry, what: str) -> None:
        """Roll-back has happened; record the failure and tell the user, with a reference both share."""
        reference = f"E{self.services.now():%m%d}-{secrets.token_hex(3).upper()}"
        log.error(
            "error %s: handling message %s from %s:%s %s",
            reference,
            entry.message_id,
            entry.channel,
            entry.external_user_id,
            what,
            exc_info=what == "failed",
        )
        try:
            with self._uow() as uow:
                uow.inbox.fail(entry.id, reference, self.services.now())
                uow.outbox.queue(
                    ConversationKey(entry.channel, entry.external_user_id),
                    Reply(texts.apology(reference)),
                    at=self.services.now(),
                )
                uow.commit()
        except Exception:
            log.exception("could not record failure %s of message %s", reference, entry.message_id)

    def _turn(self, uow: UnitOfWork, inbound: Inbound) -> None:
        now = self.services.now()
        key = inbound.key
        user = uow.users.by_account(key.channel, key.external_user_id)
        owner = owner_of(key, user)
        stored = uow.conversations.get(owner)
        state = ConversationState.load(owner, stored)
        ctx = Context(
            uow=uow,
            services=self.services,
            key=key,
            user=user,
            now=now,
            data=state.data,
            catalogs=self.catalogs,
        )
        ctx.menu = lambda: self.registry.help_for(
            ctx.user, department_name(ctx, ctx.user.department) if ctx.user else None
        )
        replies: list[Reply] = []
        if len(inbound.text) > self.services.max_text_chars:
            log.warning("message of %d characters from %s refused", len(inbound.text), key)
            replies.append(Reply(texts.message_too_long(self.services.max_text_chars)))
        else:
            self._route(ctx, state, inbound, replies)
        state.choices = list(replies[-1].choices) if replies else state.choices
        state.data = ctx.data if not state.idle else {}
        if ctx.user is not None and user is None:
            # Just bound: from now on the state follows the user, so the rest of the flow and the menu's
            # numbers move there; the account's own state is left idle.
            bound_stored = uow.conversations.get(owner_of(key, ctx.user))
            bound = ConversationState.load(owner_of(key, ctx.user), bound_stored)
            bound.flow, bound.step, bound.data, bound.history = (
                state.flow,
                state.step,
                state.data,
                state.history,
            )
            bound.choices = state.choices
            state.reset()
            state.choices = []
            self._save(uow, state, stored)
            state, stored = bound, bound_stored
        self._save(uow, state, stored)
        for reply in replies:
            uow.outbox.queue(key, reply, at=now)
        self._deliver_notifications(uow, ctx, owner)

    def _save(self, uow: UnitOfWork, state: ConversationState, stored: StoredState | None) -> None:
        """Write the state's next version, compared and set against the one ``stored`` it was loaded from.
        A state left as it was (a command from the menu) writes only the version and the time: the same
        guard against a concurrent turn, without sending the draft back."""
        state.version += 1
        data = state.encode()
        now = self.services.now()
        if stored is not None and (state.flow, state.step, data) == (stored.flow, stored.step, stored.data):
            saved = uow.conversations.touch(state.owner, version=state.version, now=now)
        else:
            saved = uow.conversations.save(
                state.owner, flow=state.flow, step=state.step, data=data, version=state.version, now=now
            )
        if not saved:
            raise ConcurrentUpdate(state.owner)

    def _deliver_notifications(self, uow: UnitOfWork, ctx: Context, sender_owner: str) -> None:
        for user_id, reply in ctx.notifications:
            # The sender's own state belongs to this turn: a notification to themselves goes without buttons.
            if f"user:{user_id}" == sender_owner or not (
                reply.choices and offer_choices(uow.conversations, user_id, reply.choices, ctx.now)
            ):
                reply = without_choices(reply)
            for channel, external_id in uow.users.accounts(user_id):
                uow.outbox.queue(ConversationKey(channel, external_id), reply, at=ctx.now)

    # --- routing --------------------------------------------------------------------------------------

    def _route(self, ctx: Context, state: ConversationState, inbound: Inbound, out: list[Reply]) -> None:
        if not state.idle:
            self._expire_or_reset(ctx, state, out)
        message = self._resolve_number(state, inbound)
        if message.choice is not None:  # a button: a command only when its payload is one ("/采纳 3")
            command = self.registry.parse(message.choice, bare=False)
        else:
            command = self.registry.parse(message.text, bare=state.idle)
        if state.idle:
            self._idle(ctx, state, message, command, out)
            return
        flow = self.registry.flows[state.flow]
        if command and flow.steps[state.step].skippable:
            state.reset()
            if command.spec is self.registry.cancel:  # idle, /取消 would say nothing was going on
                out.append(Reply(texts.left_flow(flow.title)))
            else:
                self._idle(ctx, state, message, command, out)
        elif command and command.spec is self.registry.cancel:
            state.reset()
            out.append(Reply(texts.cancelled(flow.title)))
        elif command and command.spec is self.registry.back:
            self._back(ctx, state, flow, out)
        elif command and command.spec is self.registry.help:
            out.append(ctx.menu())
            out.append(self._prompt(ctx, flow, state.step))
        elif command:
            out.append(Reply(texts.busy(flow.title), self._prompt(ctx, flow, state.step).choices))
        elif message.choice is None and normalise(message.text).startswith("/"):
            # A mistyped command is not draft content.
            out.append(Reply(texts.unknown_command(flow.title), self._prompt(ctx, flow, state.step).choices))
        else:
            self._apply(ctx, state, flow, flow.steps[state.step].handle(ctx, message), out)

    def _expire_or_reset(self, ctx: Context, state: ConversationState, out: list[Reply]) -> None:
        flow = self.registry.flows.get(state.flow)
        if flow is None or state.step not in flow.steps:
            log.warning(
                "stored step %s/%s of %s no longer exists; reset", state.flow, state.step, state.owner
            )
            state.reset()
            ctx.data = {}
            out.append(Reply(texts.STATE_LOST))
        elif state.updated_at and ctx.now - state.updated_at > self.services.draft_idle:
            state.reset()
            ctx.data = {}
            out.append(Reply(texts.draft_expired(flow.title, self.services.draft_idle)))

    @staticmethod
    def _resolve_number(state: ConversationState, inbound: Inbound) -> Inbound:
        """A bare number answers the last prompt's buttons, on every channel; so does a button's label
        typed out ("确认提交"), as people do where buttons are shown as text."""
        text = inbound.text.strip()
        if inbound.choice is not None or not text:
            return inbound
        if text.isdigit() and 1 <= int(text) <= len(state.choices):
            return replace(inbound, choice=state.choices[int(text) - 1].payload, text="")
        by_label = [choice for choice in state.choices if choice.label == text]
        if len(by_label) == 1:
            return replace(inbound, choice=by_label[0].payload, text="")
        return inbound

    def _idle(
        self,
        ctx: Context,
        state: ConversationState,
        message: Inbound,
        command: ParsedCommand | None,
        out: list[Reply],
    ) -> None:
        if command is None:
            if out:  # a notice was given (expiry, reset): show the menu rather than guess
                out.append(ctx.menu())
                return
            command = self.registry.fallback(message.text)
        if command is None:
            out.append(self.registry.not_understood(ctx.user, stale_button=message.choice is not None))
            return
        refusal = self.registry.refusal(command.spec, ctx.user)
        if refusal:
            out.append(refusal)
            return
        transition = command.spec.run(ctx, command.args)
        if isinstance(transition, Goto):
            if command.spec.flow is None:
                raise ValueError(f"command {command.name} returned Goto without a flow")
            state.flow, state.step, state.history = command.spec.flow.name, transition.step, []
            out.extend(transition.notes)
            out.append(self._prompt(ctx, command.spec.flow, transition.step))
        elif isinstance(transition, Stay):
            out.append(Reply(transition.error))
        else:
            out.extend(transition.replies)

    def _back(self, ctx: Context, state: ConversationState, flow: Flow, out: list[Reply]) -> None:
        step = flow.steps[state.step]
        transition = step.back(ctx) if step.back else None
        if transition is not None:
            self._apply(ctx, state, flow, transition, out)
        elif state.history:
            state.step = state.history.pop()
            out.append(self._prompt(ctx, flow, state.step))
        else:
            out.append(Reply(texts.AT_FIRST_STEP, self._prompt(ctx, flow, state.step).choices))

    def _apply(
        self, ctx: Context, state: ConversationState, flow: Flow, transition: Transition, out: list[Reply]
    ) -> None:
        if isinstance(transition, Goto):
            if transition.step not in flow.steps:
                raise ValueError(f"flow {flow.name} has no step {transition.step}")
            if transition.step in state.history:
                del state.history[state.history.index(transition.step) :]
            elif transition.step != state.step:
                state.history.append(state.step)
            state.step = transition.step
            out.extend(transition.notes)
            out.append(self._prompt(ctx, flow, state.step))
        elif isinstance(transition, Stay):
            out.append(Reply(transition.error, self._prompt(ctx, flow, state.step).choices))
        elif isinstance(transition, Finish):
            state.reset()
            out.extend(transition.replies)

    @staticmethod
    def _prompt(ctx: Context, flow: Flow, step: str) -> Reply:
        return flow.steps[step].prompt(ctx)
