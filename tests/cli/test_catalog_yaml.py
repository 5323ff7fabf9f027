"""The catalog YAML format: what it accepts, and how each bad file is rejected naming its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog_files import read_catalog_file
from fm_domain.errors import CatalogError
from fm_domain.models import DutyCategory, DutyStatus, Staffing

DEV_SET_CATALOG = Path(__file__).resolve().parents[3] / "shared" / "reference" / "dev-set" / "catalog.yaml"

ISSUE_EXAMPLE = """\
departments:
  - code: minzheng
    name: 南通市民政局
    short: 民政局
    partial: false            # true when the duty list is known to be incomplete
    staffing: {administrative: 48, leaders: 6, bodies: 12}
    duties:
      - n: 1
        text: 拟订全市民政事业发展规划和政策……
        category: 宏观决策类   # optional: guessed when absent
        status: active        # active | cancelled | transferred | delegated | merged
        periodic: false
        divisions: [办公室]
    divisions:
      - name: 社会救助处
        duties: ["负责城乡居民最低生活保障……", "……"]
"""


def write(tmp_path: Path, text: str, name: str = "catalog.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rejection(path: Path) -> CatalogError:
    with pytest.raises(CatalogError) as raised:
        read_catalog_file(path)
    return raised.value


def test_the_example_of_the_format_reads_as_written(tmp_path: Path) -> None:
    catalog = read_catalog_file(write(tmp_path, ISSUE_EXAMPLE))
    department = catalog.get("minzheng")
    assert department is not None
    assert (department.name, department.short, department.partial) == ("南通市民政局", "民政局", False)
    assert department.staffing == Staffing(administrative=48, leaders=6, bodies=12)
    duty = department.duty(1)
    assert duty is not None
    assert (duty.category, duty.category_guessed, duty.status) == (
        DutyCategory.MACRO_DECISION,
        False,
        DutyStatus.ACTIVE,
    )
    assert duty.divisions == ("办公室",)
    assert department.divisions[0].name == "社会救助处"
    assert department.divisions[0].duties == ("负责城乡居民最低生活保障……", "……")


def test_the_development_set_catalog_reads_with_its_comments_and_without_staffing_or_categories() -> None:
    catalog = read_catalog_file(DEV_SET_CATALOG)
    assert [d.code for d in catalog] == ["gz_jiaoyu", "sz_chengguan"]
    assert [len(d.duties) for d in catalog] == [12, 9]
    assert [d.id for d in catalog.all_duties() if not d.active] == ["gz_jiaoyu.5"]
    assert all(d.category_guessed for d in catalog.all_duties())


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ISSUE_EXAMPLE.encode("utf-8"))
    assert len(read_catalog_file(path)) == 1


def test_an_unknown_department_key_is_rejected_naming_its_line(tmp_path: Path) -> None:
    text = ISSUE_EXAMPLE.replace("    short: 民政局\n", "    short: 民政局\n    leader: 张三\n")
    error = rejection(write(tmp_path, text))
    assert error.where == "catalog.yaml 第 5 行"
    assert "leader" in error.message


def test_an_unknown_duty_key_is_rejected_naming_its_line(tmp_path: Path) -> None:
    text = ISSUE_EXAMPLE.replace("        periodic: false\n", "        periodical: false\n")
    error = rejection(write(tmp_path, text))
    assert error.where == "catalog.yaml 第 12 行"
    assert "periodical" in error.message


def test_a_duplicate_department_code_is_rejected_naming_both_lines(tmp_path: Path) -> None:
    second = ISSUE_EXAMPLE.split("departments:\n", 1)[1]
    error = rejection(write(tmp_path, ISSUE_EXAMPLE + second))
    assert error.where == "catalog.yaml 第 17 行"
    assert "minzheng" in error.message
    assert "第 2 行" in error.message


def test_a_duplicate_duty_number_is_rejected_naming_its_line(tmp_path: Path) -> None:
    text = ISSUE_EXAMPLE.replace(
        "    divisions:\n      - name",
        "      - n: 1\n        text: 负责婚姻登记。\n    divisions:\n      - name",
    )
    error = rejection(write(tmp_path, text))
    assert error.where == "catalog.yaml 第 14 行"
    assert "1" in error.message


def test_an_empty_duty_text_is_rejected_naming_its_line(tmp_path: Path) -> None:
    text = ISSUE_EXAMPLE.replace("        text: 拟订全市民政事业发展规划和政策……\n", '        text: ""\n')
    assert rejection(write(tmp_path, text)).where == "catalog.yaml 第 9 行"


def test_a_wrong_category_is_rejected_naming_its_line(tmp_path: Path) -> None:
    text = ISSUE_EXAMPLE.replace("category: 宏观决策类", "category: 宏观类")
    error = rejection(write(tmp_path, text))
    assert error.where == "catalog.yaml 第 10 行"
    assert "宏观类" in error.message


def test_a_wrong_status_is_rejected_naming_its_line(tmp_path: Path) -> None:
    text = ISSUE_EXAMPLE.replace("status: active ", "status: paused ")
    error = rejection(write(tmp_path, text))
    assert error.where == "catalog.yaml 第 11 行"
    assert "paused" in error.message


def test_a_file_that_is_not_utf8_is_rejected_naming_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(ISSUE_EXAMPLE.encode("gbk", errors="replace"))
    error = rejection(path)
    assert error.where == "gbk.yaml 第 3 行"
    assert "UTF-8" in error.message


def test_malformed_yaml_is_rejected_naming_its_line(tmp_path: Path) -> None:
    text = ISSUE_EXAMPLE.replace("    short: 民政局\n", "      short: 民政局\n")
    error = rejection(write(tmp_path, text))
    assert error.where == "catalog.yaml 第 4 行"
    assert "YAML" in error.message


def test_an_unclosed_bracket_is_rejected_as_malformed_yaml(tmp_path: Path) -> None:
    text = ISSUE_EXAMPLE.replace("        periodic: false\n", "        periodic: [false\n")
    error = rejection(write(tmp_path, text))
    assert error.where == "catalog.yaml 第 13 行"
    assert "YAML" in error.message


def test_a_key_given_twice_in_one_mapping_is_rejected_naming_its_line(tmp_path: Path) -> None:
    text = ISSUE_EXAMPLE.replace("    short: 民政局\n", "    short: 民政局\n    short: 民政\n")
    error = rejection(write(tmp_path, text))
    assert error.where == "catalog.yaml 第 5 行"
    assert "第 4 行" in error.message


def test_an_empty_file_is_rejected(tmp_path: Path) -> None:
    assert "空" in rejection(write(tmp_path, "# only a comment\n")).message


def test_a_list_at_the_top_instead_of_departments_is_rejected(tmp_path: Path) -> None:
    error = rejection(write(tmp_path, "- code: minzheng\n  name: 南通市民政局\n"))
    assert error.where == "catalog.yaml 第 1 行"


def test_a_three_ding_text_file_is_pointed_to_import_text(tmp_path: Path) -> None:
    assert "import-text" in rejection(write(tmp_path, "主要职责", name="民政局.txt")).message


def test_a_missing_file_is_rejected(tmp_path: Path) -> None:
    assert "不存在" in rejection(tmp_path / "none.yaml").message
