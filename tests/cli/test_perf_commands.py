"""``fmbot perf`` against a real database (SQLite and PostgreSQL): the template an evaluating office fills,
its import (a bad sheet names its cell and stores nothing), the scores with their evidence, the 年度绩效考评
workbook, and closing a year (refused while data is missing, frozen after)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.catalog_files import sample_catalog_path
from fm_domain.performance import Evaluation
from storage import Database
from tests.cli_runner import Fmbot, in_process

NOW = "2026-12-31T18:00"


@pytest.fixture
def fmbot(database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Fmbot:
    """``fmbot`` in-process on a clean database of each backend holding the sample catalog."""
    monkeypatch.setenv("FM_DATABASE_URL", database_url)

    run = in_process(capsys)

    assert run("catalog", "import", sample_catalog_path()).code == 0
    return run


@pytest.fixture
def evaluations(database_url: str) -> Iterator[Callable[[], list[Evaluation]]]:
    database = Database(database_url)

    def read() -> list[Evaluation]:
        with database.unit_of_work() as uow:
            return list(uow.performance.evaluations(2026))

    yield read
    database.dispose()


def template(fmbot: Fmbot, tmp_path: Path, source: str, rows: dict[str, list[object]]) -> Path:
    """The template ``fmbot perf template`` writes, filled: ``rows`` by department code."""
    blank = tmp_path / f"{source}-模板.xlsx"
    made = fmbot("perf", "template", "--year", "2026", "--source", source, "--out", blank)
    assert made.code == 0 and "5 个部门各一行" in made.out
    workbook = load_workbook(blank)
    sheet = workbook.active
    assert sheet is not None
    for row in range(6, sheet.max_row + 1):
        for column, value in enumerate(rows.get(str(sheet.cell(row, 1).value), []), start=3):
            sheet.cell(row, column).value = value
    path = tmp_path / f"{source}.xlsx"
    workbook.save(path)
    return path


def test_a_filled_template_is_imported_with_its_file_kept_as_evidence(
    fmbot: Fmbot, tmp_path: Path, database_url: str
) -> None:
    sheet = template(fmbot, tmp_path, "信访", {"minzheng": [92, 88, 1], "jiaoyu": [80, 75, 0]})

    outcome = fmbot("perf", "import", sheet)

    assert outcome.code == 0
    assert "已导入 2026 年度「信访」考评表 信访.xlsx（第 1 号导入）：2 个部门" in outcome.out
    database = Database(database_url)
    try:
        with database.unit_of_work() as uow:
            [stored] = uow.performance.evaluations(2026)
            assert uow.performance.evaluation_file(stored.id) == ("信访.xlsx", sheet.read_bytes())
    finally:
        database.dispose()


@pytest.mark.parametrize(
    ("rows", "cell", "reason"),
    [
        ({"minzheng": [120, 88, 0]}, "C7", "120 超出范围 0–100"),
        ({"minzheng": [90, 88, -1]}, "E7", "件数应为不小于 0 的整数"),
        ({"minzheng": [90, 88]}, "E7", "「越级访、重复访」未填写"),
    ],
)
def test_a_bad_value_is_refused_naming_its_cell_and_nothing_is_stored(
    fmbot: Fmbot,
    tmp_path: Path,
    evaluations: Callable[[], list[Evaluation]],
    rows: dict[str, list[object]],
    cell: str,
    reason: str,
) -> None:
    sheet = template(fmbot, tmp_path, "信访", rows)

    outcome = fmbot("perf", "import", sheet)

    assert outcome.code == 2
    assert f"信访.xlsx 单元格 {cell}：" in outcome.err and reason in outcome.err
    assert evaluations() == []


def test_an_unknown_department_and_a_duplicate_row_are_refused_naming_the_cell(
    fmbot: Fmbot, tmp_path: Path, evaluations: Callable[[], list[Evaluation]]
) -> None:
    sheet = template(fmbot, tmp_path, "万人评议", {"minzheng": [90], "jiaoyu": [85]})
    workbook = load_workbook(sheet)
    rows = workbook.active
    assert rows is not None
    line = {rows.cell(n, 1).value: n for n in range(6, rows.max_row + 1)}
    first, second = sorted((line["jiaoyu"], line["minzheng"]))
    rows.cell(first, 1).value = "weijian"  # the first filled row renamed to a department not in the catalog
    workbook.save(tmp_path / "unknown.xlsx")
    for column in (1, 2):  # … and now to the department given below it
        rows.cell(first, column).value = rows.cell(second, column).value
    workbook.save(tmp_path / "twice.xlsx")
    name = "民政局" if rows.cell(second, 1).value == "minzheng" else "教育局"

    unknown = fmbot("perf", "import", tmp_path / "unknown.xlsx")
    twice = fmbot("perf", "import", tmp_path / "twice.xlsx")

    assert unknown.code == 2 and f"unknown.xlsx 单元格 A{first}：不认识的部门「weijian」" in unknown.err
    assert twice.code == 2
    assert f"twice.xlsx 单元格 A{second}：部门「{name}」重复（twice.xlsx 第 {first} 行已出现）" in twice.err
    assert evaluations() == []


def test_a_file_that_is_not_a_workbook_is_refused(fmbot: Fmbot, tmp_path: Path) -> None:
    bogus = tmp_path / "信访.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not really")
    outcome = fmbot("perf", "import", bogus)
    assert outcome.code == 2 and "不是有效的 xlsx 文件" in outcome.err and "Traceback" not in outcome.err


def test_scores_name_every_points_evidence_in_text_and_json(fmbot: Fmbot, tmp_path: Path) -> None:
    assert fmbot("perf", "import", template(fmbot, tmp_path, "信访", {"minzheng": [92, 88, 1]})).code == 0

    ranking = fmbot("perf", "score", "--year", "2026", "--now", NOW)
    breakdown = fmbot("perf", "score", "--year", "2026", "--department", "minzheng", "--now", NOW)
    data = json.loads(fmbot("perf", "score", "--year", "2026", "--json", "--now", NOW).out)

    assert ranking.code == 0 and "2026 年度绩效考评排名（进行中，截至 2026-12-31" in ranking.out
    assert "· 群众来信来访按时办结、办理满意：3.68 分（满分 4），原始值 92" in breakdown.out
    lines = breakdown.out.splitlines()
    evidence = [lines[n + 1] for n, line in enumerate(lines) if line.startswith("· ")]
    assert len(evidence) == 29 and all(line.startswith("  依据：") and len(line) > 6 for line in evidence)
    minzheng = next(score for score in data["scores"] if score["department"] == "minzheng")
    petitions = next(point for point in minzheng["points"] if point["indicator"] == "petitions")
    assert (petitions["value"], petitions["points"]) == ("92", "3.68")
    assert petitions["evidence"] == [
        {
            "kind": "evaluation",
            "ref": "信访.xlsx",
            "counted": True,
            "period": "1",
            "note": "信访.xlsx 单元格 C7",
        }
    ]
    assert data["closed_at"] is None and len(data["scheme"]["dimensions"]) == 4


def test_the_export_has_a_summary_row_per_department_and_a_detail_row_per_point(
    fmbot: Fmbot, tmp_path: Path
) -> None:
    out = tmp_path / "考评.xlsx"

    outcome = fmbot("perf", "export", "--year", "2026", out, "--now", NOW)

    assert outcome.code == 0 and "考评汇总、考评明细两个工作表" in outcome.out
    workbook = load_workbook(out)
    summary, detail = workbook["考评汇总"], workbook["考评明细"]
    assert [c.value for c in summary[3]] == [
        "名次", "部门", "做了没有（35）", "怎么做的（35）", "效果怎样（30）", "否定项", "总分", "缺少数据",
    ]  # fmt: skip
    assert summary.max_row == 3 + 5
    assert [c.value for c in detail[1]] == ["部门", "维度", "指标", "方向", "分值", "原始值", "得分", "依据"]
    assert detail.max_row == 1 + 5 * 29
    assert all(detail.cell(row, 8).value for row in range(2, detail.max_row + 1))


def test_closing_is_refused_while_data_is_missing_and_then_freezes_the_year(
    fmbot: Fmbot, tmp_path: Path
) -> None:
    sheet = template(fmbot, tmp_path, "信访", {"minzheng": [92, 88, 1]})
    assert fmbot("perf", "import", sheet).code == 0

    refused = fmbot("perf", "close", "--year", "2026", "--now", NOW)
    closed = fmbot("perf", "close", "--year", "2026", "--force", "--now", NOW)
    before = fmbot("perf", "score", "--year", "2026", "--json").out
    again = fmbot("perf", "import", sheet)
    twice = fmbot("perf", "close", "--year", "2026", "--force")

    assert refused.code == 3 and "仍有缺少数据的指标" in refused.err and "· 依法行政：" in refused.err
    assert closed.code == 0 and "2026 年度考评已结束：5 个部门" in closed.out
    assert again.code == 2 and "2026 年度考评已结束" in again.err
    assert twice.code == 2
    after = fmbot("perf", "score", "--year", "2026", "--json").out
    assert after == before and json.loads(after)["closed_at"] is not None


def test_the_scheme_exported_as_xlsx_imports_back_for_its_year(fmbot: Fmbot, tmp_path: Path) -> None:
    path = tmp_path / "方案.xlsx"
    assert fmbot("perf", "scheme", "export", "--year", "2027", path).code == 0
    shown_default = fmbot("perf", "scheme", "show", "--year", "2027").out

    imported = fmbot("perf", "scheme", "import", path)

    assert imported.code == 0 and "已导入 2027 年度考评方案" in imported.out and "29 项指标" in imported.out
    assert "使用 fmbot 默认方案" in shown_default
    assert "已导入的方案" in fmbot("perf", "scheme", "show", "--year", "2027").out


def test_a_bad_scheme_file_is_refused_naming_its_line(fmbot: Fmbot, tmp_path: Path) -> None:
    path = tmp_path / "方案.yaml"
    path.write_text(
        "year: 2026\nname: 方案\ndimensions:\n  - code: done\n    name: 做了没有\n    items:\n"
        "      - code: on_time\n        name: 按时报送\n        points: 4\n        source: record\n"
        "        from: reports_on_time\n        scoring: linear 0-100\n",
        encoding="utf-8",
    )

    outcome = fmbot("perf", "scheme", "import", path)

    assert outcome.code == 2
    assert "方案.yaml 第 12 行：本系统指标「reports_on_time」应按比例（ratio）计分" in outcome.err
    assert "默认方案" in fmbot("perf", "scheme", "show", "--year", "2026").out  # nothing was stored
