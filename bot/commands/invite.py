"""``fmbot invite --role ROLE [--department CODE] [--days N]``: issue a single-use invite code.

The code is printed alone on the last line, so scripts can take it with ``tail -n 1``. This is how the
first administrator gets in; chat flows redeem the same codes.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.clock import utc_now
from bot.config import Settings
from bot.database import open_database
from fm_domain.users import DEFAULT_INVITE_DAYS, InviteError, Role, check_assignment, invite_expiry

log = logging.getLogger("fmbot.invite")

EXIT_REFUSED = 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "invite",
        help="生成一次性邀请码（最后一行即邀请码）",
        description="生成一次性邀请码：在聊天中发送「/绑定 邀请码」即可绑定角色。邀请码单独印在最后一行。",
    )
    parser.add_argument("--role", required=True, choices=[role.value for role in Role], help="角色")
    parser.add_argument("--department", metavar="CODE", help="部门代码（联络员必填，须已在职责目录中）")
    parser.add_argument(
        "--days",
        type=int,
        default=DEFAULT_INVITE_DAYS,
        metavar="N",
        help=f"有效天数（默认 {DEFAULT_INVITE_DAYS}）",
    )
    parser.set_defaults(handler=_invite)


def _invite(args: argparse.Namespace, settings: Settings) -> int:
    role = Role(args.role)
    department_code = (args.department or "").strip() or None
    now = utc_now()
    try:
        check_assignment(role, department_code)
        expires_at = invite_expiry(now, args.days)
    except InviteError as error:
        print(f"无法生成邀请码：{error}", file=sys.stderr)
        return EXIT_REFUSED

    database = open_database(settings)
    try:
        with database.unit_of_work() as uow:
            department = uow.catalog.department(department_code) if department_code else None
            if department_code and department is None:
                hint = "先用 fmbot catalog import 导入"
                print(f"无法生成邀请码：部门 {department_code} 不在职责目录中（{hint}）。", file=sys.stderr)
                return EXIT_REFUSED
            code = uow.invites.issue(role, department_code, expires_at, now)
            uow.commit()
    finally:
        database.dispose()

    # Never log the code itself: whoever reads the logs could redeem it.
    log.info("invite issued: role=%s department=%s expires_at=%s", role.value, department_code, expires_at)
    target = f"，部门：{department.name}（{department.code}）" if department else ""
    local_expiry = expires_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
    print(f"已生成一次性邀请码。角色：{role.label}{target}；有效期至 {local_expiry}（{settings.timezone}）。")
    print("请把邀请码交给本人，在聊天中发送「/绑定 邀请码」完成绑定。邀请码：")
    print(code)
    return 0
