"""``--now``: run a command as if it were another local moment (``fmbot nudges``, ``console``, ``serve``,
``run``), so that a December console can try 「上月进展」 or a test deployment can stand at a deadline."""

from __future__ import annotations

import argparse
import sys

from bot.clock import Clock, parse_local_moment, running_from, utc_now
from bot.config import Settings

EXIT_BAD_MOMENT = 2
METAVAR = "YYYY-MM-DDTHH:MM"


def add_now_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--now", metavar=METAVAR, help=f"{what}的本地时刻（FM_TIMEZONE），从这一刻起计时；默认为当前时间"
    )


def clock_from_args(args: argparse.Namespace, settings: Settings) -> Clock | None:
    """The clock ``--now`` asks for (running on from that moment), the wall clock without it; None, with
    one Chinese line on stderr, when the moment cannot be read."""
    if not args.now:
        return utc_now
    try:
        start = parse_local_moment(args.now, settings.tz)
    except ValueError:
        print(f"--now 应为本地时刻，例如 2026-12-03T09:00，实际为 {args.now!r}", file=sys.stderr)
        return None
    return running_from(start)
