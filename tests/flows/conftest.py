"""Flow tests: the real engine over real storage (a migrated SQLite file per test; PostgreSQL too for the
tests marked ``both_backends``), the sample catalog of the five pilot departments, bound users, a clock
the test moves by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from conversations import Engine, MatchingReviewer, Services
from fm_domain.catalog.builder import build_catalog
from fm_domain.catalog.raw import Raw
from fm_domain.models import Catalog
from fm_domain.users import Role
from storage import Database
from tests.flows.transcript import CHANNEL, Chat, FakeClock

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CATALOG = ROOT / "bot" / "data" / "sample_catalog.yaml"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Tuesday, a working day: the monthly arrangement of 2026-03 is due on the 5th working day (03-06).
START = datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
TASKS_SINCE = date(2026, 1, 1)

LIAISON = "li"  # 教育局联络员
OTHER_LIAISON = "wang"  # 民政局联络员
STAFF = "zhou"  # 编办工作人员
LEADER = "lead"  # 领导


def _raw(value: Any) -> Raw:
    if isinstance(value, dict):
        return Raw({str(k): _raw(v) for k, v in value.items()}, "sample_catalog.yaml")
    if isinstance(value, list):
        return Raw([_raw(v) for v in value], "sample_catalog.yaml")
    return Raw(value, "sample_catalog.yaml")


@pytest.fixture(scope="session")
def sample_catalog() -> Catalog:
    """The pilot departments' sample catalog, read with the domain's own builder (tests do not import bot)."""
    return build_catalog(_raw(yaml.safe_load(SAMPLE_CATALOG.read_text(encoding="utf-8"))))


@pytest.fixture(scope="session")
def reviewer() -> MatchingReviewer:
    """One reviewer for the session, so the duty index is built once, as in a running fmbot."""
    return MatchingReviewer()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def services(clock: FakeClock, reviewer: MatchingReviewer) -> Services:
    return Services(clock=clock, timezone=SHANGHAI, reviewer=reviewer)


@pytest.fixture
def flow_database(sqlite_database: Database, sample_catalog: Catalog) -> Database:
    """A migrated SQLite database holding the sample catalog and four bound users."""
    return seed(sqlite_database, sample_catalog)


def seed(database: Database, catalog: Catalog) -> Database:
    with database.unit_of_work() as uow:
        for department in catalog:
            uow.catalog.save_revision(department, "sample_catalog.yaml", START)
        for external_id, name, role, department in (
            (LIAISON, "李敏", Role.LIAISON, "jiaoyu"),
            (OTHER_LIAISON, "王强", Role.LIAISON, "minzheng"),
            (STAFF, "周静", Role.STAFF, None),
            (LEADER, "陈主任", Role.LEADER, None),
        ):
            user = uow.users.create(name, role, department, START)
            uow.users.bind_account(user.id, CHANNEL, external_id, START)
        # The office has kept the standing reporting tasks since the start of the year: the migration makes
        # them owed from the (wall-clock) day it ran, so /待办 and /未报 would depend on when tests run.
        for task in uow.reporting.tasks():
            uow.reporting.save_task(
                code=task.code,
                title=task.title,
                kind=task.kind,
                rule=task.rule,
                departments=task.departments,
                active_from=TASKS_SINCE,
                active=task.active,
                now=START,
            )
        uow.commit()
    return database


@pytest.fixture
def engine(flow_database: Database, services: Services) -> Engine:
    return Engine(flow_database.unit_of_work, services)


@pytest.fixture
def chat(engine: Engine, clock: FakeClock) -> Iterator[Chat]:
    yield Chat(engine, clock)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest, sample_catalog: Catalog) -> Database:
    """The seeded database on each backend in turn, for the dialogs that must behave alike on both."""
    return seed(request.getfixturevalue(f"{request.param}_database"), sample_catalog)


@pytest.fixture
def any_chat(any_database: Database, services: Services, clock: FakeClock) -> Chat:
    return Chat(Engine(any_database.unit_of_work, services), clock)
