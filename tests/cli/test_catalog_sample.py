"""The bundled sample catalog: the five pilot departments of 南通, ready for demos of every duty state."""

from __future__ import annotations

import pytest

from bot.catalog_files import load_sample_catalog, read_catalog_file, sample_catalog_path
from fm_domain.models import Catalog, Department, DutyCategory, DutyStatus

PILOTS = {
    "jiaoyu": "南通市教育局",
    "minzheng": "南通市民政局",
    "sifa": "南通市司法局",
    "chengguan": "南通市城市管理局",
    "shangwu": "南通市商务局",
}


@pytest.fixture(scope="module")
def sample() -> Catalog:
    return load_sample_catalog()


@pytest.fixture(params=sorted(PILOTS), scope="module")
def pilot(request: pytest.FixtureRequest, sample: Catalog) -> Department:
    department = sample.get(request.param)
    assert department is not None
    return department


def test_the_sample_has_the_five_pilot_departments(sample: Catalog) -> None:
    assert {department.code: department.name for department in sample} == PILOTS


def test_the_packaged_file_reads_like_any_catalog_file(sample: Catalog) -> None:
    assert read_catalog_file(sample_catalog_path()) == sample


def test_each_pilot_has_a_full_duty_list_numbered_from_one(pilot: Department) -> None:
    assert 10 <= len(pilot.duties) <= 16
    assert [duty.n for duty in pilot.duties] == list(range(1, len(pilot.duties) + 1))
    assert not pilot.partial


def test_each_pilot_ends_with_the_catch_all_duty(pilot: Department) -> None:
    assert pilot.duties[-1].text == "完成市委、市政府交办的其他任务。"
    assert pilot.duties[-1].category is DutyCategory.OTHER


def test_each_pilot_has_divisions_with_duties_and_staffing_figures(pilot: Department) -> None:
    assert len(pilot.divisions) >= 3
    assert all(division.duties for division in pilot.divisions)
    assert None not in (pilot.staffing.administrative, pilot.staffing.leaders, pilot.staffing.bodies)


def test_each_pilot_has_a_periodic_duty(pilot: Department) -> None:
    assert any(duty.periodic for duty in pilot.duties)


def test_every_division_a_duty_names_is_one_of_its_departments_divisions(pilot: Department) -> None:
    names = {division.name for division in pilot.divisions}
    assert {name for duty in pilot.duties for name in duty.divisions} <= names


def test_the_sample_shows_duties_that_are_no_longer_performed(sample: Catalog) -> None:
    statuses = {duty.status for duty in sample.all_duties()}
    assert {DutyStatus.CANCELLED, DutyStatus.TRANSFERRED, DutyStatus.DELEGATED} <= statuses


def test_the_sample_mixes_stated_and_guessed_categories(sample: Catalog) -> None:
    guessed = {duty.category_guessed for duty in sample.all_duties()}
    assert guessed == {True, False}
