"""``fmbot catalog import | import-text | show | export`` against a real database (SQLite and PostgreSQL).

A rejected file exits with code 2, says why in Chinese on stderr (naming the line or cell), and leaves
the database exactly as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.catalog_files import load_sample_catalog, sample_catalog_path, write_catalog_xlsx
from fm_domain.models import Catalog
from storage import Database
from tests.cli_runner import Fmbot, in_process

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "sanding"


Stored = Callable[[], tuple[Catalog, dict[str, int]]]


@pytest.fixture
def fmbot(database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Fmbot:
    """Run ``fmbot`` in-process on a clean database of each backend."""
    monkeypatch.setenv("FM_DATABASE_URL", database_url)

    run = in_process(capsys)

    return run


@pytest.fixture
def stored(database_url: str) -> Iterator[Stored]:
    """Read back what the database holds: the current catalog and each department's revision count."""
    database = Database(database_url)

    def read() -> tuple[Catalog, dict[str, int]]:
        database.upgrade()
        with database.unit_of_work() as uow:
            catalog = uow.catalog.current()
            return catalog, {d.code: len(uow.catalog.revisions(d.code)) for d in catalog}

    yield read
    database.dispose()


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.yaml"
    path.write_bytes(sample_catalog_path().read_bytes())
    return path


def test_importing_the_sample_catalog_stores_every_department(
    fmbot: Fmbot, stored: Stored, sample_file: Path
) -> None:
    outcome = fmbot("catalog", "import", sample_file)
    assert outcome.code == 0, outcome.err
    assert "已导入 5 个部门" in outcome.out
    catalog, revisions = stored()
    assert catalog == load_sample_catalog()
    assert set(revisions.values()) == {1}


def test_importing_a_changed_department_adds_a_revision_and_keeps_the_others(
    fmbot: Fmbot, stored: Stored, sample_file: Path
) -> None:
    fmbot("catalog", "import", sample_file)
    text = sample_file.read_text(encoding="utf-8")
    sample_file.write_text(
        text.replace("负责全市婚姻登记管理工作", "负责全市婚姻登记和收养登记管理工作"), "utf-8"
    )
    outcome = fmbot("catalog", "import", sample_file)
    assert outcome.code == 0, outcome.err
    catalog, revisions = stored()
    assert revisions == {"jiaoyu": 1, "minzheng": 2, "sifa": 1, "chengguan": 1, "shangwu": 1}
    duty = catalog.duty("minzheng.6")
    assert duty is not None and "收养登记" in duty.text
    assert "minzheng 南通市民政局：第 2 版" in outcome.out


# case -> (a line of the sample, what it becomes, a word the message must contain); the error must name
# the changed line
BAD_YAML = {
    "unknown_key": ("    short: 民政局\n", "    short: 民政局\n    leader: 张三\n", "leader"),
    "empty_text": (
        "text: 贯彻执行国家和省有关民政工作的方针政策和法律法规，拟订全市民政事业发展规划和政策并组织实施。",
        'text: ""',
        "不能为空",
    ),
    "wrong_category": ("category: 其它职能类", "category: 其他类", "其他类"),
    "wrong_status": ("status: delegated", "status: paused", "paused"),
    "duplicate_duty_number": ("      - n: 15\n", "      - n: 14\n", "14"),
    "malformed": ("    short: 民政局\n", "      short: 民政局\n", "YAML"),
}


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize("case", sorted(BAD_YAML))
def test_a_bad_yaml_file_is_rejected_naming_its_line_and_nothing_is_written(
    case: str, fmbot: Fmbot, stored: Stored, sample_file: Path, tmp_path: Path
) -> None:
    fmbot("catalog", "import", sample_file)
    before = stored()
    original, replacement, word = BAD_YAML[case]
    text = sample_file.read_text(encoding="utf-8")
    assert original in text
    bad_text = text.replace(original, replacement, 1)
    changed = next(
        n
        for n, (a, b) in enumerate(zip(text.splitlines(), bad_text.splitlines(), strict=False), start=1)
        if a != b
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(bad_text, encoding="utf-8")
    outcome = fmbot("catalog", "import", bad)
    assert outcome.code == 2
    assert outcome.err.startswith(f"导入失败：bad.yaml 第 {changed} 行："), outcome.err
    assert word in outcome.err
    assert stored() == before


def test_a_duplicate_department_code_is_rejected_and_nothing_is_written(
    fmbot: Fmbot, stored: Stored, sample_file: Path, tmp_path: Path
) -> None:
    fmbot("catalog", "import", sample_file)
    before = stored()
    text = sample_file.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("  - code: shangwu\n", "  - code: minzheng\n"), encoding="utf-8")
    outcome = fmbot("catalog", "import", bad)
    assert outcome.code == 2
    assert f"第 {_line_of(text, '  - code: shangwu')} 行" in outcome.err
    assert "minzheng" in outcome.err
    assert stored() == before


