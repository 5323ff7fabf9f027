"""``fmbot perf``: 绩效管理 from the command line — the scheme of a year, the sheets evaluating offices fill,
their import, the scores with every point's evidence, the 年度绩效考评 workbook, and closing a year.

    fmbot perf scheme import 方案.yaml            # or .xlsx; stored for the year it names
    fmbot perf scheme show [--year 2026]         # the scheme in force (the year's own, else the default)
    fmbot perf scheme export --year 2026 方案.xlsx
    fmbot perf template --year 2026 --source 信访 [--out 信访.xlsx]
    fmbot perf import 信访.xlsx                   # checked in full: the cell and the reason, nothing stored
    fmbot perf score --year 2026 [--department minzheng] [--json]
    fmbot perf export --year 2026 考评.xlsx
    fmbot perf close --year 2026 [--force]       # freeze the scores; refused while data is missing

Every import checks the whole file before anything is written and stores it in one unit of work.
``--now`` reads fmbot's own record as of that local moment (periods due later are not owed yet).
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.app import load_calendar
from bot.clock import parse_local_moment, utc_now
from bot.config import Settings
from bot.database import open_database
from bot.files import write_atomically
from bot.performance_files import load_default_scheme, read_scheme_file
from conversations import (
    YearClosed,
    assess_year,
    close_year,
    import_evaluation,
    missing_data,
    scheme_for,
    write_template,
)
from conversations import performance_texts as texts
from fm_domain.errors import LocatedError, SchemeError
from fm_domain.performance import YearScores
from storage import Database, UnitOfWork

log = logging.getLogger("fmbot.perf")

EXIT_ERROR = 2
EXIT_MISSING_DATA = 3
MAX_SHEET_BYTES = 10 * 1024 * 1024  # as for a file sent in chat

Handler = Callable[[argparse.Namespace, Settings], int]


class PerfError(Exception):
    """A refusal to print as it is (Chinese), exit 2."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    help_text = "绩效管理：考评方案、考评表模板与导入、得分、导出、结束考评"
    parser = subparsers.add_parser("perf", help=help_text, description=help_text)
    parser.set_defaults(handler=lambda _args, _settings: parser.print_help() or 0)
    actions = parser.add_subparsers(dest="perf_action", metavar="ACTION")

    scheme = actions.add_parser("scheme", help="考评方案：导入、查看、导出")
    scheme.set_defaults(handler=lambda _args, _settings: scheme.print_help() or 0)
    scheme_actions = scheme.add_subparsers(dest="scheme_action", metavar="ACTION")
    scheme_import = scheme_actions.add_parser(
        "import", help="导入考评方案（YAML 或 xlsx），用于文件写明的年度"
    )
    scheme_import.add_argument("file", type=Path, metavar="FILE")
    scheme_import.set_defaults(handler=_scheme_import)
    scheme_show = scheme_actions.add_parser("show", help="查看某年度的考评方案")
    _year_option(scheme_show, required=False)
    scheme_show.set_defaults(handler=_scheme_show)
    scheme_export = scheme_actions.add_parser(
        "export", help="把某年度的考评方案导出为 xlsx（可修改后再导入）"
    )
    _year_option(scheme_export)
    scheme_export.add_argument("file", type=Path, metavar="FILE.xlsx")
    scheme_export.set_defaults(handler=_scheme_export)

    template = actions.add_parser("template", help="生成评价部门填写的考评表（一个部门一行）")
    _year_option(template)
    template.add_argument("--source", required=True, help="评价来源，如 信访、督查、万人评议")
    template.add_argument("--out", type=Path, help="输出文件（默认：年度考评表-来源.xlsx）")
    template.set_defaults(handler=_template)

    importing = actions.add_parser("import", help="导入填好的考评表（整体校验，原文件留存为依据）")
    importing.add_argument("file", type=Path, metavar="FILE.xlsx")
    importing.set_defaults(handler=_import)

    score = actions.add_parser("score", help="年度得分和排名（--department 看一个部门每一分的依据）")
    _year_option(score)
    score.add_argument("--department", metavar="CODE", help="只看这个部门，列出每一分的依据")
    score.add_argument("--json", action="store_true", help="以 JSON 输出（全部部门、每一分及其依据）")
    _now_option(score)
    score.set_defaults(handler=_score)

    export = actions.add_parser("export", help="导出年度绩效考评表（xlsx：汇总和明细）")
    _year_option(export)
    export.add_argument("file", type=Path, metavar="FILE.xlsx")
    _now_option(export)
    export.set_defaults(handler=_export)

    close = actions.add_parser("close", help="结束年度考评：得分固定，此后的新数据不再改变它")
    _year_option(close)
    close.add_argument("--force", action="store_true", help="仍有指标缺少数据时也结束")
    _now_option(close)
    close.set_defaults(handler=_close)


