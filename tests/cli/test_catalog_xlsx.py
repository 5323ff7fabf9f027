"""The catalog workbook: export → import round-trips, and a bad sheet is rejected naming sheet and cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.catalog_files import load_sample_catalog, read_catalog_file, write_catalog_xlsx
from fm_domain.errors import CatalogError
from fm_domain.models import Catalog

EditSheet = Callable[[Worksheet], None]


@pytest.fixture(scope="module")
def sample() -> Catalog:
    return load_sample_catalog()


@pytest.fixture
def exported(tmp_path: Path, sample: Catalog) -> Path:
    path = tmp_path / "catalog.xlsx"
    write_catalog_xlsx(sample, path)
    return path


def edited(path: Path, sheet: str, edit: EditSheet) -> Path:
    workbook = load_workbook(path)
    edit(workbook[sheet])
    workbook.save(path)
    return path


def rejection(path: Path) -> CatalogError:
    with pytest.raises(CatalogError) as raised:
        read_catalog_file(path)
    return raised.value


def first_duty_row(sheet: Worksheet) -> int:
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == "序号") + 1


def test_export_then_import_gives_back_the_same_catalog(exported: Path, sample: Catalog) -> None:
    assert read_catalog_file(exported) == sample


def test_guessed_categories_stay_marked_as_guesses_after_a_round_trip(
    exported: Path, sample: Catalog
) -> None:
    guessed = {duty.id for duty in read_catalog_file(exported).all_duties() if duty.category_guessed}
    assert guessed == {duty.id for duty in sample.all_duties() if duty.category_guessed}
    assert guessed


def test_each_department_has_a_sheet_named_by_its_code(exported: Path, sample: Catalog) -> None:
    assert load_workbook(exported).sheetnames == [department.code for department in sample]


def test_a_category_typed_into_the_sheet_replaces_the_guess(exported: Path) -> None:
    def set_category(sheet: Worksheet) -> None:
        sheet.cell(first_duty_row(sheet) + 1, 3).value = "组织实施类"

    catalog = read_catalog_file(edited(exported, "minzheng", set_category))
    duty = catalog.duty("minzheng.2")
    assert duty is not None
    assert (duty.category.value, duty.category_guessed) == ("组织实施类", False)


def test_headers_may_use_the_yaml_keys(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "任意名称"
    for row in (
        ["code", "minzheng"],
        ["name", "南通市民政局"],
        ["n", "text", "status"],
        [1, "负责婚姻登记。", "取消"],
    ):
        sheet.append(row)
    workbook.save(tmp_path / "keys.xlsx")
    duty = read_catalog_file(tmp_path / "keys.xlsx").duty("minzheng.1")
    assert duty is not None and not duty.active


def test_empty_sheets_are_ignored(exported: Path, sample: Catalog) -> None:
    workbook = load_workbook(exported)
    workbook.create_sheet("Sheet1")
    workbook.save(exported)
    assert read_catalog_file(exported) == sample


def test_an_unknown_field_label_is_rejected_naming_sheet_and_cell(exported: Path) -> None:
    error = rejection(edited(exported, "sifa", lambda sheet: sheet.cell(3, 1, "负责人")))
    assert error.where == "catalog.xlsx 工作表「sifa」单元格 A3"
    assert "负责人" in error.message


def test_an_unknown_column_is_rejected_naming_its_header_cell(exported: Path) -> None:
    def add_column(sheet: Worksheet) -> None:
        sheet.cell(first_duty_row(sheet) - 1, 7, "备注")

    error = rejection(edited(exported, "sifa", add_column))
    assert error.where is not None and error.where.startswith("catalog.xlsx 工作表「sifa」单元格 G")
    assert "备注" in error.message


def test_a_missing_duty_text_column_is_rejected(exported: Path) -> None:
    def drop_text_header(sheet: Worksheet) -> None:
        sheet.cell(first_duty_row(sheet) - 1, 2).value = None

    error = rejection(edited(exported, "sifa", drop_text_header))
    assert "缺少列：职责" in error.message
    assert error.where is not None and "工作表「sifa」" in error.where


def test_a_sheet_without_a_duty_header_is_rejected(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["代码", "minzheng"])
    workbook.save(tmp_path / "noheader.xlsx")
    error = rejection(tmp_path / "noheader.xlsx")
    assert "职责表头" in error.message
    assert error.where == "noheader.xlsx 工作表「Sheet」"


def test_a_duplicate_duty_number_is_rejected_naming_its_row(exported: Path) -> None:
    def duplicate(sheet: Worksheet) -> None:
        row = first_duty_row(sheet)
        sheet.cell(row + 1, 1).value = 1

    error = rejection(edited(exported, "jiaoyu", duplicate))
    assert (
        error.where
        == f"catalog.xlsx 工作表「jiaoyu」第 {first_duty_row(load_workbook(exported)['jiaoyu']) + 1} 行"
    )


def test_an_empty_duty_text_is_rejected_naming_its_cell(exported: Path) -> None:
    row = first_duty_row(load_workbook(exported)["jiaoyu"])

    def clear_text(sheet: Worksheet) -> None:
        sheet.cell(row, 2).value = "  "

    error = rejection(edited(exported, "jiaoyu", clear_text))
    assert error.where == f"catalog.xlsx 工作表「jiaoyu」单元格 B{row}"


def test_a_wrong_category_is_rejected_naming_its_cell(exported: Path) -> None:
    row = first_duty_row(load_workbook(exported)["shangwu"]) + 2
    error = rejection(edited(exported, "shangwu", lambda sheet: sheet.cell(row, 3, "宏观类")))
    assert error.where == f"catalog.xlsx 工作表「shangwu」单元格 C{row}"


def test_a_wrong_status_is_rejected_naming_its_cell(exported: Path) -> None:
    row = first_duty_row(load_workbook(exported)["shangwu"])
    error = rejection(edited(exported, "shangwu", lambda sheet: sheet.cell(row, 4, "暂停")))
    assert error.where == f"catalog.xlsx 工作表「shangwu」单元格 D{row}"
    assert "暂停" in error.message


def test_the_same_code_on_two_sheets_is_rejected(exported: Path) -> None:
    error = rejection(edited(exported, "sifa", lambda sheet: sheet.cell(1, 2, "minzheng")))
    assert error.where == "catalog.xlsx 工作表「sifa」"
    assert "minzheng" in error.message


def test_a_file_that_is_not_a_workbook_is_rejected_clearly(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("代码,名称\nminzheng,南通市民政局\n", encoding="utf-8")
    error = rejection(path)
    assert "不是有效的 xlsx 文件" in error.message
    assert error.where == "fake.xlsx"


def test_a_workbook_with_only_empty_sheets_is_rejected(tmp_path: Path) -> None:
    Workbook().save(tmp_path / "empty.xlsx")
    assert "没有部门" in rejection(tmp_path / "empty.xlsx").message
