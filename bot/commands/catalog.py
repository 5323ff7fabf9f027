"""``fmbot catalog``: import a catalog (YAML, xlsx or a 三定 text), show it, export it as xlsx.

Every import validates the whole file before anything is written, then stores all its departments in one
unit of work: a bad file leaves the database as it was. Importing a department again adds a revision
(identical content is recognised and not stored twice).
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.catalog_files import read_catalog_file, write_catalog_xlsx
from bot.catalog_files.catalog_view import catalog_json, department_text, staffing_text, summary_text
from bot.catalog_files.text_files import read_user_text
from bot.clock import utc_now
from bot.config import Settings
from bot.database import open_database
from bot.files import write_atomically
from fm_domain.catalog import parse_sanding_text
from fm_domain.errors import CatalogError
from fm_domain.models import Catalog, Department
from storage import Database

log = logging.getLogger("fmbot.catalog")

EXIT_ERROR = 2

Handler = Callable[[argparse.Namespace, Settings], int]


@dataclass(frozen=True)
class StoredDepartment:
    """What an import did with one department."""

    department: Department
    revision: int
    new: bool  # False: identical to the latest revision, nothing written


def store_catalog(database: Database, catalog: Catalog, source: str, now: datetime) -> list[StoredDepartment]:
    """Save every department of a validated catalog as its next revision, all in one transaction."""
    stored: list[StoredDepartment] = []
    with database.unit_of_work() as uow:
        for department in catalog:
            before = uow.catalog.revisions(department.code)
            revision = uow.catalog.save_revision(department, source, now)
            is_new = not before or revision != before[-1].revision
            stored.append(StoredDepartment(department, revision, new=is_new))
        uow.commit()
    return stored


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "catalog", help="职责目录（三定）：导入、查看、导出", description="职责目录（三定）：导入、查看、导出"
    )
    parser.set_defaults(handler=lambda _args, _settings: parser.print_help() or 0)
    actions = parser.add_subparsers(dest="catalog_action", metavar="ACTION")

    importing = actions.add_parser("import", help="导入 YAML 或 xlsx 职责目录（先整体校验，再一次写入）")
    importing.add_argument("file", type=Path, metavar="FILE", help=".yaml / .yml / .xlsx 文件")
    importing.set_defaults(handler=_import)

    text = actions.add_parser("import-text", help="导入一个部门的三定规定原文（UTF-8 文本）")
    text.add_argument("--code", required=True, help="部门代码，如 minzheng")
    text.add_argument("--name", required=True, help="部门全称，如 南通市民政局")
    text.add_argument("--short", default="", help="简称，如 民政局")
    text.add_argument("file", type=Path, metavar="FILE.txt", help="三定规定原文")
    text.set_defaults(handler=_import_text)

    show = actions.add_parser("show", help="查看当前职责目录（不带 CODE 时列出全部部门）")
    show.add_argument("code", nargs="?", metavar="CODE", help="只看这个部门的职责")
    show.add_argument("--json", action="store_true", help="以 JSON 输出")
    show.set_defaults(handler=_show)

    export = actions.add_parser("export", help="把当前职责目录导出为 xlsx（可修改后再导入）")
    export.add_argument("file", type=Path, metavar="FILE.xlsx")
    export.set_defaults(handler=_export)


def _failing_with(what: str) -> Callable[[Handler], Handler]:
    """A rejected file, an unwritable path or an unusable database: one Chinese line on stderr, exit 2."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def run(args: argparse.Namespace, settings: Settings) -> int:
            try:
                return handler(args, settings)
            except CatalogError as error:
                log.warning("%s: %s", what, error)
                print(f"{what}：{error}", file=sys.stderr)
            except OSError as error:
                log.warning("%s: %s", what, error)
                print(f"{what}：无法读写文件 {error.filename or ''}（{error.strerror}）", file=sys.stderr)
            except SQLAlchemyError as error:
                log.error("%s: database error: %s", what, error)
                print(f"{what}：数据库出错，请检查 FM_DATABASE_URL 及数据库是否可用", file=sys.stderr)
            return EXIT_ERROR

        return run

    return decorate


@_failing_with("导入失败")
def _import(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    catalog = read_catalog_file(path)
    with _database(settings) as database:
        stored = store_catalog(database, catalog, path.name, utc_now())
    _print_stored(stored)
    print(f"已导入 {len(stored)} 个部门（{path.name}）。")
    return 0


@_failing_with("导入失败")
def _import_text(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    department = parse_sanding_text(read_user_text(path), args.code, args.name, args.short, source=path.name)
    with _database(settings) as database:
        stored = store_catalog(database, Catalog((department,)), f"三定文本 {path.name}", utc_now())
    _print_stored(stored)
    if department.divisions:
        print(f"内设机构 {len(department.divisions)} 个：{'、'.join(d.name for d in department.divisions)}")
    if staffing := staffing_text(department):
        print(f"编制：{staffing}")
    return 0


@_failing_with("无法显示职责目录")
def _show(args: argparse.Namespace, settings: Settings) -> int:
    catalog = _current_catalog(settings)
    if args.code:
        department = catalog.get(args.code)
        if department is None:
            known = "、".join(d.code for d in catalog) or "（目录为空）"
            raise CatalogError(f"没有代码为「{args.code}」的部门；现有：{known}")
        catalog = Catalog((department,))
    if args.json:
        print(json.dumps(catalog_json(catalog), ensure_ascii=False, indent=2))
    elif not catalog.departments:
        print("职责目录为空：请先用 fmbot catalog import FILE 导入。")
    elif args.code:
        print(department_text(catalog.departments[0]))
    else:
        print(summary_text(catalog))
        print("\n查看某个部门的全部职责：fmbot catalog show CODE")
    return 0


@_failing_with("导出失败")
def _export(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    if path.suffix.lower() != ".xlsx":
        raise CatalogError("导出文件名应以 .xlsx 结尾", str(path))
    catalog = _current_catalog(settings)
    if not catalog.departments:
        raise CatalogError("职责目录为空，没有可导出的内容：请先用 fmbot catalog import FILE 导入")
    write_atomically(path, lambda target: write_catalog_xlsx(catalog, target))
    print(f"已导出 {len(catalog)} 个部门、{sum(len(d.duties) for d in catalog)} 条职责到 {path}。")
    return 0


def _print_stored(stored: list[StoredDepartment]) -> None:
    for item in stored:
        department = item.department
        details = [f"{len(department.duties)} 条职责"]
        if inactive := sum(not duty.active for duty in department.duties):
            details.append(f"{inactive} 条已不在履行")
        if guessed := sum(duty.category_guessed for duty in department.duties):
            details.append(f"{guessed} 条类别为推测")
        if department.partial:
            details.append("职责清单不完整")
        outcome = f"第 {item.revision} 版" if item.new else f"与第 {item.revision} 版相同，未新建版本"
        print(f"{department.code} {department.name}：{outcome}，{'，'.join(details)}")


def _current_catalog(settings: Settings) -> Catalog:
    with _database(settings) as database, database.unit_of_work() as uow:
        return uow.catalog.current()


@contextmanager
def _database(settings: Settings) -> Iterator[Database]:
    """The configured database, migrated to head (a no-op when it already is)."""
    database = open_database(settings)
    try:
        yield database
    finally:
        database.dispose()
