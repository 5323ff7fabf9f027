"""The interactive console: a chat in the terminal, with /切换 to speak as another console user."""

from __future__ import annotations

import shlex
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.channels.console import ConsoleChannel, ConsoleInputError, read_attachment, render_for_terminal
from conversations.messages import Outgoing

SWITCH = ("/切换", "/switch")
ATTACH = ("/附件", "/file")
QUIT = ("/退出", "/quit", "/exit")

HELP = (
    "控制台命令：/切换 账号 —— 以另一个账号说话；/附件 文件路径 [说明] —— 发送文件；/退出 —— 离开。\n"
    "其余输入都会发给 fmbot，例如 /帮助。"
)


class Terminal:
    """Reads lines, speaks as the current user, shows that user's replies and holds others' until they
    are switched to — as each would see them on their own phone."""

    def __init__(self, channel: ConsoleChannel, user: str, files_dir: Path, out: TextIO,
                 read_line: Callable[[str], str] = input) -> None:
        self.channel = channel
        self.user = user
        self.files_dir = files_dir
        self.out = out
        self.read_line = read_line
        self.held: dict[str, list[Outgoing]] = defaultdict(list)

    def run(self) -> None:
        self._print(HELP)
        self._show(self.channel.drain())
        while True:
            try:
                line = self.read_line(f"[{self.user}] > ").strip()
            except (EOFError, KeyboardInterrupt):
                self._print("")
                return
            if not line:
                continue
            command, _, rest = line.partition(" ")
            if command in QUIT:
                return
            if command in SWITCH:
                self._switch(rest.strip())
            elif command in ATTACH:
                self._attach(rest)
            else:
                self._show(self.channel.say(self.user, line))

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
