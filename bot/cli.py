"""The ``fmbot`` command: one sub-command per module in ``bot.commands``.

Only the module of the command being run is imported: a command module pulls in what it needs (the
matcher, the database, aiogram for ``serve``), and that takes seconds, which ``fmbot --help`` or
``fmbot check`` should not wait for. Every other command is listed by its name and help alone.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot import __version__
from bot.config import ConfigError, load_settings
from bot.log_redaction import RedactingFilter


@dataclass(frozen=True)
class Command:
    """A sub-command: the module whose register(subparsers) adds it (its parser sets
    ``handler(args, settings) -> int``), and the help ``fmbot --help`` shows without importing it."""

    module: str
    help: str
    service: bool = False  # a long-running process: its log goes to stderr, for the service manager


COMMANDS = {
    "db": Command("bot.commands.db", "数据库：迁移到最新版本"),
    "catalog": Command("bot.commands.catalog", "职责目录（三定）：导入、查看、导出"),
    "invite": Command("bot.commands.invite", "生成一次性邀请码（最后一行即邀请码）"),
    "check": Command("bot.commands.check", "对照三定职责逐条审查工作目标（不需要数据库）"),
    "judgements": Command("bot.commands.judgements", "编办认定：导出为 JSONL"),
    "perf": Command("bot.commands.perf", "绩效管理：考评方案、考评表模板与导入、得分、导出、结束考评"),
    "archive": Command("bot.commands.archive", "电子档案：导出部门年度职能履行档案（Word、Excel）或全市汇总"),
    "console": Command("bot.commands.console", "在终端里与 fmbot 对话（--jsonl 供脚本使用）"),
    "demo": Command("bot.commands.demo", "打开演示数据库（首次运行时建立并载入示例数据）和控制台"),
    "nudges": Command("bot.commands.nudges", "按指定时刻运行一次催办扫描，列出排入发送队列的提醒"),
    "visit": Command(
        "bot.commands.visit", "走访座谈、现场查看：记录（涉及的发现可据此确认、驳回或办结）和查看"
    ),
    "monitor": Command("bot.commands.monitor", "运行监管：计算缺位、越位、交叉、滞后、不报五类监测信号"),
    "recommend": Command(
        "bot.commands.monitor", "动态管理：按部门和年度生成调整职能、理顺关系、机构编制等建议"
    ),
    "serve": Command(
        "bot.commands.serve",
        "启动 HTTP 服务：/healthz、企业微信回调、Telegram Webhook，以及发送和定时催办",
        service=True,
    ),
    "run": Command(
        "bot.commands.serve", "不开 HTTP 服务运行：Telegram 长轮询，以及发送和定时催办", service=True
    ),
}

log = logging.getLogger("fmbot")


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``: the chosen command's module registers its own parser; every other
    command is a placeholder with its help (its module is imported only when it is chosen)."""
    parser = argparse.ArgumentParser(prog="fmbot", description="职能管理助手 fmbot")
    parser.add_argument("--version", action="version", version=f"fmbot {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = chosen_command(argv)
    registered: set[str] = set()
    for name, command in COMMANDS.items():
        if name in registered:
            continue  # registered by a module that adds several commands (serve adds run too)
        if name == chosen or (chosen in COMMANDS and COMMANDS[chosen].module == command.module):
            before = set(subparsers.choices)
            importlib.import_module(command.module).register(subparsers)
            registered |= set(subparsers.choices) - before
        else:
            subparsers.add_parser(name, help=command.help)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv``: its first word that is not an option (fmbot's own options take
    no value)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words)
    args = parser.parse_args(words)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        settings = load_settings()
        command = COMMANDS.get(args.command)
        configure_logging(
            settings.log_level, log_file=None if command is None or command.service else settings.log_file
        )
        return int(args.handler(args, settings) or 0)
    except ConfigError as error:
        print(f"配置错误：{error}", file=sys.stderr)
        return 2


def configure_logging(level: str = "INFO", *, log_file: str | None = None) -> None:
    """The log goes to ``log_file`` when given (commands people run: their terminal shows only what the
    command prints, in Chinese), else to stderr (services, whose stderr is the service manager's log)."""
    root = logging.getLogger()
    if any(not getattr(handler, "fmbot", False) for handler in root.handlers):
        return  # logging is set up by whoever runs main (pytest does), as logging.basicConfig would leave it
    handler: logging.Handler = _LogFile(log_file) if log_file else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    for old in [h for h in root.handlers if getattr(h, "fmbot", False)]:
        root.removeHandler(old)  # configured again (main run twice in one process, as tests do)
        old.close()
    handler.fmbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # urllib3 logs whole request URLs at DEBUG, and WeCom puts corpsecret and access_token in them.
    logging.getLogger("urllib3").setLevel(max(logging.INFO, logging.getLogger().level))
    # Alembic announces every migration context at INFO; operators only need to hear of problems.
    logging.getLogger("alembic").setLevel(logging.WARNING)


class _LogFile(logging.FileHandler):
    """Opened at the first record, so a command that logs nothing (``check`` of a good file) leaves no
    file behind; a file that cannot be written is said once, in Chinese, and the records are dropped."""

    def __init__(self, path: str) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.failed:
            return
        if self.stream is None:
            try:
                Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
                self.stream = self._open()
            except OSError:
                self.handleError(record)
                return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        if not self.failed:
            self.failed = True
            notice = f"注意：无法写入日志文件 {self.baseFilename}（FM_LOG_FILE），本次运行不记日志。"
            print(notice, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
