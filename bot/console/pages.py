"""The console's pages, all read-only, all for a signed-in viewer and only over what they may see: a
liaison who types another department's address gets 403 (404 for a department that does not exist),
with a page in Chinese saying so.

Database work runs in a worker thread (the unit of work is synchronous), one unit of work per request.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

from aiohttp import web

from bot.console.charts import chart_option, heat_option
from bot.console.site import SITE, ConsoleSite, Viewer, page
from conversations import archive, archive_texts
from fm_domain.archive import Document, PartKey
from fm_domain.models import Department
from storage import UnitOfWork

T = TypeVar("T")
FORMATS = {"docx": archive.DOCX_MIME, "xlsx": archive.XLSX_MIME}


def _year(request: web.Request, site: ConsoleSite) -> int:
    text = request.query.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else site.services.today().year


async def _read(site: ConsoleSite, work: Callable[[UnitOfWork], T]) -> T:
    def run() -> T:
        with site.database.unit_of_work() as uow:
            return work(uow)

    return await asyncio.to_thread(run)


def _refusal(
    request: web.Request, viewer: Viewer, department: Department | None, code: str
) -> web.Response | None:
    if department is None:
        context = {
            "title": archive_texts.UNKNOWN_DEPARTMENT,
            "message": f"{archive_texts.UNKNOWN_DEPARTMENT}（{code}）",
        }
        return page(request, "message.html", context, status=404, viewer=viewer)
    if not viewer.sees(department.code):
        context = {"title": archive_texts.FORBIDDEN_DEPARTMENT, "message": archive_texts.FORBIDDEN_DEPARTMENT}
        return page(request, "message.html", context, status=403, viewer=viewer)
    return None


# --- overview -------------------------------------------------------------------------------------------


async def overview(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    site = request.app[SITE]
    year = _year(request, site)

    def work(uow: UnitOfWork) -> archive.Overview:
        city = archive.read_city(uow, site.services, uow.catalog.current(), year, viewer.visible)
        return archive.overview(city)

    data = await _read(site, work)
    return page(
        request,
        "overview.html",
        {"title": archive_texts.PAGE_OVERVIEW, "overview": data, "year": year},
        viewer=viewer,
    )


# --- a department's dossier -----------------------------------------------------------------------------


def _dossier(
    site: ConsoleSite, uow: UnitOfWork, code: str, year: int, now: datetime
) -> tuple[Department | None, Document | None]:
    catalog = uow.catalog.current()
    department = catalog.get(code)
    if department is None:
        return None, None
    dossier = archive.read_dossier(uow, site.services, catalog, department, year)
    return department, archive.dossier_document(dossier, site.services.timezone, now)


async def _visible_dossier(
    request: web.Request, viewer: Viewer, site: ConsoleSite, code: str, year: int
) -> web.Response | tuple[Department, Document]:
    """The department's dossier as a document, or the page refusing it (403 before reading anything of a
    department the viewer may not see, 404 for one that does not exist)."""
    if not viewer.sees(code):  # before reading anything of it
        found = await _read(site, lambda uow: uow.catalog.current().get(code))
        refusal = _refusal(request, viewer, found, code)
        assert refusal is not None
        return refusal
    found, document = await _read(site, lambda uow: _dossier(site, uow, code, year, site.now()))
    if found is None or document is None:
        return _refusal(request, viewer, None, code) or web.Response(status=404)
    return found, document


async def department(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    site = request.app[SITE]
    code, year = request.match_info["code"], _year(request, site)
    visible = await _visible_dossier(request, viewer, site, code, year)
    if isinstance(visible, web.Response):
        return visible
    found, document = visible
    charts = {chart.key: chart_option(chart) for chart in document.charts()}
    return page(
        request,
        "department.html",
        {
            "title": found.name,
            "department": found,
            "document": document,
            "year": year,
            "charts": _json(charts),
        },
        viewer=viewer,
    )


async def export(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    site = request.app[SITE]
    code, year, fmt = request.match_info["code"], _year(request, site), request.match_info["format"]
    visible = await _visible_dossier(request, viewer, site, code, year)
    if isinstance(visible, web.Response):
        return visible
    _, document = visible
    writer = site.services.documents
    assert writer is not None
    content = await asyncio.to_thread(writer.docx if fmt == "docx" else writer.xlsx, document)
    return _download(content, archive_texts.archive_file_name(code, year, fmt), FORMATS[fmt])


async def city_workbook(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    site = request.app[SITE]
    if not viewer.sees_all:
        context = {"title": archive_texts.CONSOLE_TITLE, "message": archive_texts.CITY_ONLY_STAFF}
        return page(request, "message.html", context, status=403, viewer=viewer)
    year = _year(request, site)
    document = await _read(site, lambda uow: archive.city_workbook(uow, site.services, year, site.now()))
    writer = site.services.documents
    assert writer is not None
    content = await asyncio.to_thread(writer.xlsx, document)
    return _download(content, archive_texts.city_file_name(year), FORMATS["xlsx"])


def _download(content: bytes, name: str, mime: str) -> web.Response:
    disposition = (
        f"attachment; filename=\"{name.encode('ascii', 'replace').decode()}\"; filename*=UTF-8''{quote(name)}"
    )
    return web.Response(
        body=content,
        content_type=mime,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


# --- findings ---------------------------------------------------------------------------------------------


async def findings(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    site = request.app[SITE]
    year = _year(request, site)
    wanted = archive.FindingFilter(
        department=request.query.get("department", ""),
        kind=request.query.get("kind", ""),
        status=request.query.get("status", ""),
        category=request.query.get("category", ""),
    )

    def work(uow: UnitOfWork) -> tuple[list[archive.FindingRow], dict[str, list[tuple[str, str]]]]:
        catalog = uow.catalog.current()
        rows = archive.finding_rows(uow, catalog, year, viewer.visible, site.services.timezone, wanted)
        return rows, archive.filter_choices([d for d in catalog if viewer.sees(d.code)])

    rows, choices = await _read(site, work)
    return page(
        request,
        "findings.html",
        {
            "title": archive_texts.PAGE_FINDINGS,
            "rows": rows,
            "choices": choices,
            "wanted": wanted,
            "year": year,
        },
        viewer=viewer,
    )


# --- the coverage heat map ------------------------------------------------------------------------------


async def coverage(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    site = request.app[SITE]
    year = _year(request, site)
    code = request.query.get("department") or (
        viewer.department if viewer.department in viewer.visible else ""
    )
    code = code or (viewer.visible[0] if viewer.visible else "")

    def work(uow: UnitOfWork) -> tuple[Department | None, Any, list[Department]]:
        catalog = uow.catalog.current()
        found = catalog.get(code)
        choices = [d for d in catalog if viewer.sees(d.code)]
        if found is None or not viewer.sees(found.code):
            return found, None, choices
        return found, archive.read_dossier(uow, site.services, catalog, found, year).heat, choices

    found, heat, choices = await _read(site, work)
    refusal = _refusal(request, viewer, found, code)
    if refusal is not None:
        return refusal
    assert found is not None
    option = heat_option(heat, f"{found.display_name} {year}年")
    return page(
        request,
        "coverage.html",
        {
            "title": archive_texts.PAGE_COVERAGE,
            "department": found,
            "heat": heat,
            "choices": choices,
            "year": year,
            "charts": _json({"heat": option}),
        },
        viewer=viewer,
    )


# --- the parts other features add -----------------------------------------------------------------------


def part_page(key: PartKey, title: str) -> Callable[[web.Request, Viewer], Any]:
    async def handler(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        site = request.app[SITE]
        year = _year(request, site)
        parts = await _read(site, lambda uow: archive.city_parts(uow, site.services, year, viewer.visible))
        part = next((p for p in parts if p.key is key), None)
        charts = {}
        if part is not None:
            charts = {chart.key: chart_option(chart) for chart in part.section.charts()}
        context = {
            "title": title,
            "part": part,
            "unavailable": archive_texts.PART_UNAVAILABLE[key],
            "year": year,
            "charts": _json(charts),
        }
        return page(request, "part.html", context, viewer=viewer)

    return handler


def _json(value: Any) -> str:
    """JSON for a <script type="application/json"> block: "</" may not close the block early."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
