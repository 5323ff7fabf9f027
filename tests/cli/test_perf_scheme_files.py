"""The bundled default scheme and the scheme files (YAML and xlsx): what the default holds, a round trip
through the workbook, and a bad workbook refused at its cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.performance_files import load_default_scheme, read_scheme_file
from bot.performance_files.scheme_xlsx import write_xlsx_scheme
from fm_domain.errors import SchemeError
from fm_domain.performance import Direction, SourceKind


def test_the_default_has_28_items_in_the_three_dimensions_and_the_negative_item() -> None:
    scheme = load_default_scheme()

    three = scheme.dimensions[:3]
    assert [d.name for d in three] == ["做了没有", "怎么做的", "效果怎样"]
    assert sum(len(d.indicators) for d in three) == 28
    assert scheme.bonus_points == 100
    [negative] = scheme.dimensions[3].indicators
    assert negative.name == "重大决策失误责任追究" and negative.direction is Direction.PENALTY


def test_the_default_takes_evidence_from_every_corroborating_office_fmbot_and_the_leaders() -> None:
    scheme = load_default_scheme()

    assert {"督查", "纪检监察", "法制", "信访", "政务中心", "万人评议"} <= set(scheme.evaluation_sources())
    assert {i.source for i in scheme} == set(SourceKind)
    records = {i.origin for i in scheme if i.source is SourceKind.RECORD}
    assert {"reports_on_time", "reports_complete", "duty_coverage", "findings_confirmed"} <= records
    assert {"inquiries_on_time", "inquiries_accepted", "signals_left_open"} <= records


def test_a_scheme_round_trips_through_its_workbook(tmp_path: Path) -> None:
    scheme = load_default_scheme()
    path = tmp_path / "方案.xlsx"

    write_xlsx_scheme(scheme, path)

    assert read_scheme_file(path) == scheme


@pytest.mark.parametrize(
    ("cell", "value", "reason"),
    [
        ("E5", "六", "分值 points 应为数字"),
        ("F6", "倒扣", "方向 direction「倒扣」不可用"),
        ("I5", "按感觉", "无法识别的计分方式"),
        ("J4", "权重", "不认识的列「权重」"),
    ],
)
def test_a_bad_cell_of_a_scheme_workbook_is_named(tmp_path: Path, cell: str, value: str, reason: str) -> None:
    path = tmp_path / "方案.xlsx"
    write_xlsx_scheme(load_default_scheme(), path)
    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet[cell] = value
    workbook.save(path)

    with pytest.raises(SchemeError) as refused:
        read_scheme_file(path)

    assert refused.value.where is not None and refused.value.where.endswith(f"单元格 {cell}")
    assert reason in refused.value.message


def test_a_scheme_file_of_another_kind_is_refused() -> None:
    with pytest.raises(SchemeError, match=r"应为 \.yaml、\.yml 或 \.xlsx"):
        read_scheme_file(Path(__file__))
