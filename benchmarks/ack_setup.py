"""Setting up the acknowledgement benchmark: a database of its own (an SQLite file, or a PostgreSQL schema
that is dropped afterwards) holding the sample catalog and the members as bound liaisons, and the three
server processes (the floor, the fake WeCom API, ``fmbot serve``)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, text

from benchmarks.ack_client import member_id
from benchmarks.ack_servers import HOST, wecom_api_base
from bot.catalog_files import load_sample_catalog
from fm_domain.users import Role
from storage import Database
from storage.database import normalise_url
from tests.channels import fake_wecom

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextlib.contextmanager
def sqlite_database(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'acknowledgements.sqlite3'}"


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A schema of its own in FM_TEST_DATABASE_URL (or the local test database), dropped afterwards."""
    server = create_engine(
        normalise_url(os.environ.get("FM_TEST_DATABASE_URL") or DEFAULT_POSTGRES),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )
    schema = f"fmbot_bench_{secrets.token_hex(4)}"
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = server.url.update_query_dict({"options": f"-csearch_path={schema}", "application_name": schema})
        yield url.render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name AND pid <> pg_backend_pid()"
                ),
                {"name": schema},
            )
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        server.dispose()


def prepare(url: str, members: int) -> None:
    """Migrate, import the sample catalog and bind ``members`` liaisons to WeCom accounts."""
    database = Database(url)
    try:
        database.upgrade()
        now = datetime.now(UTC)
        with database.unit_of_work() as uow:
            departments = list(load_sample_catalog())
            for department in departments:
                uow.catalog.save_revision(department, "benchmark", now)
            for number in range(members):
                code = departments[number % len(departments)].code
                user = uow.users.create(f"联络员{number}", Role.LIAISON, code, now)
                uow.users.bind_account(user.id, "wecom", member_id(number), now)
            uow.commit()
    finally:
        database.dispose()


def inbox_counts(url: str) -> tuple[int, int]:
    """(messages recorded, of which still unhandled) in the WeCom inbox."""
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            recorded, pending = connection.execute(
                text(
                    "SELECT count(*), coalesce(sum(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) "
                    "FROM inbox_messages WHERE channel = 'wecom'"
                )
            ).one()
        return int(recorded), int(pending)
    finally:
        database.dispose()


@dataclass(frozen=True)
class Servers:
    floor: int
    fmbot: int


@contextlib.contextmanager
def servers(url: str) -> Iterator[Servers]:
    """The floor, the fake WeCom API and ``fmbot serve`` on ``url``, each a process; stopped afterwards."""
    floor, wecom, fmbot = _free_port(), _free_port(), _free_port()
    with tempfile.TemporaryDirectory() as folder:
        environment = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "FM_DATABASE_URL": url,
            "FM_LOG_FILE": str(Path(folder) / "fmbot.log"),
            **fake_wecom.environment(wecom_api_base(wecom)),
        }
        for variable in ("FM_TELEGRAM_TOKEN", "FM_CONFIG"):
            environment.pop(variable, None)
        log = Path(folder) / "servers.log"
        with contextlib.ExitStack() as stack:
            output = stack.enter_context(log.open("w"))
            for command in (
                ["-m", "benchmarks.ack_servers", "floor", str(floor)],
                ["-m", "benchmarks.ack_servers", "wecom", str(wecom)],
                ["-m", "bot.cli", "serve", "--host", HOST, "--port", str(fmbot)],
            ):
                stack.enter_context(_process(command, environment, output))
            _await_health([floor, wecom, fmbot], log)
            yield Servers(floor, fmbot)


@contextlib.contextmanager
def _process(command: list[str], environment: dict[str, str], output: object) -> Iterator[None]:
    process = subprocess.Popen(
        [sys.executable, *command], env=environment, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
    )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _await_health(ports: list[int], log: Path, seconds: float = 60.0) -> None:
    async def healthy(port: int) -> bool:
        try:
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"http://{HOST}:{port}/healthz") as response,
            ):
                return response.status == 200
        except aiohttp.ClientError:
            return False

    deadline = time.monotonic() + seconds
    waiting = list(ports)
    while waiting:
        waiting = [port for port in waiting if not asyncio.run(healthy(port))]
        if waiting and time.monotonic() > deadline:
            raise RuntimeError(f"servers did not start:\n{log.read_text()[-3000:]}")
        if waiting:
            time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])
