"""The demo database: the bundled sample catalog, one console user per role, and a month of use.

The month is played through the conversation engine, as the people in it would have typed it, on a clock
stepped day by day: submissions (with the findings their review raises), and an inquiry to a department.
So staff commands (发现, 未报, /函询记录, 部门 …) have something to show on the first run. The demo keeps its
database between runs; ``fmbot demo --reset`` (``make demo RESET=1``) starts it afresh.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.catalog_files import load_sample_catalog
from bot.channels.console import CHANNEL, ConsoleChannel
from bot.commands.catalog import store_catalog
from conversations import Engine, Services
from fm_domain.models import Catalog
from fm_domain.users import Role
from storage import Database

DEMO_DATABASE = Path("var/demo.sqlite3")
STAFF_ACCOUNT = "staff"
LEADER_ACCOUNT = "leader"  # 分管市领导: rates departments (/评价) for the year's 绩效考评
# How the guide and the README reopen the demo: the same database, the console of the virtualenv.
CONSOLE_COMMAND = f"FM_DATABASE_URL=sqlite:///{DEMO_DATABASE} .venv/bin/fmbot console --as {STAFF_ACCOUNT}"
SAMPLE_DAYS = 30
DEMO_WEB_PORT = 8765  # the web console's port, when free


@dataclass(frozen=True)
class DemoUser:
    account: str  # the console account, what /切换 takes
    display_name: str
    role: Role
    department: str | None


def demo_users(catalog: Catalog) -> list[DemoUser]:
    """One staff member of the office, a leader, and one liaison for each department of the catalog."""
    users = [
        DemoUser(STAFF_ACCOUNT, "王敏", Role.STAFF, None),
        DemoUser(LEADER_ACCOUNT, "陈主任", Role.LEADER, None),
    ]
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
    samples: tuple[str, ...] = ()  # what the sample month left, one line each, for the guide


def demo_database_url(path: Path = DEMO_DATABASE, *, reset: bool = False) -> str:
    """The demo's database URL (the demo never touches FM_DATABASE_URL); with ``reset``, the file is
    removed first so that the demo starts afresh."""
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def is_seeded(database: Database) -> bool:
    """Whether the demo's staff account is bound already: a database the demo set up before."""
    with database.unit_of_work() as uow:
        return uow.users.by_account(CHANNEL, STAFF_ACCOUNT) is not None


def seed_demo(database: Database, now: datetime) -> Demo:
    """Load the sample catalog and create the demo users with their console accounts bound."""
    catalog = load_sample_catalog()
    store_catalog(database, catalog, "内置示例目录（南通五个试点部门）", now)
    users = demo_users(catalog)
    with database.unit_of_work() as uow:
        for user in users:
            created = uow.users.create(user.display_name, user.role, user.department, now)
            uow.users.bind_account(created.id, CHANNEL, user.account, now)
        uow.commit()
    return Demo(catalog, users)


# -- the sample month -------------------------------------------------------------------------------------


class SampleScriptError(RuntimeError):
    """A step of the sample month did not get the reply it expects: a flow changed under the script."""


@dataclass(frozen=True)
class Step:
    day: int  # days after the month began
    account: str
    text: str
    expect: str  # a part of the replies that shows the step went as meant


def _numbered(*items: str) -> str:
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))


# Liaisons of four departments submit (民政局 is left for the visitor to try), some items outside their
# duties or shared with another department, so that findings wait for staff; staff send an inquiry.
SAMPLE_MONTH = (
    Step(1, "jiaoyu", "/年度目标", "请选择报送层级"),
    Step(1, "jiaoyu", "1", "请发送事项"),
    Step(
        1,
        "jiaoyu",
        _numbered("推进义务教育优质均衡发展", "做好城乡低保提标工作", "开展全市招商引资推介活动"),
        "预览",
    ),
    Step(1, "jiaoyu", "1", "回执编号"),
    Step(3, "chengguan", "/月度安排", "请发送事项"),
    Step(
        3,
        "chengguan",
        _numbered("整治主次干道占道经营", "推进生活垃圾分类示范小区建设", "组织开展全市中小学生研学活动"),
        "预览",
    ),
    Step(3, "chengguan", "1", "回执编号"),
    Step(4, "shangwu", "/年度目标", "请选择报送层级"),
    Step(4, "shangwu", "1", "请发送事项"),
    Step(
        4,
        "shangwu",
        _numbered("举办全市外资招商推介会", "推进内外贸一体化试点", "开展城乡居民最低生活保障资格复核"),
        "预览",
    ),
    Step(4, "shangwu", "1", "回执编号"),
    Step(5, "sifa", "/月度安排", "请发送事项"),
    Step(5, "sifa", _numbered("开展社区矫正对象集中教育", "推进公共法律服务实体平台建设"), "预览"),
    Step(5, "sifa", "1", "回执编号"),
    Step(SAMPLE_DAYS - 2, STAFF_ACCOUNT, "/函询 sifa", "请输入函询的问题"),
    Step(
        SAMPLE_DAYS - 2, STAFF_ACCOUNT, "社区矫正对象的就业帮扶由司法局还是人社部门牵头？请说明依据。", "期限"
    ),
    Step(SAMPLE_DAYS - 2, STAFF_ACCOUNT, "10个工作日", "预览"),
    Step(SAMPLE_DAYS - 2, STAFF_ACCOUNT, "1", "已发给司法局"),
)


