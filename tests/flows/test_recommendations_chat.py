"""动态管理 in chat: staff list a department's recommendations for a year, each numbered once, and adopt,
amend or reject each; an adopted change to the 三定 is the department's next revision, and its liaisons
are told."""

from __future__ import annotations

from datetime import datetime

import pytest

from conversations import MonitoringJob, Services
from fm_domain.models import DutyStatus
from fm_domain.records import FindingStatus
from storage import Database
from tests.flows.conftest import LIAISON, SHANGHAI, STAFF
from tests.flows.records import a_year_of_arrangements
from tests.flows.transcript import Chat, FakeClock, press

NEW_YEAR = datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def year(chat: Chat, flow_database: Database, clock: FakeClock) -> Chat:
    a_year_of_arrangements(flow_database)
    clock.now = NEW_YEAR
    return chat


def _numbered(listing: str, kind: str) -> int:
    line = next(line for line in listing.splitlines() if kind in line and line.startswith("#"))
    return int(line.split()[0].lstrip("#"))


def test_an_unverified_gap_is_to_be_urged_and_the_urging_reaches_the_department(year: Chat) -> None:
    listing = year.say(STAFF, "/建议 教育局 2026")
    assert "督促履行［待研究］教育局第11项职责" in listing
    urge = _numbered(listing, "督促履行")
    assert _numbered(year.say(STAFF, "/建议 jiaoyu 2026"), "督促履行") == urge  # the same number next time
    assert "请在编号后写明理由" in year.say(STAFF, f"/采纳建议 {urge}")
    assert f"已采纳建议 #{urge}，已通知相关部门联络员" in year.say(
        STAFF, f"/采纳建议 {urge} 请于一季度内落实"
    )
    told = year.text_for(LIAISON)
    assert "【动态管理建议】编办对教育局提出" in told and "请于一季度内落实" in told
    assert "已采纳，无需重复处理" in year.say(STAFF, f"/不采纳建议 {urge} 晚了")


def test_a_rejected_recommendation_keeps_its_reason_and_changes_nothing(
    year: Chat, flow_database: Database
) -> None:
    urge = _numbered(year.say(STAFF, "/建议 教育局 2026"), "督促履行")
    assert f"已不采纳建议 #{urge}" in year.say(STAFF, f"/不采纳建议 {urge} 该项工作另有安排")
    listing = year.say(STAFF, "/建议 教育局 2026")
    assert "［不采纳］" in listing and "不采纳：周静 2027-01-04，理由：该项工作另有安排" in listing
    assert year.text_for(LIAISON) == ""
    with flow_database.unit_of_work() as uow:
        assert [r.revision for r in uow.catalog.revisions("jiaoyu")] == [1]


def test_an_amended_cancellation_delegates_the_duty_instead(
    year: Chat, flow_database: Database, services: Services, clock: FakeClock
) -> None:
    job = MonitoringJob(
        flow_database.unit_of_work, calendar=services.calendar, timezone=SHANGHAI, clock=clock
    )
    run = job.daily(clock())
    assert run is not None
    (gap,) = [r.finding_id for r in run.raised if r.signal.kind.value == "gap"]
    year.say(STAFF, f"/确认发现 {gap} 经核实未履行")
    listing = year.say(STAFF, "/建议 教育局")  # by default the year that ended
    cancel = _numbered(listing, "取消职能")
    year.dialog(
        STAFF,
        [
            (f"/修改建议 {cancel}", ["拟修改三定", "改为已取消", "“取消”“转移”“下放”“整合”或“保留”"]),
            ("撤销", "无法识别“撤销”"),
            ("下放", "请写明修改后采纳的理由"),
            ("该项工作下放至各区教育部门", ["修改后采纳建议", "改为已下放"]),
            (press("confirm"), [f"已修改后采纳建议 #{cancel}：教育局三定已更新为第 2 版"]),
        ],
    )
    with flow_database.unit_of_work() as uow:
        duty = uow.catalog.current().duty("jiaoyu.11")
        stored = uow.recommendations.get(cancel)
        finding = uow.findings.get(gap)
    assert duty is not None and duty.status is DutyStatus.DELEGATED
    assert stored is not None and stored.proposed != stored.recommendation.changes
    assert finding is not None and finding.status is FindingStatus.CONFIRMED
    assert "改为已下放" in year.text_for(LIAISON)


def test_only_the_office_sees_and_decides_recommendations(year: Chat) -> None:
    assert "仅限" in year.say(LIAISON, "/建议 教育局 2026")
    assert "找不到编号为 99 的建议" in year.say(STAFF, "/采纳建议 99 理由")
    assert "请写明部门" in year.say(STAFF, "/建议")