def test_a_file_that_is_valid_up_to_its_last_department_writes_nothing(
    fmbot: Fmbot, stored: Stored, sample_file: Path, tmp_path: Path
) -> None:
    text = sample_file.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("status: cancelled\n        divisions: [市场体系建设处]", "status: 取缔\n"), "utf-8"
    )
    assert fmbot("catalog", "import", bad).code == 2
    assert stored() == (Catalog(), {})


def test_a_file_that_is_not_utf8_is_rejected_naming_its_line_and_nothing_is_written(
    fmbot: Fmbot, stored: Stored, sample_file: Path, tmp_path: Path
) -> None:
    fmbot("catalog", "import", sample_file)
    before = stored()
    bad = tmp_path / "gbk.yaml"
    text = sample_file.read_text(encoding="utf-8")
    bad.write_bytes(text.encode("gbk", errors="replace"))
    outcome = fmbot("catalog", "import", bad)
    assert outcome.code == 2
    assert "UTF-8" in outcome.err
    assert "gbk.yaml 第 1 行" in outcome.err
    assert stored() == before


def test_a_broken_spreadsheet_is_rejected_and_nothing_is_written(
    fmbot: Fmbot, stored: Stored, sample_file: Path, tmp_path: Path
) -> None:
    fmbot("catalog", "import", sample_file)
    before = stored()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    outcome = fmbot("catalog", "import", bad)
    assert outcome.code == 2
    assert "不是有效的 xlsx 文件" in outcome.err
    assert stored() == before


def test_a_bad_cell_in_a_spreadsheet_is_rejected_naming_sheet_and_cell_and_nothing_is_written(
    fmbot: Fmbot, stored: Stored, sample_file: Path, tmp_path: Path
) -> None:
    fmbot("catalog", "import", sample_file)
    before = stored()
    path = tmp_path / "bad.xlsx"
    write_catalog_xlsx(load_sample_catalog(), path)
    workbook = load_workbook(path)
    workbook["chengguan"]["D10"] = "暂停"
    workbook.save(path)
    outcome = fmbot("catalog", "import", path)
    assert outcome.code == 2
    assert "bad.xlsx 工作表「chengguan」单元格 D10" in outcome.err
    assert stored() == before


