"""``--now``: run a command as if it were another local moment (``fmbot nudges``, ``monitor``,
``recommend``, ``console``, ``serve``, ``run``), so that a December console can try 「上月进展」 or a test
deployment can stand at a deadline."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from bot.clock import Clock, parse_local_moment, running_from, utc_now
from bot.config import Settings

EXIT_BAD_MOMENT = 2
METAVAR = "YYYY-MM-DDTHH:MM"
BAD_MOMENT = "--now 应为本地时刻，例如 2026-12-03T09:00，实际为 {value!r}"


def add_now_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--now", metavar=METAVAR, help=f"{what}的本地时刻（FM_TIMEZONE），从这一刻起计时；默认为当前时间"
    )


def clock_from_args(args: argparse.Namespace, settings: Settings) -> Clock | None:
    """The clock ``--now`` asks for (running on from that moment), the wall clock without it; None, with
    one Chinese line on stderr, when the moment cannot be read."""
    if not args.now:
        return utc_now
    start = moment_from_args(args, settings)
    return None if start is None else running_from(start)


def moment_from_args(
    args: argparse.Namespace, settings: Settings, bad_moment: str = BAD_MOMENT
) -> datetime | None:
    """The moment ``--now`` names, the wall clock's now without it; None, with ``bad_moment`` (its
    ``{value}`` the text given) on stderr, when the moment cannot be read."""
    if not args.now:
        return utc_now()
    try:
        return parse_local_moment(args.now, settings.tz)
    except ValueError:
        print(bad_moment.format(value=args.now), file=sys.stderr)
        return None