def add_sample_month(database: Database, services: Services, now: datetime) -> tuple[str, ...]:
    """Play ``SAMPLE_MONTH`` over the month before ``now`` through an engine like the application's, on
    a clock at 10:00 local of each step's day. The reporting tasks are dated back to the month's start,
    as if the office had used fmbot since. Returns the guide's lines about it."""
    start = (now.astimezone(services.timezone) - timedelta(days=SAMPLE_DAYS)).date()
    date_tasks_back(database, start, now)
    moment = _StepClock(datetime.combine(start, time(10), services.timezone))
    engine = Engine(database.unit_of_work, dataclasses.replace(services, clock=moment))
    channel = ConsoleChannel(engine, moment)
    for step in SAMPLE_MONTH:
        moment.day = step.day
        replies = " ".join(outgoing.reply.text for outgoing in channel.say(step.account, step.text))
        if step.expect not in replies:
            said = f"{step.account} {step.text!r}"
            raise SampleScriptError(f"{said}: expected {step.expect!r} in the replies, got {replies!r}")
    return (
        "示例数据：过去一个月里教育局、商务局报送了年度目标，城管局、司法局报送了月度安排（有待研判的发现），",
        "编办向司法局发了一份书面函询；民政局尚未报送，留给您来试。",
    )


@dataclass
class _StepClock:
    """Ten o'clock of the sample month's ``day``-th day, a second later at each reading (messages keep
    their order)."""

    start: datetime
    day: int = 0
    readings: int = 0

    def __call__(self) -> datetime:
        self.readings += 1
        return self.start + timedelta(days=self.day, seconds=self.readings)


def date_tasks_back(database: Database, start: date, now: datetime) -> None:
    """Make every reporting task owed from ``start`` on (the standing tasks are owed from the day the
    database was made)."""
    with database.unit_of_work() as uow:
        for task in uow.reporting.tasks():
            if task.active_from is None or task.active_from <= start:
                continue
            uow.reporting.save_task(
                code=task.code,
                title=task.title,
                kind=task.kind,
                rule=task.rule,
                departments=task.departments,
                active_from=start,
                active=task.active,
                now=now,
            )
        uow.commit()


# -- the guide --------------------------------------------------------------------------------------------


def guide(demo: Demo) -> str:
    users = demo.users
    liaisons = "、".join(f"{u.account}（{u.display_name}）" for u in users if u.role is Role.LIAISON)
    return "\n".join(
        [
            "fmbot 演示 —— 职能管理助手",
            "已载入示例目录（bot/data/sample_catalog.yaml）：",
            *(f"  {line}" for line in catalog_summary(demo.catalog)),
            f"已绑定的控制台账号：{STAFF_ACCOUNT}（编办工作人员）；各部门联络员 {liaisons}。",
            *demo.samples,
            "可以试试：",
            "  /帮助                       看看这个账号能做什么",
            "  /年度目标                   以民政局联络员报送年度目标，逐条看匹配到的职责",
            "  职责 低保归谁管              跨部门查找一件事归哪个部门、哪条职责",
            "  /切换 staff  然后 发现       以编办身份查看审核发现，确认或驳回",
            "  /切换 staff  然后 未报       看哪些部门还没有报送",
            "  /切换 sifa  然后 /函询回复   以司法局联络员回复编办的函询",
            f"  /切换 {LEADER_ACCOUNT}  然后 /评价 民政局  以分管市领导评价部门的年度工作（绩效考评）",
            "  /切换 staff  然后 /考评模板 信访、/导入考评、/考评 民政局   考评表的发放与导入，每一分的依据",
            *reopen_lines(),
        ]
    )


def web_console_lines(address: str) -> str:
    return "\n".join(
        [
            f"网页控制台：{address}",
            "  在下面的对话中发送 /登录，打开得到的一次性链接即可登录（/切换 staff 后登录可看全部部门）；",
            "  控制台退出（/退出）时网页控制台随之关闭。",
        ]
    )


def reopen_lines() -> list[str]:
    return [
        "演示数据保存在 var/demo.sqlite3，再次运行 make demo 会接着用；重新开始：make demo RESET=1。",
        "只打开控制台：make console（编办 staff），make console AS=minzheng（民政局联络员）；",
        f"  不经 make：{CONSOLE_COMMAND}",
    ]


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


def loaded_demo(database: Database) -> Demo:
    """The demo as an earlier run left it, for the guide."""
    with database.unit_of_work() as uow:
        catalog = uow.catalog.current()
    return Demo(catalog, demo_users(catalog), ("接着使用上次的演示数据。",))
