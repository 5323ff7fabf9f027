"""``fmbot serve``: the HTTP server (health check, WeCom callback, Telegram webhook) with delivery and
the minute sweep; ``fmbot run --telegram``: the same without HTTP, receiving by long polling."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bot.app import Application, build_application
from bot.commands.moment import EXIT_BAD_MOMENT, add_now_option, clock_from_args
from bot.config import ConfigError, Settings

log = logging.getLogger("fmbot.serve")

NOW_WHAT = "测试部署：对话和催办所在"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = subparsers.add_parser(
        "serve", help="启动 HTTP 服务：/healthz、企业微信回调、Telegram Webhook，以及发送和定时催办"
    )
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，放在反向代理之后）")
    serve.add_argument("--port", type=int, default=8080, help="监听端口（默认 8080）")
    add_now_option(serve, NOW_WHAT)
    serve.set_defaults(handler=_serve)

    polling = subparsers.add_parser("run", help="不开 HTTP 服务运行：Telegram 长轮询，以及发送和定时催办")
    polling.add_argument("--telegram", action="store_true", help="以长轮询方式接收 Telegram 消息")
    add_now_option(polling, NOW_WHAT)
    polling.set_defaults(handler=_run)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    app = serving_application(args, settings)
    if app is None:
        return EXIT_BAD_MOMENT
    from bot.runtime import HttpAddress, run  # aiogram and aiohttp: only for the commands that serve

    try:
        # Without a webhook URL, Telegram is received by long polling in the same process.
        asyncio.run(run(app, http=HttpAddress(args.host, args.port), telegram_polling=True))
    finally:
        app.close()
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if not args.telegram:
        raise ConfigError("请指定要运行的渠道：fmbot run --telegram（企业微信需要 fmbot serve 接收回调）")
    if not settings.telegram_enabled:
        raise ConfigError("fmbot run --telegram 需要 FM_TELEGRAM_TOKEN")
    app = serving_application(args, settings)
    if app is None:
        return EXIT_BAD_MOMENT
    from bot.runtime import run

    try:
        asyncio.run(run(app, http=None, telegram_polling=True))
    finally:
        app.close()
    return 0


def serving_application(args: argparse.Namespace, settings: Settings) -> Application | None:
    """The application on the clock ``--now`` asks for; None when the moment cannot be read."""
    clock = clock_from_args(args, settings)
    if clock is None:
        return None
    if args.now:
        log.warning(
            "--now: conversations and nudges run from %s, not the wall clock (test deployments only)",
            clock().isoformat(),
        )
    return build_application(settings, clock=clock)
