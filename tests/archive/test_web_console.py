"""The web console over HTTP (the real aiohttp application, no browser): signing in by link, the rights of
staff and liaisons, the pages' data, the downloads, and what the pages may load."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from docx import Document as read_docx

from storage import Database
from tests.archive.console_kit import ConsoleWorld


@pytest.fixture
def world(demo_url: str) -> ConsoleWorld:
    database = Database(demo_url)
    yield ConsoleWorld(database)
    database.dispose()


@pytest.fixture
async def client(world: ConsoleWorld) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(world.web_app(), host="127.0.0.1")) as test_client:
        yield test_client


async def _link(world: ConsoleWorld, account: str) -> str:
    """/登录 in chat, as the staff member or liaison would send it."""
    return await asyncio.to_thread(world.link, account)


async def _sign_in(client: TestClient, world: ConsoleWorld, account: str) -> None:
    response = await client.post(await _link(world, account), allow_redirects=False)
    assert response.status == 303


async def test_a_link_shows_a_button_and_signs_in_once_with_a_strict_http_only_cookie(
    client: TestClient, world: ConsoleWorld
) -> None:
    link = await _link(world, "staff")
    shown = await client.get(link)
    assert shown.status == 200 and "进入控制台" in await shown.text()

    used = await client.post(link, allow_redirects=False)
    assert used.status == 303 and used.headers["Location"] == "/"
    cookie = used.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=28800" in cookie

    again = await client.post(link, allow_redirects=False)
    assert again.status == 410 and "已经使用过" in await again.text()


async def test_an_expired_or_altered_link_is_refused(client: TestClient, world: ConsoleWorld) -> None:
    link = await _link(world, "staff")
    world.clock.advance(minutes=11)
    expired = await client.post(link, allow_redirects=False)
    assert expired.status == 410 and "已过期" in await expired.text()

    altered = (await _link(world, "staff"))[:-3] + "abc"
    assert "无效" in await (await client.post(altered, allow_redirects=False)).text()


async def test_pages_need_a_session_and_sign_out_ends_it(client: TestClient, world: ConsoleWorld) -> None:
    before = await client.get("/")
    assert before.status == 401 and "/登录" in await before.text()
    await _sign_in(client, world, "staff")
    assert (await client.get("/")).status == 200
    await client.post("/signout")
    assert (await client.get("/")).status == 401


async def test_staff_see_every_department_in_the_matrix_and_the_open_work(
    client: TestClient, world: ConsoleWorld
) -> None:
    await _sign_in(client, world, "staff")
    page = await (await client.get("/")).text()
    rows = re.findall(r'<tr data-department="(\w+)"', page)
    assert sorted(rows) == ["chengguan", "jiaoyu", "minzheng", "shangwu", "sifa"]
    assert 'data-state="on_time"' in page  # the sample month's submissions
    assert "社区矫正对象的就业帮扶" in page  # the inquiry waiting for 司法局's reply


async def test_a_liaison_sees_only_their_own_department(client: TestClient, world: ConsoleWorld) -> None:
    await _sign_in(client, world, "sifa")
    overview = await (await client.get("/")).text()
    assert re.findall(r'<tr data-department="(\w+)"', overview) == ["sifa"]
    assert (await client.get("/departments/sifa")).status == 200
    other = await client.get("/departments/jiaoyu")
    assert other.status == 403 and "只能查看本部门" in await other.text()
    assert (await client.get("/departments/jiaoyu/dossier.docx")).status == 403
    assert (await client.get("/departments/nowhere")).status == 404
    assert (await client.get("/city.xlsx")).status == 403
    assert (await client.get("/coverage?department=jiaoyu")).status == 403


async def test_the_findings_filter_by_kind_and_state(client: TestClient, world: ConsoleWorld) -> None:
    await _sign_in(client, world, "staff")
    everything = await (await client.get("/findings")).text()
    kinds = set(re.findall(r'data-kind="(\w+)"', everything))
    assert len(kinds) >= 2  # the sample month raised more than one kind
    one = sorted(kinds)[0]
    filtered = await (await client.get(f"/findings?kind={one}&status=open")).text()
    assert set(re.findall(r'data-kind="(\w+)"', filtered)) == {one}
    assert set(re.findall(r'data-status="(\w+)"', filtered)) == {"open"}


async def test_the_dossier_page_offers_downloads_that_open(client: TestClient, world: ConsoleWorld) -> None:
    await _sign_in(client, world, "staff")
    page = await (await client.get("/departments/sifa")).text()
    assert "一、三定规定" in page and 'data-chart="punctuality"' in page
    download = await client.get("/departments/sifa/dossier.docx")
    assert download.status == 200 and "attachment" in download.headers["Content-Disposition"]
    headings = [
        p.text
        for p in read_docx(io.BytesIO(await download.read())).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert "八、书面函询" in headings


async def test_pages_load_nothing_from_elsewhere_and_forbid_it(
    client: TestClient, world: ConsoleWorld
) -> None:
    await _sign_in(client, world, "staff")
    for path in ("/", "/departments/sifa", "/findings", "/coverage", "/ranking", "/recommendations"):
        response = await client.get(path)
        page = await response.text()
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        for address in re.findall(r'(?:src|href|action)="([^"]*)"', page):
            assert address.startswith(("/", "?")) or address == "", (path, address)
    for asset in ("/static/htmx-2.0.11.min.js", "/static/echarts-6.1.0.min.js", "/static/console.js"):
        assert (await client.get(asset)).status == 200


async def test_the_ranking_and_recommendations_say_they_are_not_available_yet(
    client: TestClient, world: ConsoleWorld
) -> None:
    await _sign_in(client, world, "staff")
    assert "绩效考评尚未启用" in await (await client.get("/ranking")).text()
    assert "动态管理建议尚未启用" in await (await client.get("/recommendations")).text()


async def test_another_sites_page_cannot_use_a_link(client: TestClient, world: ConsoleWorld) -> None:
    link = await _link(world, "staff")
    refused = await client.post(link, headers={"Origin": "http://elsewhere.example"}, allow_redirects=False)
    assert refused.status == 403
    used = await client.post(link, allow_redirects=False)  # the link was not spent by the refused request
    assert used.status == 303
