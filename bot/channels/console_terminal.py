"""The interactive console: a chat in the terminal, with /切换 to speak as another console user."""

from __future__ import annotations

import select
import shlex
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.channels.console import ConsoleChannel, ConsoleInputError, read_attachment, render_for_terminal
from conversations import Outgoing

SWITCH = ("/切换", "/switch")
ATTACH = ("/附件", "/file")
QUIT = ("/退出", "/quit", "/exit")

# The rest of a pasted list is already waiting when its first line is read; a person types a next line far
# more slowly than this.
PASTE_GAP_SECONDS = 0.05

HELP = (
    "控制台命令：/切换 账号 —— 以另一个账号说话；/附件 文件路径 [说明] —— 发送文件；/退出 —— 离开。\n"
    "其余输入都会发给 fmbot，例如 /帮助；一次粘贴的多行内容作为一条消息发送。"
)


def input_waiting(fd: int, timeout: float = PASTE_GAP_SECONDS) -> bool:
    """Whether more input can be read from ``fd`` within ``timeout`` seconds."""
    try:
        ready, _, _ = select.select([fd], [], [], timeout)
    except (OSError, ValueError):
        return False
    return bool(ready)


def more_typed_input() -> bool:
    """More of a paste waiting on a terminal's stdin. Piped input is read a line a message, as before."""
    try:
        return sys.stdin.isatty() and input_waiting(sys.stdin.fileno())
    except (OSError, ValueError):
        return False


class Terminal:
    """Reads messages, speaks as the current user, shows that user's replies and holds others' until
    they are switched to — as each would see them on their own phone.

    A message is what arrives at once: a pasted list of goals is one message, as in a chat app, not one
    message a line."""

    def __init__(
        self,
        channel: ConsoleChannel,
        user: str,
        files_dir: Path,
        out: TextIO,
        read_line: Callable[[str], str] = input,
        more_waiting: Callable[[], bool] = more_typed_input,
    ) -> None:
        self.channel = channel
        self.user = user
        self.files_dir = files_dir
        self.out = out
        self.read_line = read_line
        self.more_waiting = more_waiting
        self.held: dict[str, list[Outgoing]] = defaultdict(list)

    def run(self) -> None:
        self._print(HELP)
        self._show(self.channel.drain())
        while True:
            try:
                message = self._read_message()
            except (EOFError, KeyboardInterrupt):
                self._print("")
                return
            if not message:
                continue
            command, _, rest = message.partition(" ")
            if "\n" in message:  # a paste: all of it for fmbot, even if it begins like a console command
                self._show(self.channel.say(self.user, message))
            elif command in QUIT:
                return
            elif command in SWITCH:
                self._switch(rest.strip())
            elif command in ATTACH:
                self._attach(rest)
            else:
                self._show(self.channel.say(self.user, message))

    def _read_message(self) -> str:
        """One line, and every line that arrived with it."""
        lines = [self.read_line(f"[{self.user}] > ")]
        while self.more_waiting():
            try:
                lines.append(self.read_line(""))
            except EOFError:
                break
        return "\n".join(lines).strip()

    def _switch(self, user: str) -> None:
        if not user:
            self._print("用法：/切换 账号，例如 /切换 staff")
            return
        self.user = user
        waiting = self.held.pop(user, [])
        self._print(f"现在以 {user} 的身份对话。" + (f"有 {len(waiting)} 条新消息：" if waiting else ""))
        self._show(waiting)

    def _attach(self, rest: str) -> None:
        try:
            words = shlex.split(rest)
        except ValueError:
            words = rest.split()
        if not words:
            self._print("用法：/附件 文件路径 [说明]")
            return
        try:
            attachment = read_attachment(words[0])
        except ConsoleInputError as error:
            self._print(str(error))
            return
        self._show(self.channel.say(self.user, " ".join(words[1:]), attachment=attachment))

    def _show(self, delivered: list[Outgoing]) -> None:
        for outgoing in delivered:
            to = outgoing.key.external_user_id
            if to == self.user:
                self._print(render_for_terminal(outgoing, self.user, self.files_dir) + "\n")
            else:
                self.held[to].append(outgoing)
        others = {user: len(messages) for user, messages in self.held.items() if messages}
        if others:
            waiting = "，".join(f"{user} {count} 条" for user, count in others.items())
            self._print(f"（其他账号有新消息：{waiting}。用 /切换 账号 查看）")

    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()
