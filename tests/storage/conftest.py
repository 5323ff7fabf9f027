"""Fixtures for storage tests: a small department in the style of a real 三定."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from fm_domain.models import Department, Division, Duty, DutyCategory, DutyStatus, Staffing
from storage import Database

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def minzheng(name: str = "南通市民政局", extra_duty: str | None = None) -> Department:
    duties = [
        Duty(
            "minzheng",
            1,
            "拟订全市民政事业发展规划和政策，起草有关地方性法规草案。",
            DutyCategory.MACRO_DECISION,
            divisions=("政策法规处",),
        ),
        Duty(
            "minzheng",
            2,
            "负责城乡居民最低生活保障、特困人员救助供养工作。",
            DutyCategory.IMPLEMENTATION,
            category_guessed=True,
            divisions=("社会救助处", "办公室"),
        ),
        Duty(
            "minzheng",
            3,
            "承担全市行政区划调整的审核工作。",
            DutyCategory.OTHER,
            status=DutyStatus.TRANSFERRED,
        ),
        Duty(
            "minzheng",
            4,
            "组织编制全市养老服务设施布局专项规划。",
            DutyCategory.MACRO_DECISION,
            periodic=True,
        ),
    ]
    if extra_duty:
        duties.append(Duty("minzheng", 5, extra_duty, DutyCategory.SUPERVISION, category_guessed=True))
    return Department(
        code="minzheng",
        name=name,
        short="民政局",
        partial=False,
        duties=tuple(duties),
        divisions=(
            Division("办公室", ("负责机关日常运转。",)),
            Division("社会救助处", ("拟订社会救助政策。", "指导最低生活保障工作。")),
        ),
        staffing=Staffing(administrative=48, leaders=6, bodies=12),
    )


@pytest.fixture
def now() -> datetime:
    """A fixed moment: storage tests never read the clock."""
    return NOW


@pytest.fixture
def make_department() -> Callable[..., Department]:
    """``make_department(name=..., extra_duty=...)``: variants of the sample department."""
    return minzheng


@pytest.fixture
def department() -> Department:
    return minzheng()


@pytest.fixture
def imported_department(database: Database, department: Department) -> Department:
    """``department`` saved as revision 1, committed."""
    with database.unit_of_work() as uow:
        uow.catalog.save_revision(department, "test fixture", imported_at=NOW)
        uow.commit()
    return department
