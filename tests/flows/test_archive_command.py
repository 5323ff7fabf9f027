"""/档案 部门 [年]: the dossier as a Word file through the channel, for whoever may see the department;
/登录: a one-time link to the web console, its use recorded."""

from __future__ import annotations

import dataclasses
import io

import pytest
from docx import Document as read_docx

from bot.archive import DocumentFiles
from conversations import ConsoleLinks, Engine, Services
from fm_domain import sign_in
from storage import Database
from tests.flows.conftest import LIAISON, OTHER_LIAISON, STAFF
from tests.flows.transcript import Chat, FakeClock


@pytest.fixture
def chat(flow_database: Database, services: Services, clock: FakeClock) -> Chat:
    wired = dataclasses.replace(
        services, documents=DocumentFiles(), console=ConsoleLinks("http://127.0.0.1:8080", "test key")
    )
    return Chat(Engine(flow_database.unit_of_work, wired), clock)


def test_staff_get_any_departments_dossier_as_a_word_file(chat: Chat) -> None:
    (reply,) = chat.send(STAFF, "/档案 民政局 2026")
    assert reply.file is not None and reply.file.name == "电子档案-minzheng-2026.docx"
    document = read_docx(io.BytesIO(reply.file.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "一、三定规定" in headings and "八、书面函询" in headings


def test_a_liaison_gets_their_own_department_and_not_another(chat: Chat) -> None:
    (own,) = chat.send(LIAISON, "/档案")
    assert own.file is not None and "jiaoyu" in own.file.name
    (refused,) = chat.send(LIAISON, "/档案 民政局")
    assert refused.file is None and "只能查看本部门" in refused.text
    assert chat.send(OTHER_LIAISON, "/档案 民政局 20x6")[0].file is None


def test_the_sign_in_link_is_signed_for_the_user_and_recorded_unused(
    chat: Chat, flow_database: Database
) -> None:
    text = chat.say(STAFF, "/登录")
    url = next(word for word in text.split() if word.startswith("http://127.0.0.1:8080/signin/"))
    token = sign_in.read("test key", url.rsplit("/", 1)[1])
    assert token is not None
    with flow_database.unit_of_work() as uow:
        assert uow.web.sign_in_state(token.nonce_hash, chat.clock()) == "valid"


def test_without_a_console_address_the_sign_in_command_says_so(engine: Engine, clock: FakeClock) -> None:
    assert "尚未启用" in Chat(engine, clock).say(STAFF, "/登录")
