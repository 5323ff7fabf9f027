"""The catalog across turns: loaded from storage once while it stays the same, and again on the turn after
an import, also one made by another process; the reviewer's duty index follows it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from fm_domain.models import Catalog, Department, Duty, DutyCategory, DutyStatus
from storage import Database
from storage.repositories.catalog import CatalogRepository
from tests.flows.conftest import STAFF
from tests.flows.transcript import Chat

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # when these tests import a catalog

NEW_DUTY = "负责全市中小学校园足球联赛的组织和管理工作。"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Catalog]:
    """Every catalog loaded from storage (the heavy load, not the stamp)."""
    loaded: list[Catalog] = []
    load = CatalogRepository.current

    def counted(repository: CatalogRepository) -> Catalog:
        loaded.append(load(repository))
        return loaded[-1]

    monkeypatch.setattr(CatalogRepository, "current", counted)
    return loaded


def with_new_duty(catalog: Catalog) -> Department:
    jiaoyu = catalog.get("jiaoyu")
    assert jiaoyu is not None
    duty = Duty("jiaoyu", len(jiaoyu.duties) + 1, NEW_DUTY, DutyCategory.IMPLEMENTATION)
    return replace(jiaoyu, duties=(*jiaoyu.duties, duty))


def import_in_another_process(database: Database, department: Department) -> None:
    """As ``fmbot catalog import`` run elsewhere: its own Database, nothing shared with the engine's."""
    other = Database(database.url.render_as_string(hide_password=False))
    try:
        with other.unit_of_work() as uow:
            uow.catalog.save_revision(department, "another process", NOW)
            uow.commit()
    finally:
        other.dispose()


def active_duties(catalog: Catalog, code: str) -> int:
    department = catalog.get(code)
    assert department is not None
    return sum(1 for duty in department.duties if duty.status is DutyStatus.ACTIVE)


def test_turns_without_a_catalog_change_load_the_catalog_once(chat: Chat, loads: list[Catalog]) -> None:
    chat.say(STAFF, "/部门 教育局")
    chat.say(STAFF, "/部门 民政局")
    assert len(loads) == 1


def test_the_turn_after_an_import_loads_the_catalog_again(
    chat: Chat, flow_database: Database, sample_catalog: Catalog, loads: list[Catalog]
) -> None:
    chat.say(STAFF, "/部门 教育局")
    import_in_another_process(flow_database, with_new_duty(sample_catalog))
    chat.say(STAFF, "/部门 教育局")
    chat.say(STAFF, "/部门 教育局")
    assert len(loads) == 2


def test_a_turn_after_an_import_by_another_process_sees_the_new_duty(
    any_chat: Chat, any_database: Database, sample_catalog: Catalog
) -> None:
    before = active_duties(sample_catalog, "jiaoyu")
    assert f"在履行职责 {before} 项" in any_chat.say(STAFF, "/部门 教育局")
    import_in_another_process(any_database, with_new_duty(sample_catalog))
    assert f"在履行职责 {before + 1} 项" in any_chat.say(STAFF, "/部门 教育局")


def test_the_reviewer_finds_a_duty_imported_by_another_process_on_the_next_turn(
    chat: Chat, flow_database: Database, sample_catalog: Catalog
) -> None:
    assert NEW_DUTY not in chat.say(STAFF, "/职责 校园足球联赛")
    import_in_another_process(flow_database, with_new_duty(sample_catalog))
    assert NEW_DUTY in chat.say(STAFF, "/职责 校园足球联赛")