def test_export_then_import_into_a_fresh_database_gives_the_same_catalog(
    fmbot: Fmbot, stored: Stored, sample_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fmbot("catalog", "import", sample_file)
    exported = tmp_path / "export.xlsx"
    outcome = fmbot("catalog", "export", exported)
    assert outcome.code == 0, outcome.err
    assert "已导出 5 个部门" in outcome.out
    monkeypatch.setenv("FM_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert fmbot("catalog", "import", exported).code == 0
    fresh = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    with fresh.unit_of_work() as uow:
        assert uow.catalog.current() == stored()[0]
    fresh.dispose()


def test_exporting_an_empty_catalog_is_refused(fmbot: Fmbot, tmp_path: Path) -> None:
    outcome = fmbot("catalog", "export", tmp_path / "empty.xlsx")
    assert outcome.code == 2
    assert "职责目录为空" in outcome.err
    assert not (tmp_path / "empty.xlsx").exists()


def test_exporting_to_a_name_that_is_not_xlsx_is_refused(fmbot: Fmbot, tmp_path: Path) -> None:
    outcome = fmbot("catalog", "export", tmp_path / "catalog.csv")
    assert outcome.code == 2
    assert ".xlsx" in outcome.err


@pytest.mark.parametrize("reference", sorted(REFERENCE.glob("*.txt")), ids=lambda path: path.stem)
def test_each_reference_text_imports_with_its_stated_number_of_duties(
    reference: Path, fmbot: Fmbot, tmp_path: Path
) -> None:
    header, _, body = reference.read_text(encoding="utf-8").partition("\n\n")
    stated = int(re.search(r"^duties:\s*(\d+)", header, re.MULTILINE).group(1))  # type: ignore[union-attr]
    text = tmp_path / reference.name
    text.write_text(body, encoding="utf-8")
    outcome = fmbot("catalog", "import-text", "--code", reference.stem, "--name", "某部门", text)
    assert outcome.code == 0, outcome.err
    shown = json.loads(fmbot("catalog", "show", reference.stem, "--json").out)
    assert len(shown["departments"][0]["duties"]) == stated


def test_import_text_stores_divisions_and_staffing_and_reports_them(
    fmbot: Fmbot, stored: Stored, tmp_path: Path
) -> None:
    text = tmp_path / "民政局.txt"
    text.write_text(
        "主要职责：\n（一）拟订社会救助政策。\n（二）完成市委、市政府交办的其他任务。\n"
        "三、内设机构\n根据上述职责，市民政局设2个内设机构：\n（一）办公室\n负责机关日常运转。\n"
        "（二）社会救助处\n负责最低生活保障工作。\n四、人员编制\n市民政局机关行政编制为20名，其中局长1名、副局长2名。\n",
        encoding="utf-8",
    )
    outcome = fmbot(
        "catalog", "import-text", "--code", "minzheng", "--name", "南通市民政局", "--short", "民政局", text
    )
    assert outcome.code == 0, outcome.err
    assert "办公室、社会救助处" in outcome.out
    assert "行政编制 20 名，领导职数 3 名，内设机构 2 个" in outcome.out
    department = stored()[0].get("minzheng")
    assert department is not None
    assert (department.short, len(department.duties), len(department.divisions)) == ("民政局", 2, 2)


def test_a_sanding_text_saved_as_gbk_on_windows_imports(fmbot: Fmbot, stored: Stored, tmp_path: Path) -> None:
    text = tmp_path / "民政局.txt"
    text.write_bytes("主要职责：\n（一）拟订社会救助政策。\n（二）负责婚姻登记管理工作。\n".encode("gbk"))
    outcome = fmbot("catalog", "import-text", "--code", "minzheng", "--name", "南通市民政局", text)
    assert outcome.code == 0, outcome.err
    department = stored()[0].get("minzheng")
    assert department is not None
    assert [duty.text for duty in department.duties][1] == "负责婚姻登记管理工作。"


def test_a_text_without_a_duty_list_is_rejected_and_nothing_is_written(
    fmbot: Fmbot, stored: Stored, tmp_path: Path
) -> None:
    text = tmp_path / "总结.txt"
    text.write_text("南通市民政局2024年工作总结\n一、社会救助\n全年发放低保金……\n", encoding="utf-8")
    outcome = fmbot("catalog", "import-text", "--code", "minzheng", "--name", "南通市民政局", text)
    assert outcome.code == 2
    assert "主要职责" in outcome.err
    assert stored() == (Catalog(), {})


def test_show_lists_every_department_in_a_table(fmbot: Fmbot, sample_file: Path) -> None:
    fmbot("catalog", "import", sample_file)
    outcome = fmbot("catalog", "show")
    assert outcome.code == 0
    rows = [line for line in outcome.out.splitlines() if line.startswith(("jiaoyu", "minzheng", "sifa"))]
    assert len(rows) == 3
    assert "南通市民政局" in outcome.out


def test_show_with_a_code_lists_that_departments_duties_with_status_and_guesses(
    fmbot: Fmbot, sample_file: Path
) -> None:
    fmbot("catalog", "import", sample_file)
    outcome = fmbot("catalog", "show", "minzheng")
    assert outcome.code == 0
    assert "行政编制 48 名" in outcome.out
    transferred = next(line for line in outcome.out.splitlines() if "minzheng.14" in line)
    assert "已转移" in transferred
    assert "*" in transferred  # its category is a guess


def test_show_json_has_exactly_the_documented_shape(fmbot: Fmbot, sample_file: Path) -> None:
    fmbot("catalog", "import", sample_file)
    outcome = fmbot("catalog", "show", "--json")
    data = json.loads(outcome.out)
    assert list(data) == ["departments"]
    department = data["departments"][1]
    assert set(department) == {"code", "name", "partial", "duties", "divisions", "staffing"}
    assert set(department["duties"][0]) == {
        "id",
        "n",
        "text",
        "category",
        "category_guessed",
        "status",
        "periodic",
    }
    assert department["duties"][13] | {"text": ""} == {
        "id": "minzheng.14",
        "n": 14,
        "text": "",
        "category": "组织实施类",
        "category_guessed": True,
        "status": "transferred",
        "periodic": False,
    }
    assert department["staffing"] == {"administrative": 48, "leaders": 6, "bodies": 12}
    assert department["divisions"][0]["name"] == "办公室"
    assert "南通市民政局" in outcome.out  # not escaped to \\u…


def test_show_json_of_an_empty_catalog_is_an_empty_list(fmbot: Fmbot) -> None:
    assert json.loads(fmbot("catalog", "show", "--json").out) == {"departments": []}


def test_show_of_an_unknown_code_exits_2_naming_the_known_ones(fmbot: Fmbot, sample_file: Path) -> None:
    fmbot("catalog", "import", sample_file)
    outcome = fmbot("catalog", "show", "nosuch")
    assert outcome.code == 2
    assert "nosuch" in outcome.err
    assert "minzheng" in outcome.err
