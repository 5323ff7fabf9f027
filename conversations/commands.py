"""The command table: names (Chinese, with English aliases), who may use each, and how text is parsed.

Inside a flow only slash commands (``/取消``) count as commands, so a draft line that happens to start with
a command word stays a draft line; outside a flow the bare word works too (``待办``, ``职责 低保``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from conversations import texts
from conversations.flow import Command, Flow
from conversations.messages import Choice, Reply
from conversations.ports import UserRecord
from conversations.rights import GUEST, role_of

_BOT_SUFFIX = re.compile(r"^(/[^\s@]+)@\S+")  # Telegram appends @botname in groups
# "低保归谁管", "社区矫正由哪个部门负责": a duty look-up asked in plain words.
_WHO_HANDLES = re.compile(
    r"^(?P<topic>.+?)(?:归谁管|由谁管|谁来管|谁管|归哪个部门管?|由哪个部门(?:负责|管)|哪个部门(?:负责|管))[？?。]*$"
)


@dataclass(frozen=True)
class ParsedCommand:
    name: str
    spec: Command
    args: str


def normalise(text: str) -> str:
    """Full-width slashes, spaces and letters (Chinese input methods) folded to their plain forms."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    return _BOT_SUFFIX.sub(r"\1", folded)


# Full-width letters and digits (ＡＢＣＤ, ２０２６) and the ideographic space, folded in arguments so
# that codes, numbers and periods typed with a Chinese input method still read; punctuation (，：（）)
# is the user's wording and stays as typed (issue 12, item 13).
_ARGUMENT_FOLD = str.maketrans(
    {0x3000: " "} | {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code - 0xFEE0).isalnum()}
)


def _as_typed(text: str) -> str:
    """An argument as the user typed it, with only full-width letters, digits and spaces made plain."""
    return text.translate(_ARGUMENT_FOLD).strip()


@dataclass(frozen=True)
class _Split:
    """A message cut at its first space: the command word folded for matching, the word as typed (for
    "/职责低保，救助" whose argument is glued to it) and the rest as typed."""

    head: str
    word_as_typed: str
    rest: str


def _split_head(text: str) -> _Split:
    """ "／职责　教育局，民政局" gives head "/职责" and rest "教育局，民政局"; the slash may stand apart."""
    stripped = (text or "").strip()
    slash = stripped[:1] in ("/", "／")
    body = stripped[1:].lstrip() if slash else stripped
    parts = body.split(maxsplit=1) or [""]
    word = parts[0]
    head = normalise(("/" if slash else "") + word)
    if slash and "@" in unicodedata.normalize("NFKC", word) and "@" not in head:
        word = re.split("[@＠]", word, maxsplit=1)[0]  # the @botname Telegram appends
    return _Split(head, word, _as_typed(parts[1]) if len(parts) > 1 else "")


