"""``fmbot visit add`` and ``fmbot visit list``: 走访座谈 and 现场查看 recorded from the command line, as
staff record them in chat with /走访 (conversations.visit_records does both): the visit with its files,
the findings it concerns under visit, and the conclusion, when given, deciding them, the departments'
liaisons told through the outbox.
"""

from __future__ import annotations

import argparse
import mimetypes
import sys
from datetime import date
from pathlib import Path

from bot.clock import utc_now
from bot.config import Settings
from bot.database import open_database
from conversations import (
    VISIT_CONCERNS,
    Attachment,
    Services,
    VisitOutcome,
    monitoring_texts,
    queue_notices,
    record_visit,
)
from fm_domain.records import VisitKind

EXIT_BAD_INPUT = 2
MAX_FILE_BYTES = Services.max_attachment_bytes  # as a file sent in chat


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "visit", help="走访座谈、现场查看：记录和查看", description="走访座谈、现场查看"
    )
    parser.set_defaults(handler=lambda _args, _settings: parser.print_help() or 0)
    actions = parser.add_subparsers(dest="visit_action", metavar="ACTION")
    add = actions.add_parser("add", help="记录一次走访（涉及的发现转为走访核实中，可据结论确认、驳回或办结）")
    add.add_argument("--department", required=True, metavar="CODE", help="部门代码")
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="走访日期")
    add.add_argument(
        "--kind",
        choices=[k.value for k in VisitKind],
        default=VisitKind.TALK.value,
        help="talk 走访座谈（默认），site 现场查看",
    )
    add.add_argument("--place", default="", help="地点")
    add.add_argument("--people", default="", help="参加人员")
    add.add_argument("--notes", required=True, help="了解到的情况")
    add.add_argument(
        "--finding", type=int, action="append", default=[], metavar="N", help="涉及的发现编号（可多次）"
    )
    add.add_argument(
        "--file", type=Path, action="append", default=[], metavar="PATH", help="照片或文件（可多次）"
    )
    add.add_argument(
        "--outcome",
        choices=[o.value for o in VisitOutcome],
        default=VisitOutcome.NONE.value,
        help="confirm 确认、dismiss 驳回、close 办结（已确认的）发现，none 暂不处理（默认）",
    )
    add.add_argument("--conclusion", default="", help="结论（确认、驳回、办结的理由，告知部门）")
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help="列出部门的走访记录")
    listing.add_argument("--department", required=True, metavar="CODE", help="部门代码")
    listing.set_defaults(handler=_list)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    try:
        visited_on = date.fromisoformat(args.date)
    except ValueError:
        return _refuse(monitoring_texts.VISIT_DATE_FORMAT)
    if args.outcome != VisitOutcome.NONE.value and not args.conclusion.strip():
        return _refuse(monitoring_texts.VISIT_CONCLUSION_PROMPT)
    files = []
    for path in args.file:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                return _refuse(
                    monitoring_texts.cli_file_too_large(str(path), MAX_FILE_BYTES // (1024 * 1024))
                )
            content = path.read_bytes()
        except OSError as error:
            return _refuse(monitoring_texts.cli_file_unreadable(str(path), error.strerror or str(error)))
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        files.append(Attachment(path.name, content, mime))
    now = utc_now()
    database = open_database(settings)
    try:
        with database.unit_of_work() as uow:
            department = uow.catalog.department(args.department)
            if department is None:
                return _refuse(monitoring_texts.cli_unknown_department(args.department))
            findings = []
            for number in dict.fromkeys(args.finding):
                finding = uow.findings.get(number)
                if (
                    finding is None
                    or finding.department != department.code
                    or finding.status not in VISIT_CONCERNS
                ):
                    return _refuse(
                        monitoring_texts.cli_finding_not_concerned(number, department.display_name)
                    )
                findings.append(finding)
            recorded = record_visit(
                uow,
                department=department.code,
                department_name=department.display_name,
                kind=VisitKind(args.kind),
                visited_on=visited_on,
                place=args.place,
                people=args.people,
                notes=args.notes,
                findings=findings,
                files=files,
                outcome=VisitOutcome(args.outcome),
                conclusion=args.conclusion.strip(),
                by=None,
                at=now,
            )
            queue_notices(uow, recorded.notices, now)
            uow.commit()
    finally:
        database.dispose()
    print("\n".join(recorded.lines))
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    database = open_database(settings)
    try:
        with database.unit_of_work() as uow:
            department = uow.catalog.department(args.department)
            if department is None:
                return _refuse(monitoring_texts.cli_unknown_department(args.department))
            visits = uow.visits.of_department(department.code)
    finally:
        database.dispose()
    print(monitoring_texts.visits_heading(department.display_name, len(visits)))
    for visit in visits:
        print(monitoring_texts.visit_line(visit.id, visit.kind, visit.visited_on, visit.place, visit.notes))
        print(monitoring_texts.visit_detail(visit.people, visit.finding_ids, visit.file_names))
    return 0


def _refuse(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_BAD_INPUT
