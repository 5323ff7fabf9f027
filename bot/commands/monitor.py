"""``fmbot monitor [--now ISO] [--json]`` and ``fmbot recommend --department CODE --year Y [--json]``.

``monitor`` computes the five monitoring signals (缺位, 越位, 交叉, 滞后, 不报) over the twelve months
before that local moment and prints one line each with the records behind it. ``recommend`` computes the
year's signals as on the first moment of the next year (or now, for the year under way) and prints the
department's recommendations with their evidence and the 三定 changes they imply, then the year by the
six classes of duty. Both read the records through the existing repositories and write nothing: the
signals and recommendations are not stored yet (issue 14's tables are a later step).

A receipt staff recorded for a paper report is counted as arriving on its deadline: the repository gives
receipts without the day they were recorded.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import load_calendar
from bot.clock import parse_local_moment, utc_now
from bot.config import Settings
from bot.database import open_database
from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import DueRuleError, period_by_key
from fm_domain.monitoring import Judged, Mark, Records, Signal, monitor
from fm_domain.obligations import arrivals_since, task_from_record
from fm_domain.recommendations import (
    IssueReportRecord,
    Recommendation,
    class_summary,
    for_department,
    recommend_year,
    texts,
)
from fm_domain.records import DECISIONS
from fm_domain.verdicts import Verdict
from storage import UnitOfWork

EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    monitor_parser = subparsers.add_parser(
        "monitor",
        help="运行监管：计算缺位、越位、交叉、滞后、不报五类监测信号",
        description="按指定的本地时刻（FM_TIMEZONE），计算此前十二个月各部门的监测信号及其依据。",
    )
    monitor_parser.add_argument("--now", metavar="YYYY-MM-DDTHH:MM", help="本地时刻，默认为当前时间")
    monitor_parser.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    monitor_parser.set_defaults(handler=_monitor)
    recommend_parser = subparsers.add_parser(
        "recommend",
        help="动态管理：按部门和年度生成调整职能、理顺关系、机构编制等建议",
        description="根据该年度经确认的监测依据，生成部门的动态管理建议及其拟修改的三定内容。",
    )
    recommend_parser.add_argument("--department", required=True, metavar="CODE", help="部门代码")
    recommend_parser.add_argument("--year", required=True, type=int, metavar="YYYY", help="年度")
    recommend_parser.add_argument("--now", metavar="YYYY-MM-DDTHH:MM", help="本地时刻，默认为当前时间")
    recommend_parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    recommend_parser.set_defaults(handler=_recommend)


def read_records(
    uow: UnitOfWork, now: datetime, timezone: ZoneInfo, calendar: WorkingCalendar
) -> tuple[Records, list[IssueReportRecord]]:
    """Everything the signals and recommendations read, as storage holds it now."""
    catalog = uow.catalog.current()
    codes = [department.code for department in catalog]
    submissions = [s for code in codes for s in uow.submissions.of_department(code)]
    findings = [f for code in codes for f in uow.findings.of_department(code)]
    judged: dict[int, Judged] = {}
    for finding in findings:
        if finding.status in DECISIONS and (entries := uow.judgements.of_finding(finding.id)):
            latest = entries[-1]
            judged[finding.id] = Judged(Verdict(latest.verdict), latest.duty, latest.internal)
    tasks = []
    for record in uow.reporting.tasks(active_only=True):
        try:
            tasks.append(task_from_record(record, codes))
        except DueRuleError:
            continue  # the nudge sweep tells staff of a task whose rule no longer parses
    by_code = {task.code: task for task in tasks}
    receipts = []  # dated on their deadline (see the module's docstring)
    for code, period, department in sorted(uow.reporting.receipts(arrivals_since(now.date()))):
        try:
            deadline = period_by_key(by_code[code], period, calendar).deadline
        except (KeyError, DueRuleError):
            continue  # a stopped task, or a period key its rule does not know
        receipts.append((code, period, department, datetime.combine(deadline, time(12), timezone)))
    records = Records(catalog, tuple(submissions), tuple(findings), judged, tuple(tasks), tuple(receipts))
    return records, list(uow.issue_reports.listed())


def _moment(args: argparse.Namespace, settings: Settings) -> datetime | None:
    if not args.now:
        return utc_now()
    try:
        return parse_local_moment(args.now, settings.tz)
    except ValueError:
        print(texts.BAD_MOMENT.format(value=args.now), file=sys.stderr)
        return None


def _read(settings: Settings, now: datetime) -> tuple[Records, list[IssueReportRecord], WorkingCalendar]:
    calendar = load_calendar(settings)
    database = open_database(settings)
    try:
        with database.unit_of_work() as uow:
            records, reports = read_records(uow, now, settings.tz, calendar)
    finally:
        database.dispose()
    return records, reports, calendar


def _monitor(args: argparse.Namespace, settings: Settings) -> int:
    now = _moment(args, settings)
    if now is None:
        return EXIT_BAD_INPUT
    records, _, calendar = _read(settings, now)
    signals = monitor(records, now, calendar)
    if args.json:
        print(json.dumps([_json(signal) for signal in signals], ensure_ascii=False, indent=2))
        return 0
    local = now.astimezone(settings.tz)
    print(texts.monitor_heading(f"{local:%Y-%m-%d %H:%M}（{settings.timezone}）", len(signals)))
    for signal in signals:
        _print_signal(records, signal, indent="")
    return 0


def _recommend(args: argparse.Namespace, settings: Settings) -> int:
    now = _moment(args, settings)
    if now is None:
        return EXIT_BAD_INPUT
    year_end = datetime(args.year + 1, 1, 1, tzinfo=settings.tz)
    moment = min(now, year_end)  # the year's records as they stood at its end, or now for the year under way
    records, reports, calendar = _read(settings, moment)
    if records.catalog.get(args.department) is None:
        known = "、".join(department.code for department in records.catalog)
        print(texts.UNKNOWN_DEPARTMENT.format(code=args.department, known=known), file=sys.stderr)
        return EXIT_BAD_INPUT
    signals = monitor(records, moment, calendar)
    made = for_department(recommend_year(records, signals, args.year, issue_reports=reports), args.department)
    if args.json:
        print(json.dumps([_json(recommendation) for recommendation in made], ensure_ascii=False, indent=2))
        return 0
    print(texts.recommend_heading(records.catalog, args.department, args.year, len(made)))
    for number, recommendation in enumerate(made, start=1):
        _print_recommendation(records, number, recommendation)
    year = [s for s in records.submissions if s.period.startswith(str(args.year))]
    rows = class_summary(
        records.catalog,
        args.department,
        year,
        signals,
        made,
        findings=records.findings,
        judged=records.judged,
    )
    print(texts.CLASS_TABLE_HEADING)
    for row in rows:
        print(texts.class_row(row.category, row.duties, row.performed, row.gaps, row.items))
    return 0


def _print_recommendation(records: Records, number: int, recommendation: Recommendation) -> None:
    print(texts.recommendation_line(number, recommendation))
    if recommendation.changes:
        print(texts.CHANGES_HEADING)
        for change in recommendation.changes:
            print(f"     - {texts.change_text(records.catalog, change)}")
    print(texts.EVIDENCE_HEADING)
    for signal in recommendation.signals:
        _print_signal(records, signal, indent="     ")
    for evidence in recommendation.evidence:
        print(f"     - {texts.evidence_text(records.catalog, evidence)}")


def _print_signal(records: Records, signal: Signal, indent: str) -> None:
    print(f"{indent}{texts.signal_line(records.catalog, signal)}")
    examined = [e for e in signal.evidence if e.mark is Mark.EXAMINED]
    for evidence in signal.evidence:
        if evidence.mark is not Mark.EXAMINED:
            print(f"{indent}  - {texts.evidence_text(records.catalog, evidence)}")
    if examined:  # a year of reports that say nothing of the duty: one line, each report named
        print(f"{indent}  - {texts.examined_text(examined)}")


def _json(record: Signal | Recommendation) -> dict[str, Any]:
    """The dataclass as JSON values: enums as their values, dates ISO, a catalog change with its type."""
    data = asdict(record)
    if isinstance(record, Recommendation):
        for change, original in zip(data["changes"], record.changes, strict=True):
            change["change"] = type(original).__name__
    return json.loads(json.dumps(data, default=_plain))


def _plain(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")