class Registry:
    def __init__(
        self,
        commands: Iterable[Command],
        *,
        cancel: Command,
        back: Command,
        help: Command,
        duty_lookup: Command,
    ) -> None:
        self.commands = (cancel, back, help, *commands)
        self.cancel, self.back, self.help, self.duty_lookup = cancel, back, help, duty_lookup
        self._by_name: dict[str, Command] = {}
        for command in self.commands:
            for name in command.names:
                if name.lower() in self._by_name:
                    raise ValueError(f"command name {name} is used twice")
                self._by_name[name.lower()] = command
        self.flows: dict[str, Flow] = {c.flow.name: c.flow for c in self.commands if c.flow}
        # Longest first, so that /函询回复 is not read as /函询 with the argument 回复.
        self._prefixes = sorted((n for n in self._by_name if not n.isascii()), key=len, reverse=True)

    def parse(self, text: str | None, *, bare: bool) -> ParsedCommand | None:
        """The command a message or button payload names. ``bare``: accept it without a leading slash."""
        split = _split_head(text or "")
        args = split.rest
        slash = split.head.startswith("/")
        name = split.head[1:] if slash else split.head
        if not slash and not bare and (name not in ("取消", "返回") or args):
            return None
        command = self._by_name.get(name.lower())
        if command is not None and not slash and name.isascii():
            command = None  # bare English words are too common to be commands: "confirm" needs its slash
        if command is None and slash:
            # "/绑定ABCD" or "/职责低保": a Chinese command name glued to its argument.
            prefix = next((p for p in self._prefixes if name.startswith(p)), None)
            if prefix:
                glued = _as_typed(split.word_as_typed[len(prefix) :])
                name, args, command = prefix, f"{glued} {args}".strip(), self._by_name[prefix]
        if command is None:
            return None
        return ParsedCommand(command.names[0], command, args.strip())

    def fallback(self, text: str) -> ParsedCommand | None:
        """Plain questions that mean a command: "低保归谁管" is ``职责 低保``."""
        match = _WHO_HANDLES.match(_as_typed(text or ""))
        if match:
            return ParsedCommand(self.duty_lookup.names[0], self.duty_lookup, match.group("topic").strip())
        return None

    def available_to(self, user: UserRecord | None) -> list[Command]:
        role = role_of(user)
        return [c for c in self.commands if role in c.roles]

    def _offered(self, user: UserRecord | None) -> list[Command]:
        """What to suggest: the user's own commands, not those every account has (help, bind, cancel)."""
        return [c for c in self.available_to(user) if GUEST not in c.roles]

    def help_for(self, user: UserRecord | None, department: str | None = None) -> Reply:
        """What this user may do, with buttons for the flows that need no argument."""
        if user is None:
            return Reply(texts.GUEST_HELP)
        available = self._offered(user)
        lines = [texts.help_heading(user.display_name, role_of(user), department)]
        lines += [
            texts.help_line(c.usage or "/" + c.names[0], c.names[1] if len(c.names) > 1 else "", c.summary)
            for c in available
        ]
        lines.append(texts.HELP_FOOTER)
        menu = tuple(Choice(c.names[0], "/" + c.names[0]) for c in available if not c.usage)
        return Reply("\n".join(lines), menu)

    def not_understood(self, user: UserRecord | None, *, stale_button: bool) -> Reply:
        if user is None:
            return Reply(texts.GUEST_HELP)
        return Reply(texts.STALE_BUTTON if stale_button else texts.NOT_UNDERSTOOD)

    def refusal(self, command: Command, user: UserRecord | None) -> Reply | None:
        """None when the user may run it; otherwise what they can do instead."""
        role = role_of(user)
        if role in command.roles:
            return None
        if role == GUEST:
            return Reply(texts.GUEST_HELP)
        allowed = [c.names[0] for c in self._offered(user)]
        return Reply(texts.not_allowed(command.names[0], command.roles, allowed))


def default_registry() -> Registry:
    # Imported here: the flow modules import texts and flow helpers, not the registry.
    from conversations.flows import (
        annual_goals,
        archive,
        basics,
        bind,
        duty_classes,
        finding_lifecycle,
        findings,
        half_year_summary,
        inquiry,
        invite,
        issue_report,
        lookups,
        monthly,
        performance,
        progress_tables,
        recommendations,
        reporting_tasks,
        visits,
        work_reports,
    )

    return Registry(
        [
            bind.COMMAND,
            invite.COMMAND,
            annual_goals.COMMAND,
            monthly.COMMAND,
            half_year_summary.COMMAND,
            issue_report.COMMAND,
            *issue_report.STAFF_COMMANDS,
            *inquiry.COMMANDS,
            *lookups.COMMANDS,
            *findings.COMMANDS,
            *finding_lifecycle.COMMANDS,
            reporting_tasks.COMMAND,
            *performance.COMMANDS,
            *archive.COMMANDS,
            *recommendations.COMMANDS,
            *duty_classes.COMMANDS,
            *progress_tables.COMMANDS,
            *work_reports.COMMANDS,
            *visits.COMMANDS,
        ],
        cancel=basics.CANCEL,
        back=basics.BACK,
        help=basics.HELP,
        duty_lookup=lookups.DUTY,
    )
