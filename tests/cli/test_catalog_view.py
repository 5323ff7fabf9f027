"""What `fmbot catalog show` says of a department's internal bodies."""

from __future__ import annotations

from bot.catalog_files.catalog_view import department_text
from fm_domain.models import Department, Division, Duty, DutyCategory, Staffing


def department(bodies: int | None) -> Department:
    return Department(
        code="mz",
        name="民政局",
        duties=(Duty("mz", 1, "拟订社会救助政策。", DutyCategory.MACRO_DECISION),),
        divisions=(Division("办公室", ("负责机关日常运转。",)), Division("社会救助处", ())),
        staffing=Staffing(bodies=bodies),
    )


def test_the_bodies_listed_are_counted_as_listed() -> None:
    assert "内设机构 2 个：" in department_text(department(None))


def test_a_staffing_that_names_more_bodies_than_are_listed_says_both() -> None:
    text = department_text(department(12))
    assert "内设机构 12 个（目录列出其中 2 个的职责）：" in text
    assert "内设机构 2 个：" not in text
