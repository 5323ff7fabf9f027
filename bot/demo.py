"""The demo database: the bundled sample catalog and one console user per role, ready to chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.catalog_files import load_sample_catalog
from bot.channels.console import CHANNEL
from bot.commands.catalog import store_catalog
from fm_domain.models import Catalog
from fm_domain.users import Role
from storage import Database

DEMO_DATABASE = Path("var/demo.sqlite3")
STAFF_ACCOUNT = "staff"


@dataclass(frozen=True)
class DemoUser:
    account: str  # the console account, what /切换 takes
    display_name: str
    role: Role
    department: str | None


def demo_users(catalog: Catalog) -> list[DemoUser]:
    """One staff member of the office and one liaison for each department of the catalog."""
    users = [DemoUser(STAFF_ACCOUNT, "王敏", Role.STAFF, None)]
    users += [
        DemoUser(department.code, _LIAISON_NAMES[n % len(_LIAISON_NAMES)], Role.LIAISON, department.code)
        for n, department in enumerate(catalog)
    ]
    return users


_LIAISON_NAMES = ("李静", "张伟", "刘洋", "陈晨", "杨帆", "赵磊", "周敏", "吴昊")


@dataclass(frozen=True)
class Demo:
    catalog: Catalog
    users: list[DemoUser]


def seed_demo(database: Database, now: datetime) -> Demo:
    """Load the sample catalog and create the demo users with their console accounts bound."""
    catalog = load_sample_catalog()
    store_catalog(database, catalog, "内置示例目录（南通五个试点部门）")
    users = demo_users(catalog)
    with database.unit_of_work() as uow:
        for user in users:
            created = uow.users.create(user.display_name, user.role, user.department, now)
            uow.users.bind_account(created.id, CHANNEL, user.account, now)
        uow.commit()
    return Demo(catalog, users)


def fresh_demo_file(path: Path = DEMO_DATABASE) -> str:
    """A database URL for a demo file started afresh (the demo never touches FM_DATABASE_URL)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def guide(demo: Demo) -> str:
    users = demo.users
    liaisons = "、".join(f"{u.account}（{u.display_name}）" for u in users if u.role is Role.LIAISON)
    return "\n".join(
        [
            "fmbot 演示 —— 职能管理助手",
            "已载入示例目录（bot/data/sample_catalog.yaml）：",
            *(f"  {line}" for line in catalog_summary(demo.catalog)),
            f"已绑定的控制台账号：{STAFF_ACCOUNT}（编办工作人员）；各部门联络员 {liaisons}。",
            "可以试试：",
            "  /帮助                       看看这个账号能做什么",
            "  /年度目标                   以民政局联络员报送年度目标，逐条看匹配到的职责",
            "  职责 低保归谁管              跨部门查找一件事归哪个部门、哪条职责",
            "  /切换 staff  然后 发现       以编办身份查看审核发现，确认或驳回",
            "  /切换 staff  然后 /函询 sifa  向司法局发书面函询",
        ]
    )


def catalog_summary(catalog: Catalog) -> list[str]:
    lines = []
    for department in catalog:
        retired = sum(1 for duty in department.duties if not duty.active)
        periodic = sum(1 for duty in department.duties if duty.periodic)
        lines.append(
            f"{department.code:<10} {department.name}：主要职责 {len(department.duties)} 项"
            f"（已取消/转移/下放 {retired} 项，阶段性 {periodic} 项），"
            f"内设机构 {len(department.divisions)} 个"
        )
    return lines
