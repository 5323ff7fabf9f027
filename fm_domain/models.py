"""The 三定 catalog: departments, their duties, internal divisions and staffing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class DutyCategory(StrEnum):
    """职能类别: the six classes the office sorts duties into."""

    MACRO_DECISION = "宏观决策类"
    IMPLEMENTATION = "组织实施类"
    SUPERVISION = "监督检查类"
    COORDINATION = "部门间协调配合类"
    AUXILIARY = "辅助职能类"
    OTHER = "其它职能类"


class DutyStatus(StrEnum):
    """Whether the 三定 still gives this duty to the department."""

    ACTIVE = "active"
    CANCELLED = "cancelled"  # 取消
    TRANSFERRED = "transferred"  # 转移 / 划出
    DELEGATED = "delegated"  # 下放
    MERGED = "merged"  # 整合

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    DutyStatus.ACTIVE: "在履行",
    DutyStatus.CANCELLED: "已取消",
    DutyStatus.TRANSFERRED: "已转移",
    DutyStatus.DELEGATED: "已下放",
    DutyStatus.MERGED: "已整合",
}


_CATCH_ALL = ("交办的其他", "交办的其它")


@dataclass(frozen=True)
class Duty:
    """One numbered main duty (主要职责) of a department; id is ``<code>.<n>``."""

    department: str
    n: int
    text: str
    category: DutyCategory
    category_guessed: bool = False
    status: DutyStatus = DutyStatus.ACTIVE
    periodic: bool = False
    divisions: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.department}.{self.n}"

    @property
    def active(self) -> bool:
        return self.status is DutyStatus.ACTIVE

    @property
    def catch_all(self) -> bool:
        """The closing duty of nearly every 三定 (完成市委、市政府交办的其他任务): it covers whatever is
        assigned, so no goal is expected to name it."""
        return any(marker in self.text for marker in _CATCH_ALL)


@dataclass(frozen=True)
class Division:
    """内设机构: an internal body with the duty sentences the 三定 gives it."""

    name: str
    duties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Staffing:
    """编制: administrative posts, leader posts and the number of internal bodies."""

    administrative: int | None = None
    leaders: int | None = None
    bodies: int | None = None


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    short: str = ""
    partial: bool = False
    duties: tuple[Duty, ...] = ()
    divisions: tuple[Division, ...] = ()
    staffing: Staffing = field(default_factory=Staffing)

    @property
    def display_name(self) -> str:
        return self.short or self.name

    def duty(self, n: int) -> Duty | None:
        return next((d for d in self.duties if d.n == n), None)


@dataclass(frozen=True)
class Catalog:
    """A set of departments, each at one 三定 revision."""

    departments: tuple[Department, ...] = ()

    def __iter__(self) -> Iterator[Department]:
        return iter(self.departments)

    def __len__(self) -> int:
        return len(self.departments)

    def get(self, code: str) -> Department | None:
        return next((d for d in self.departments if d.code == code), None)

    def duty(self, duty_id: str) -> Duty | None:
        code, _, n = duty_id.rpartition(".")
        department = self.get(code)
        return department.duty(int(n)) if department and n.isdigit() else None

    def all_duties(self) -> Iterator[Duty]:
        for department in self.departments:
            yield from department.duties
