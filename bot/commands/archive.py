"""``fmbot archive export``: a department's dossier (电子档案) for a year as Word or Excel, or with
``--city`` the city-wide workbook (every department on one sheet per view)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import build_application
from bot.config import ConfigError, Settings
from conversations import archive, archive_texts


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "archive", help="电子档案：导出部门年度职能履行档案（Word、Excel）或全市汇总"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="导出电子档案")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--department", help="部门代码或名称")
    which.add_argument("--city", action="store_true", help="全市汇总工作簿（每个视图一个工作表，含全部部门）")
    export.add_argument("--year", type=int, help="年度（默认今年）")
    export.add_argument("--format", choices=("docx", "xlsx"), default="docx", help="docx（默认）或 xlsx")
    export.add_argument("--out", help="输出文件（默认 电子档案-部门代码-年度.docx）")
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    if args.city and args.format != "xlsx":
        raise ConfigError("全市汇总只有 Excel 格式：请加 --format xlsx")
    app = build_application(settings)
    try:
        services = app.engine.services
        writer = services.documents
        assert writer is not None  # build_application always gives one
        year = args.year or services.today().year
        with app.database.unit_of_work() as uow:
            if args.city:
                name = archive_texts.city_file_name(year)
                content = writer.xlsx(archive.city_workbook(uow, services, year, app.clock()))
            else:
                catalog = uow.catalog.current()
                department = archive.department_named(catalog, args.department)
                if department is None:
                    known = "、".join(f"{d.display_name}（{d.code}）" for d in catalog)
                    print(f"没有部门“{args.department}”。已有部门：{known or '无'}", file=sys.stderr)
                    return 1
                dossier = archive.read_dossier(uow, services, catalog, department, year)
                document = archive.dossier_document(dossier, services.timezone, app.clock())
                name = archive_texts.archive_file_name(department.code, year, args.format)
                content = writer.docx(document) if args.format == "docx" else writer.xlsx(document)
        out = Path(args.out or name)
        out.write_bytes(content)
        print(f"已写入 {out}（{max(len(content) // 1024, 1)} KB）")
        return 0
    finally:
        app.close()
