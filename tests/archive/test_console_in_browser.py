"""The web console in a real browser (Debian's Chromium through Playwright): signing in by the link from
chat, every page with its data, a liaison kept to their own department, the export buttons' files, and no
request leaving the server. Each page's screenshot is kept under test-artefacts/screenshots and checked
not to be blank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document as read_docx
from openpyxl import load_workbook
from PIL import Image, ImageStat

from tests.archive.conftest import artefacts
from tests.archive.console_kit import ConsoleWorld

PAGES = {
    "overview": ("/", "#matrix"),
    "department": ("/departments/sifa", "#section-sanding"),
    "findings": ("/findings", "#findings"),
    "coverage": ("/coverage?department=chengguan", "[data-chart=heat] canvas"),
    "ranking": ("/ranking", "#table-ranking"),
    "recommendations": ("/recommendations", "#table-recommendations"),
}


def _record_requests(context: Any) -> list[str]:
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    return seen


def _sign_in(page: Any, world: ConsoleWorld, address: str, account: str) -> None:
    page.goto(address + world.link(account))
    page.click("#enter")
    page.wait_for_url(address + "/")


def _screenshot(page: Any, name: str) -> Path:
    path = artefacts() / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _not_blank(path: Path) -> bool:
    """More than one colour, and enough variation that there is text or a table on it."""
    with Image.open(path) as image:
        grey = image.convert("L")
        extrema = grey.getextrema()
        return extrema[0] != extrema[1] and ImageStat.Stat(grey).stddev[0] > 5


def test_staff_sign_in_by_link_and_every_page_shows_its_data(
    browser: Any, console: tuple[ConsoleWorld, str]
) -> None:
    world, address = console
    requests = _record_requests(browser)
    page = browser.new_page()
    _sign_in(page, world, address, "staff")

    for name, (path, landmark) in PAGES.items():
        response = page.goto(address + path)
        assert response is not None and response.status == 200, name
        page.wait_for_selector(landmark)
        page.wait_for_load_state("networkidle")
        assert _not_blank(_screenshot(page, f"staff-{name}")), name

    page.goto(address + "/")
    departments = page.locator("#matrix tbody tr").evaluate_all("rows => rows.map(r => r.dataset.department)")
    assert sorted(departments) == ["chengguan", "jiaoyu", "minzheng", "shangwu", "sifa"]
    page.goto(address + "/departments/sifa")
    assert page.locator("[data-chart] canvas").count() >= 1  # ECharts drew, from the package's own copy
    page.goto(address + "/coverage?department=chengguan")
    assert page.locator("[data-chart=heat] canvas").count() >= 1

    # The parts the application registers: every department ranked, and the recommendation decided.
    page.goto(address + "/ranking")
    assert page.locator("#table-ranking tbody tr").count() == 5
    assert page.locator("[data-chart] canvas").count() >= 1
    page.goto(address + "/recommendations")
    assert page.locator("#table-recommendations tbody tr").count() == 1
    assert "督促履行" in page.inner_text("#table-recommendations") and "已采纳" in page.inner_text(
        "#table-recommendations"
    )

    page.goto(address + "/findings")
    every = page.locator("#table-findings tbody tr").count()
    kind = page.locator("#table-findings tbody tr").first.get_attribute("data-kind")
    page.select_option("select[name=kind]", kind)  # htmx swaps the rows in place
    page.wait_for_url(f"**kind={kind}**")
    shown = page.locator("#table-findings tbody tr")
    assert 0 < shown.count() <= every
    assert set(shown.evaluate_all("rows => rows.map(r => r.dataset.kind)")) == {kind}

    assert requests and all(url.startswith(address + "/") for url in requests), [
        url for url in requests if not url.startswith(address + "/")
    ]


def test_a_used_or_expired_link_is_refused(browser: Any, console: tuple[ConsoleWorld, str]) -> None:
    world, address = console
    page = browser.new_page()
    link = world.link("staff")
    page.goto(address + link)
    page.click("#enter")
    page.wait_for_url(address + "/")

    page.context.clear_cookies()
    page.goto(address + link)
    assert "已经使用过" in page.content()
    _screenshot(page, "link-used")

    stale = world.link("staff")
    world.clock.advance(minutes=11)
    page.goto(address + stale)
    assert "已过期" in page.content()
    assert page.locator("#enter").count() == 0


def test_a_liaison_cannot_open_another_departments_page(
    browser: Any, console: tuple[ConsoleWorld, str]
) -> None:
    world, address = console
    page = browser.new_page()
    _sign_in(page, world, address, "sifa")
    assert page.locator("#matrix tbody tr").count() == 1

    response = page.goto(address + "/departments/jiaoyu")
    assert response is not None and response.status == 403
    assert "只能查看本部门" in page.content()
    assert _not_blank(_screenshot(page, "liaison-refused"))

    own = page.goto(address + "/departments/sifa")
    assert own is not None and own.status == 200


def test_the_export_buttons_download_files_that_open(
    browser: Any, console: tuple[ConsoleWorld, str], tmp_path: Path
) -> None:
    world, address = console
    page = browser.new_page()
    _sign_in(page, world, address, "staff")
    page.goto(address + "/departments/sifa")

    with page.expect_download() as word:
        page.click("#export-docx")
    docx_path = tmp_path / word.value.suggested_filename
    word.value.save_as(docx_path)
    headings = [p.text for p in read_docx(str(docx_path)).paragraphs if p.style.name.startswith("Heading")]
    assert "一、三定规定" in headings

    with page.expect_download() as excel:
        page.click("#export-xlsx")
    xlsx_path = tmp_path / excel.value.suggested_filename
    excel.value.save_as(xlsx_path)
    assert xlsx_path.name == "电子档案-sifa-2026.xlsx"
    assert "书面函询" in load_workbook(xlsx_path).sheetnames
