"""Issue 14's "done when": a member of staff follows one duty of 教育局 — 「主管全市语言文字工作」, its 11th —
from the 三定 through a year of monthly arrangements that never touch it, to the 缺位 finding the
monitoring job raises, a written inquiry, a visit that confirms it, the recommendation to cancel it, its
adoption and the new catalog revision, all in chat, on a clock the test moves."""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations import Engine, MonitoringJob, Services
from fm_domain.models import DutyStatus
from fm_domain.records import (
    FindingKind,
    FindingStatus,
)
from storage import Database
from tests.flows.conftest import LIAISON, SHANGHAI, STAFF
from tests.flows.records import a_year_of_arrangements
from tests.flows.transcript import Chat, FakeClock, press


def test_staff_follow_one_duty_from_the_sanding_to_its_cancellation(
    flow_database: Database, services: Services, clock: FakeClock
) -> None:
    chat = Chat(Engine(flow_database.unit_of_work, services), clock)
    # 「三定」: the duty as the catalog has it.
    chat.dialog(STAFF, [("职责 语言文字", ["教育局", "第11项", "主管全市语言文字工作"])])

    # A year of arrangements, then the first working day of 2027: the monitoring job's daily run.
    a_year_of_arrangements(flow_database)
    clock.now = datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)
    job = MonitoringJob(
        flow_database.unit_of_work, calendar=services.calendar, timezone=SHANGHAI, clock=clock
    )
    run = job.daily(clock())
    assert run is not None
    (gap,) = [r for r in run.raised if r.signal.department == "jiaoyu" and r.signal.kind.value == "gap"]
    assert gap.signal.duties == ("jiaoyu.11",)
    number = gap.finding_id
    notice = chat.text_for(STAFF)
    assert "【运行监管】2027年1月4日监测新发现" in notice and f"#{number} [缺位] 教育局第11项职责" in notice

    # The finding, and the year of reports behind it.
    chat.dialog(
        STAFF,
        [
            (
                "发现 教育局",
                [f"#{number} [缺位] 教育局第11项职责“主管全市语言文字工作", "自2026年1月起没有报送事项涉及"],
            ),
            (
                f"/发现记录 {number}",
                ["【缺位·关注】教育局", "2026-01至2026-12的12份报送均未涉及", "提出（运行监管）"],
            ),
        ],
    )

    # A written inquiry about it; the department answers; staff accept the answer.
    chat.dialog(
        STAFF,
        [
            (f"/函询发现 {number}", ["就以下发现向教育局发出书面函询", "请输入函询的问题"]),
            ("2026年全年未见语言文字工作安排，请说明该项职责的履行情况。", "回复期限"),
            ("10个工作日", "书面函询 · 预览"),
            (press("confirm"), f"发现 #{number} 已转为函询核实中（函询第 1 号）"),
        ],
    )
    assert "请说明该项职责的履行情况" in chat.text_for(LIAISON)
    clock.advance(days=3)
    chat.dialog(
        LIAISON,
        [
            ("/函询回复 1", "请输入回复"),
            ("语言文字工作已多年由市语委办统筹开展，我局未再安排具体工作。", "预览"),
            (press("confirm"), "已提交"),
        ],
    )
    assert "市语委办统筹开展" in chat.text_for(STAFF)
    assert f"涉及的发现 #{number} 仍待处理" in chat.say(STAFF, "/采纳 1")

    # A visit confirms it: the department hears the outcome.
    clock.advance(days=4)
    chat.dialog(
        STAFF,
        [
            ("/走访 教育局", [f"#{number} [缺位]", "本次走访涉及哪些发现"]),
            (str(number), "请选择方式"),
            (press("talk"), "走访日期"),
            ("今天", "地点"),
            ("市教育局会议室", "参加人员"),
            ("编办 周静；教育局 李敏、基础教育处", "了解到的情况"),
            ("座谈确认：局内无语言文字工作人员和经费，相关工作由市语委办承担。", "照片或文件"),
            (press("done"), f"发现 #{number} 如何处理"),
            (press("confirm"), "请写明结论"),
            ("经函询和走访核实，该项职责未实际履行。", ["走访座谈 · 预览", "涉及发现：#" + str(number)]),
            (press("confirm"), ["已记录走访 #1", f"已确认发现 #{number}"]),
        ],
    )
    assert "经函询和走访核实，该项职责未实际履行" in chat.text_for(LIAISON)

    # The recommendation to cancel the duty, with its evidence; staff adopt it.
    listing = chat.say(STAFF, "/建议 教育局 2026")
    assert "【教育局2026年度动态管理建议】" in listing
    assert "〔组织实施类〕职责 9 项，年内已履行 8 项，缺位 1 项" in listing  # the duty's class, and its year
    line = next(line for line in listing.splitlines() if "取消职能" in line)
    assert "教育局第11项职责“主管全市语言文字工作" in line and "编办经书面函询、走访等核实" in line
    recommendation = int(line.split()[0].lstrip("#"))
    assert "教育局第11项职责“主管全市语言文字工作，组织推广国家通用语言文字，……”改为已取消" in listing
    adopted = chat.say(STAFF, f"/采纳建议 {recommendation} 经核实该项工作已由市语委办承担")
    assert f"已采纳建议 #{recommendation}：教育局三定已更新为第 2 版" in adopted
    told = chat.text_for(LIAISON)
    assert "【三定调整】编办采纳动态管理建议，调整教育局三定" in told and "改为已取消" in told

    # The new catalog revision: the duty cancelled, who adopted it and why.
    with flow_database.unit_of_work() as uow:
        duty = uow.catalog.current().duty("jiaoyu.11")
        revisions = uow.catalog.revisions("jiaoyu")
        finding = uow.findings.get(number)
    assert duty is not None and duty.status is DutyStatus.CANCELLED
    assert [r.revision for r in revisions] == [1, 2]
    assert revisions[-1].source == f"动态管理建议 #{recommendation}，周静采纳：经核实该项工作已由市语委办承担"
    assert (
        finding is not None and finding.kind is FindingKind.GAP and finding.status is FindingStatus.CONFIRMED
    )
    assert "已取消" in chat.say(STAFF, "职责 语言文字")
    decided = chat.say(STAFF, "/建议 教育局 2026")
    assert f"#{recommendation} 取消职能（取消）［已采纳］" in decided and "周静 2027-01-11" in decided
    assert clock() - datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI) == timedelta(days=7)
