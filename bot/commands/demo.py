"""``fmbot demo [--reset]``: the demo database (var/demo.sqlite3) with the sample catalog, its users and a
month of sample use, then the console, with the web console at a local address (printed) for as long as
the console runs. The database is kept between runs; ``--reset`` starts afresh."""

from __future__ import annotations

import argparse
import dataclasses
import logging

from bot.app import Application, build_application
from bot.clock import utc_now
from bot.commands.console import run_console
from bot.config import Settings
from bot.console import console_mount
from bot.console.background import address_of, bind_local, serving_in_background
from bot.demo import (
    DEMO_DATABASE,
    DEMO_WEB_PORT,
    Demo,
    SampleScriptError,
    add_sample_month,
    demo_database_url,
    guide,
    is_seeded,
    loaded_demo,
    seed_demo,
    web_console_lines,
)
from bot.web import create_web_app

log = logging.getLogger("fmbot.demo")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "demo", help=f"打开演示数据库（{DEMO_DATABASE}，首次运行时建立并载入示例数据）和控制台"
    )
    parser.add_argument("--as", dest="user", default="minzheng", help="以哪个控制台账号开始（默认 minzheng）")
    parser.add_argument("--reset", action="store_true", help="删除演示数据库，从头开始（make demo RESET=1）")
    parser.add_argument(
        "--web-port",
        type=int,
        default=DEMO_WEB_PORT,
        help=f"网页控制台的端口（默认 {DEMO_WEB_PORT}，被占用时另选）",
    )
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    url = demo_database_url(reset=args.reset)
    sock = bind_local(args.web_port)  # bound first: /登录 links name its address
    address = address_of(sock)
    app = build_application(dataclasses.replace(settings, database_url=url, web_base_url=address))
    try:
        demo = loaded_demo(app.database) if is_seeded(app.database) else _new_demo(app)
        print(guide(demo), flush=True)
        with serving_in_background(lambda: create_web_app(app.database, [console_mount(app)]), sock):
            print(web_console_lines(address), flush=True)
            return run_console(app, args.user, jsonl=False)
    finally:
        sock.close()
        app.close()


def _new_demo(app: Application) -> Demo:
    now = utc_now()
    demo = seed_demo(app.database, now)
    try:
        samples = add_sample_month(app.database, app.engine.services, now)
    except SampleScriptError as error:
        # The demo still works without its sample month; the log says which step went differently.
        log.error("demo sample month stopped: %s", error)
        samples = ("示例数据未能全部载入（详见日志），其余演示照常。",)
    return dataclasses.replace(demo, samples=samples)
