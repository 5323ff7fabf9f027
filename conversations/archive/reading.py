"""Reading a year of the record through the ports: one department's (the dossier), or every department's
reports on time and open work (the web console's overview, the city-wide workbook).

Each read is a handful of bulk queries (``uow.archive``), whatever the number of departments, and the
deciding is fm_domain.archive's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from conversations.ports import UnitOfWork
from conversations.services import Services
from fm_domain.archive import (
    DepartmentYear,
    Document,
    Dossier,
    InquiryThread,
    Part,
    ReportCell,
    assemble_dossier,
    report_cells,
)
from fm_domain.archive.extension import in_order
from fm_domain.deadlines import ReportingTask
from fm_domain.models import Catalog, Department
from fm_domain.obligations import tasks_in_force
from fm_domain.records import Finding, InquiryStatus


def _local_dates(
    arrivals: Mapping[tuple[str, str, str], datetime], services: Services
) -> dict[tuple[str, str, str], date]:
    """Arrival times as the office's calendar days (a deadline is a local day)."""
    return {key: services.local(moment).date() for key, moment in arrivals.items()}


def reporting_tasks(uow: UnitOfWork, catalog: Catalog) -> tuple[ReportingTask, ...]:
    """The active reporting tasks (not inquiry replies: those are followed as inquiries)."""
    codes = [department.code for department in catalog]
    return tasks_in_force(uow.reporting.tasks(active_only=True), (), codes, str).tasks


def read_report_cells(
    uow: UnitOfWork,
    services: Services,
    catalog: Catalog,
    year: int,
    departments: Sequence[str] | None = None,
) -> list[ReportCell]:
    """Every (task, period of the year, department) with its state and lateness."""
    return report_cells(
        reporting_tasks(uow, catalog),
        _local_dates(uow.archive.first_submissions(year), services),
        _local_dates(uow.archive.receipts(year), services),
        year,
        services.today(),
        services.calendar,
        departments,
    )


def read_dossier(
    uow: UnitOfWork, services: Services, catalog: Catalog, department: Department, year: int
) -> Dossier:
    code = department.code
    record = DepartmentYear(
        department=department,
        year=year,
        revisions=tuple(uow.archive.revisions(code)),
        submissions=tuple(uow.archive.submissions(year, code)),
        findings=tuple(uow.archive.findings(code)),
        inquiries=tuple(uow.archive.inquiry_threads(code)),
        issue_reports=tuple(uow.archive.issue_reports(code)),
        reports=tuple(read_report_cells(uow, services, catalog, year, [code])),
        extra=_parts(extension.department_part(uow, code, year) for extension in services.archive_extensions),
    )
    return assemble_dossier(record, services.timezone)


def _parts(parts: Iterable[Part | None]) -> tuple[Part, ...]:
    return in_order(tuple(part for part in parts if part is not None))


def city_parts(
    uow: UnitOfWork, services: Services, year: int, departments: Collection[str]
) -> tuple[Part, ...]:
    """What the extensions show across the departments a reader may see (ranking, recommendations)."""
    return _parts(extension.city_part(uow, year, departments) for extension in services.archive_extensions)


# --- the city: the console's overview and the city-wide workbook -----------------------------------------


@dataclass(frozen=True)
class CityYear:
    """Every department a reader may see, for a year: reports on time, findings, inquiries, and the
    year's submissions (latest versions and earlier ones) for the workbook."""

    year: int
    today: date
    departments: tuple[Department, ...]
    cells: tuple[ReportCell, ...]
    findings: tuple[Finding, ...]  # every finding of these departments (any year; pages filter)
    inquiries: tuple[InquiryThread, ...]
    parts: tuple[Part, ...] = ()

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_open)

    @property
    def awaiting_reply(self) -> tuple[InquiryThread, ...]:
        """Inquiries waiting for the department's reply (answered ones wait for staff: shown too, apart)."""
        return tuple(t for t in self.inquiries if t.inquiry.status is not InquiryStatus.ACCEPTED)


def read_city(
    uow: UnitOfWork,
    services: Services,
    catalog: Catalog,
    year: int,
    visible: Collection[str] | None = None,
    *,
    with_parts: bool = False,
) -> CityYear:
    """The year across the departments in ``visible`` (None: all)."""
    departments = tuple(d for d in catalog if visible is None or d.code in visible)
    codes = [d.code for d in departments]
    wanted = set(codes)
    return CityYear(
        year=year,
        today=services.today(),
        departments=departments,
        cells=tuple(read_report_cells(uow, services, catalog, year, codes)),
        findings=tuple(f for f in uow.archive.findings() if f.department in wanted),
        inquiries=tuple(t for t in uow.archive.inquiry_threads() if t.inquiry.department in wanted),
        parts=city_parts(uow, services, year, codes) if with_parts else (),
    )


def city_workbook(uow: UnitOfWork, services: Services, year: int, made: datetime) -> Document:
    """The city-wide workbook: every department on one sheet per view, with what the extensions add."""
    from conversations.archive.dossier_document import city_document  # the document imports this module

    city = read_city(uow, services, uow.catalog.current(), year, with_parts=True)
    return city_document(
        city, uow.archive.submissions(year), uow.archive.issue_reports(), services.timezone, made
    )


def department_named(catalog: Catalog, word: str) -> Department | None:
    """A department by code, full or short name (as the chat reads one)."""
    from conversations.flows.common import find_department

    return find_department(catalog, word)
