"""``fmbot monitor`` and ``fmbot recommend`` against a real database (SQLite and PostgreSQL): a year of 教育局
arrangements that never touch its duty 11 (语言文字) and twice report 托育 work the office confirmed out of
scope, read through the repositories."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from bot.catalog_files import load_sample_catalog
from fm_domain.deadlines import format_due_rule
from fm_domain.records import (
    DutyCoverage,
    FindingKind,
    FindingStatus,
    ItemCheck,
    ReviewedItems,
    SubmissionKind,
)
from fm_domain.users import Role
from fm_domain.verdicts import Coverage, Verdict
from storage import Database
from tests.cli_runner import Fmbot, in_process
from tests.standing_tasks import standing_tasks

START = datetime(2025, 12, 1, tzinfo=UTC)
CHILDCARE = "推进普惠托育服务体系建设"
# One item on every duty of 教育局 it should perform each year but 11 (2 is 阶段性, 14 cancelled, 15 the
# catch-all).
DUTIES = (1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13)


@pytest.fixture
def fmbot(
    database_url: str, database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Fmbot:
    for variable in ("FM_CONFIG", "FM_HOLIDAYS_FILE", "FM_TIMEZONE", "FM_REPORTING_TASKS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("FM_DATABASE_URL", database_url)
    _a_year_of_jiaoyu(database)

    run = in_process(capsys)

    return run


def _a_year_of_jiaoyu(database: Database) -> None:
    with database.unit_of_work() as uow:
        for department in load_sample_catalog():
            uow.catalog.save_revision(department, "sample_catalog.yaml", START)
        office = uow.users.create("编办", Role.STAFF, None, START).id
        for task in standing_tasks(()):  # owed by every department since the year began
            uow.reporting.save_task(
                code=task.code,
                title=task.title,
                kind=task.kind.value,
                rule=format_due_rule(task.rule),
                departments=None,
                active_from=date(2026, 1, 1),
                now=START,
            )
        for month in range(1, 13):
            checks = [ItemCheck(f"第{n}项职责的工作", Verdict.IN_SCOPE, f"jiaoyu.{n}") for n in DUTIES]
            if month in (3, 8):
                checks.append(ItemCheck(CHILDCARE, Verdict.OUT_OF_SCOPE))
            coverage = tuple(
                DutyCoverage(f"jiaoyu.{n}", Coverage.COVERED, (i,)) for i, n in enumerate(DUTIES)
            )
            submitted = datetime(2026, month, 2, 2, tzinfo=UTC)
            stored = uow.submissions.add(
                kind=SubmissionKind.MONTHLY_ARRANGEMENT,
                department="jiaoyu",
                division="",
                period=f"2026-{month:02d}",
                review=ReviewedItems(tuple(checks), coverage),
                submitted_by=office,
                submitted_at=submitted,
            )
            if month in (3, 8):
                finding = uow.findings.add(
                    department="jiaoyu",
                    submission_id=stored.id,
                    item=CHILDCARE,
                    kind=FindingKind.OUT_OF_SCOPE,
                    detail="",
                    created_at=submitted,
                )
                uow.findings.decide(
                    finding,
                    status=FindingStatus.CONFIRMED,
                    reason="属新增职能",
                    decided_by=office,
                    decided_at=submitted,
                )
        uow.commit()


def test_monitor_lists_the_gap_and_the_overreach_with_the_reports_behind_them(fmbot: Fmbot) -> None:
    outcome = fmbot("monitor", "--now", "2027-01-04T09:00", "--json")
    assert outcome.code == 0, outcome.err
    signals = json.loads(outcome.out)
    jiaoyu = [(s["kind"], s["pattern"], s["duties"]) for s in signals if s["department"] == "jiaoyu"]
    assert jiaoyu == [("gap", "unperformed", ["jiaoyu.11"]), ("overreach", "out_of_scope", [])]
    gap = signals[0]
    assert [e["period"] for e in gap["evidence"]] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert gap["start"] == "2026-01-01"
    # the other departments sent nothing all year: 不报, and no gap (nothing reported proves nothing)
    assert {s["department"] for s in signals if s["kind"] == "unreported"} == {
        "minzheng",
        "sifa",
        "chengguan",
        "shangwu",
    }


def test_monitor_prints_one_line_per_signal_then_its_records(fmbot: Fmbot) -> None:
    outcome = fmbot("monitor", "--now", "2027-01-04T09:00")
    assert outcome.code == 0, outcome.err
    lines = outcome.out.splitlines()
    assert lines[0] == "2027-01-04 09:00（Asia/Shanghai） 监测信号：6 条"
    assert lines[1].startswith("【缺位·关注】教育局：教育局第11项职责“主管全市语言文字工作")
    assert "  - 2026-03 报送#3“推进普惠托育服务体系建设”（发现#1，经确认）" in lines


def test_recommend_proposes_urging_the_duty_and_clarifying_the_new_function_with_the_catalog_change(
    fmbot: Fmbot,
) -> None:
    outcome = fmbot("recommend", "--department", "jiaoyu", "--year", "2026", "--now", "2027-01-04T09:00")
    assert outcome.code == 0, outcome.err
    out = outcome.out
    assert out.startswith("教育局2026年度动态管理建议：3 条")
    assert "1. 督促履行［待研究］教育局第11项职责" in out
    assert "2. 明确新增职能［待研究］教育局在2个报送期开展了“推进普惠托育服务体系建设”" in out
    assert "     - 教育局新增职责“承担推进普惠托育服务体系建设相关工作。”（组织实施类）" in out
    assert "3. 调整机构编制［待研究］" in out
    assert "  - 2026-01至2026-12的12份报送均未涉及（报送#1、#2、#3" in out
    assert "组织实施类             9       8     1    96" in out  # duties 3–8, 11–13: all but 11 performed


def test_recommend_as_json_carries_the_changes_with_their_type(fmbot: Fmbot) -> None:
    outcome = fmbot(
        "recommend", "--department", "jiaoyu", "--year", "2026", "--now", "2027-01-04T09:00", "--json"
    )
    made = json.loads(outcome.out)
    assert [r["kind"] for r in made] == ["urge", "clarify", "staffing"]
    assert made[1]["changes"] == [
        {
            "department": "jiaoyu",
            "text": "承担推进普惠托育服务体系建设相关工作。",
            "category": "组织实施类",
            "change": "NewDuty",
        }
    ]
    assert made[1]["state"] == "proposed" and made[1]["signals"][0]["kind"] == "overreach"


def test_recommend_for_a_department_not_in_the_catalog_says_which_there_are(fmbot: Fmbot) -> None:
    outcome = fmbot("recommend", "--department", "nosuch", "--year", "2026")
    assert outcome.code == 2
    assert "目录中没有部门 nosuch" in outcome.err and "jiaoyu" in outcome.err


def test_a_moment_that_is_not_one_is_refused(fmbot: Fmbot) -> None:
    outcome = fmbot("monitor", "--now", "明天")
    assert outcome.code == 2 and "--now 应为本地时刻" in outcome.err


def test_the_year_under_way_is_judged_as_of_now(fmbot: Fmbot) -> None:
    # on 1 December the twelve months since reporting began are not over: no gap is claimed yet
    outcome = fmbot(
        "recommend", "--department", "jiaoyu", "--year", "2026", "--now", "2026-12-01T09:00", "--json"
    )
    assert [r["kind"] for r in json.loads(outcome.out)] == ["clarify", "staffing"]


def test_monitor_raises_each_new_signal_as_a_finding_once(fmbot: Fmbot, database: Database) -> None:
    trial = fmbot("monitor", "--now", "2027-01-04T09:00", "--dry-run")
    assert "（试运行）将转为发现的新信号：6 条，未写入。" in trial.out
    with database.unit_of_work() as uow:
        assert uow.monitoring.all() == []

    first = json.loads(fmbot("monitor", "--now", "2027-01-04T09:00", "--json").out)
    raised = [signal["finding"] for signal in first]
    assert all(isinstance(number, int) for number in raised) and len(set(raised)) == 6
    with database.unit_of_work() as uow:
        gap = uow.findings.get(raised[0])
        kept = uow.monitoring.of_finding(raised[0])
    assert gap is not None and gap.kind is FindingKind.GAP and gap.department == "jiaoyu"
    assert gap.item.startswith("教育局第11项职责“主管全市语言文字工作")
    assert kept is not None and [e.period for e in kept.signal.evidence][:2] == ["2026-01", "2026-02"]

    # A month on, the same silence is longer and the same reports are behind it: only what is new (教育局
    # has not sent January's arrangement: 不报) becomes a finding.
    again = json.loads(fmbot("monitor", "--now", "2027-02-03T09:00", "--json").out)
    fresh = [(s["department"], s["kind"]) for s in again if s["finding"] is not None]
    assert fresh == [("jiaoyu", "unreported")]
    assert "没有新信号需要转为发现" in fmbot("monitor", "--now", "2027-02-03T09:00").out
