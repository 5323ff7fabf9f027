"""Real sending processes (``tests/delivery/outbox_worker.py``) against one database: several drain one
outbox without sending anything twice, and a process killed between claiming and sending leaves its rows to
be claimed again once their lease has run out, each delivered exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from storage import Database
from storage.repositories.outbox import CLAIMED, SENT
from tests.delivery.kit import CHANNEL, T0, queue

ROOT = Path(__file__).resolve().parents[2]
CLAIM_TIMEOUT = timedelta(seconds=20)  # the lease, as in outbox_worker.py


def worker(url: str, name: str, *, clock: str, **options: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tests.delivery.outbox_worker", "--url", url, "--worker", name]
    command += ["--clock", clock]
    for option, value in options.items():
        command += [f"--{option}", value]
    return subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    _, errors = process.communicate(timeout=timeout)
    assert process.returncode == 0, errors.decode(errors="replace")


def wait_for(path: Path, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Tiny polls while another process gets somewhere: coordination, not a timing assumption."""
    deadline = time.monotonic() + timeout
    while not path.exists() or not path.read_text(encoding="utf-8"):
        if process.poll() is not None:
            raise AssertionError(f"worker ended early: {process.stderr.read().decode(errors='replace')}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            raise AssertionError(f"{path.name} did not appear")
        time.sleep(0.005)


def delivered(*files: Path) -> list[int]:
    return [int(line) for file in files if file.exists() for line in file.read_text().split()]


def test_two_sending_processes_drain_one_outbox_without_sending_anything_twice(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    ids = queue(database, [(f"u{n % 40}", f"消息 {n}") for n in range(300)])
    go = tmp_path / "go"
    outs = [tmp_path / "w1.txt", tmp_path / "w2.txt"]
    workers = [
        worker(
            database_url,
            f"w{n}",
            clock=T0.isoformat(),
            out=str(out),
            partner=str(partner),
            go=str(go),
            batch="5",
        )
        for n, (out, partner) in enumerate(zip(outs, reversed(outs), strict=True), start=1)
    ]
    go.touch()
    for process in workers:
        finish(process)

    sends = delivered(*outs)
    assert Counter(sends).most_common(1)[0][1] == 1  # nothing sent twice
    assert sorted(sends) == ids  # nothing lost
    with database.unit_of_work() as uow:
        fates = uow.outbox.fates(CHANNEL)
    assert {f.status for f in fates} == {SENT}
    assert {f.claimed_by for f in fates} == {"w1", "w2"}  # both really worked
    assert all(f.attempts == 1 for f in fates)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_process_killed_between_claim_and_send_leaves_rows_another_process_delivers_once_after_the_lease(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    ids = queue(database, [("u1", "一"), ("u2", "二"), ("u3", "三")])
    marker = tmp_path / "sending"
    doomed = worker(database_url, "doomed", clock=T0.isoformat(), mode="hang", marker=str(marker), batch="10")
    wait_for(marker, doomed)
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=30)
    with database.unit_of_work() as uow:
        assert {(f.status, f.claimed_by) for f in uow.outbox.fates(CHANNEL)} == {(CLAIMED, "doomed")}

    early, late = tmp_path / "early.txt", tmp_path / "late.txt"
    just_before = (T0 + CLAIM_TIMEOUT - timedelta(seconds=1)).isoformat()
    finish(worker(database_url, "too-early", clock=just_before, out=str(early)))
    after = (T0 + CLAIM_TIMEOUT + timedelta(seconds=1)).isoformat()
    finish(worker(database_url, "rescuer", clock=after, out=str(late)))

    assert delivered(early) == []
    assert delivered(late) == ids
    with database.unit_of_work() as uow:
        fates = uow.outbox.fates(CHANNEL)
    assert [(f.status, f.claimed_by, f.attempts) for f in fates] == [(SENT, "rescuer", 2)] * 3
