"""The year by the six classes of duty: active duties, those performed, those 缺位, items placed on them and
the recommendations grouped under each; and each signal as the one line staff read."""

from __future__ import annotations

from fm_domain.calendar import WorkingCalendar
from fm_domain.models import DutyCategory
from fm_domain.monitoring import Records, monitor
from fm_domain.recommendations import ClassRow, class_summary, recommend_year
from fm_domain.recommendations.texts import signal_line
from fm_domain.records import FindingKind, FindingStatus
from fm_domain.verdicts import Verdict
from tests.domain.year_kit import CATALOG, NOW, check, finding, months, ordinary_year, report
from tests.standing_tasks import standing_tasks

CALENDAR = WorkingCalendar.standard()


def test_the_year_is_summed_up_by_the_six_classes_with_the_recommendations_under_their_class() -> None:
    submissions = ordinary_year()
    records = Records(CATALOG, tuple(submissions))
    signals = monitor(records, NOW, CALENDAR)
    made = recommend_year(records, signals, 2026)
    rows = {row.category: row for row in class_summary(CATALOG, "jiaoyu", submissions, signals, made)}
    assert list(rows) == [*DutyCategory, None]
    assert rows[DutyCategory.IMPLEMENTATION] == ClassRow(
        DutyCategory.IMPLEMENTATION, duties=4, performed=3, gaps=1, items=36, recommendations=tuple(made)
    )
    assert rows[DutyCategory.SUPERVISION] == ClassRow(
        DutyCategory.SUPERVISION, duties=1, performed=1, items=12
    )
    assert rows[DutyCategory.MACRO_DECISION] == ClassRow(
        DutyCategory.MACRO_DECISION, duties=1
    )  # 阶段性, not yet due
    assert rows[None] == ClassRow(None)


def test_each_signal_reads_as_one_line_naming_its_kind_department_and_what_was_found() -> None:
    submissions = ordinary_year()
    findings = []
    for n, period in enumerate(months(2026, 3, 5), start=1):
        item = "整治校园周边流动摊点"
        done = report(
            800 + n,
            "jiaoyu",
            period,
            [check(item, "chengguan.2", Verdict.OVERLAP)],
            own={0: "jiaoyu.3"},
            version=2,
        )
        submissions.append(done)
        findings.append(finding(n, done, item, FindingKind.OVERLAP, FindingStatus.CONFIRMED))
    submissions = [s for s in submissions if (s.department, s.period) != ("chengguan", "2026-11")]
    records = Records(CATALOG, tuple(submissions), tuple(findings), tasks=standing_tasks(["chengguan"]))
    lines = [signal_line(CATALOG, s) for s in monitor(records, NOW, CALENDAR)]
    assert lines[0] == (
        "【缺位·关注】教育局：教育局第6项职责“主管全市语言文字工作，组织推广国家通用语言文字”自2026年1月起没有报送事项涉及"
    )
    assert (
        lines[1] == "【职责交叉·关注】教育局：与城管局在城管局第2项职责"
        "“负责规范城市道路占道经营和流动摊点管理，组织查处……”上交叉3个报送期"
    )
    # chengguan sent neither its annual goals, nor its half-year summary, nor its November arrangement
    assert lines[2] == "【不报·严重】城管局：一年内逾期报送0次、未报3次"
    assert len(lines) == 3