def _year_option(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--year", type=int, required=required, metavar="YYYY", help="年度，如 2026")


def _now_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now", metavar="YYYY-MM-DDTHH:MM", help="按这一本地时刻的记录计算（默认为当前时间）"
    )


def _failing(handler: Handler) -> Handler:
    """A rejected file, an unwritable path or an unusable database: Chinese on stderr, exit 2."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            return handler(args, settings)
        except (LocatedError, PerfError) as error:
            log.warning("perf %s: %s", args.perf_action, error)
            print(f"失败：{error}", file=sys.stderr)
        except YearClosed as closed:
            print(f"失败：{texts.year_closed(closed.year)}", file=sys.stderr)
        except OSError as error:
            log.warning("perf %s: %s", args.perf_action, error)
            print(f"失败：无法读写文件 {error.filename or ''}（{error.strerror}）", file=sys.stderr)
        except SQLAlchemyError as error:
            log.error("perf %s: database error: %s", args.perf_action, error)
            print("失败：数据库出错，请检查 FM_DATABASE_URL 及数据库是否可用", file=sys.stderr)
        return EXIT_ERROR

    return run


@contextmanager
def _unit_of_work(settings: Settings) -> Iterator[UnitOfWork]:
    database: Database = open_database(settings)
    try:
        with database.unit_of_work() as uow:
            yield uow
    finally:
        database.dispose()


def _moment(args: argparse.Namespace, settings: Settings) -> datetime:
    if not getattr(args, "now", None):
        return utc_now()
    try:
        return parse_local_moment(args.now, settings.tz)
    except ValueError:
        raise PerfError(f"--now 应为本地时刻，例如 2026-12-31T18:00，实际为 {args.now!r}") from None


# -- the scheme ----------------------------------------------------------------------------------------


@_failing
def _scheme_import(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    scheme = read_scheme_file(path)
    with _unit_of_work(settings) as uow:
        if uow.performance.is_closed(scheme.year):
            raise YearClosed(scheme.year)
        uow.performance.save_scheme(
            scheme, file_name=path.name, file_content=path.read_bytes(), by=None, at=utc_now()
        )
        uow.commit()
    print(texts.scheme_imported(scheme, path.name))
    return 0


@_failing
def _scheme_show(args: argparse.Namespace, settings: Settings) -> int:
    year = args.year or utc_now().astimezone(settings.tz).year
    with _unit_of_work(settings) as uow:
        scheme, own = scheme_for(uow, year, load_default_scheme())
    assert scheme is not None
    print(texts.scheme_summary(scheme, own))
    return 0


@_failing
def _scheme_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.performance_files.scheme_xlsx import write_xlsx_scheme

    path = _xlsx_path(args.file)
    with _unit_of_work(settings) as uow:
        scheme, _ = scheme_for(uow, args.year, load_default_scheme())
    assert scheme is not None
    write_atomically(path, lambda target: write_xlsx_scheme(scheme, target), error=SchemeError)
    print(f"已导出 {scheme.year} 年度考评方案到 {path}。")
    return 0


# -- evaluation sheets ---------------------------------------------------------------------------------


@_failing
def _template(args: argparse.Namespace, settings: Settings) -> int:
    with _unit_of_work(settings) as uow:
        scheme, _ = scheme_for(uow, args.year, load_default_scheme())
        catalog = uow.catalog.current()
    assert scheme is not None
    if not scheme.fed_by(args.source):
        raise PerfError(texts.unknown_source(args.source, args.year, scheme.evaluation_sources()))
    if not catalog.departments:
        raise PerfError("职责目录为空：请先用 fmbot catalog import FILE 导入部门。")
    path = _xlsx_path(args.out or Path(texts.sheet_file_name(args.year, args.source)))
    content = write_template(scheme, args.source, catalog)
    write_atomically(path, lambda target: target.write_bytes(content), error=SchemeError)
    print(texts.template_ready(args.source, args.year, len(catalog)))
    print(f"已写入 {path}。")
    return 0


@_failing
def _import(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    if not path.is_file():
        raise PerfError(f"文件不存在：{path}")
    if path.stat().st_size > MAX_SHEET_BYTES:
        raise PerfError(f"文件过大（上限 {MAX_SHEET_BYTES // (1024 * 1024)} MB）：{path.name}")
    content = path.read_bytes()
    default = load_default_scheme()
    with _unit_of_work(settings) as uow:
        imported = import_evaluation(uow, path.name, content, default=default, by=None, at=utc_now())
        scheme, _ = scheme_for(uow, imported.evaluation.year, default)
        uow.commit()
    assert scheme is not None
    evaluation = imported.evaluation
    print(
        texts.evaluation_imported(
            evaluation,
            scheme.fed_by(evaluation.source),
            imported.replaced,
            lambda at: at.astimezone(settings.tz),
        )
    )
    return 0


# -- scores --------------------------------------------------------------------------------------------


def _scores(
    args: argparse.Namespace, settings: Settings
) -> tuple[YearScores, dict[str, str], dict[str, str]]:
    today = _moment(args, settings).astimezone(settings.tz).date()
    with _unit_of_work(settings) as uow:
        scores = assess_year(
            uow, args.year, today, load_calendar(settings), settings.tz, load_default_scheme()
        )
        catalog = uow.catalog.current()
    assert scores is not None  # the default scheme serves every year
    names = {department.code: department.display_name for department in catalog}
    return scores, names, texts.duty_labels(catalog)


@_failing
def _score(args: argparse.Namespace, settings: Settings) -> int:
    scores, names, duties = _scores(args, settings)
    if args.department and scores.of(args.department) is None:
        known = "、".join(names) or "（目录为空）"
        raise PerfError(f"没有代码为「{args.department}」的部门；现有：{known}")
    if args.json:
        data = scores.to_json()
        data["closed_at"] = scores.closed_at.isoformat() if scores.closed_at else None
        if args.department:
            data["scores"] = [score for score in data["scores"] if score["department"] == args.department]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if args.department:
        score = scores.of(args.department)
        assert score is not None
        print(texts.score_text(score, scores, names[args.department], duties, limit=None))
    else:
        print(texts.ranking_text(scores, names))
        print("\n查看一个部门每一分的依据：fmbot perf score --year YYYY --department CODE")
    return 0


@_failing
def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.performance_files.scores_xlsx import write_scores_xlsx

    path = _xlsx_path(args.file)
    scores, names, duties = _scores(args, settings)
    write_atomically(path, lambda target: write_scores_xlsx(scores, names, duties, target), error=SchemeError)
    print(texts.scores_exported(scores.year, len(scores.scores), str(path)))
    return 0


@_failing
def _close(args: argparse.Namespace, settings: Settings) -> int:
    now = _moment(args, settings)
    today = now.astimezone(settings.tz).date()
    with _unit_of_work(settings) as uow:
        if uow.performance.is_closed(args.year):
            raise YearClosed(args.year)
        scores = assess_year(
            uow, args.year, today, load_calendar(settings), settings.tz, load_default_scheme()
        )
        assert scores is not None
        names = {department.code: department.display_name for department in uow.catalog.current()}
        if not scores.scores:
            raise PerfError("职责目录为空：没有可考评的部门。")
        missing = missing_data(scores, names)
        if missing and not args.force:
            print(texts.close_refused_missing(args.year, missing), file=sys.stderr)
            return EXIT_MISSING_DATA
        frozen = close_year(uow, scores, by=None, at=now)
        uow.commit()
    first = frozen.scores[0]
    print(
        texts.year_closed_now(
            args.year, len(frozen.scores), f"{names.get(first.department, first.department)} {first.total} 分"
        )
    )
    return 0


def _xlsx_path(path: Path) -> Path:
    if path.suffix.lower() != ".xlsx":
        raise PerfError(f"文件名应以 .xlsx 结尾：{path}")
    return path
