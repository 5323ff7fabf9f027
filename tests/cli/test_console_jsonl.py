"""`fmbot console --jsonl`: the automation interface, run as a subprocess over a real SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalog_files import sample_catalog_path

ROOT = Path(__file__).resolve().parents[2]


def _fmbot(args: list[str], database_url: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FM_DATABASE_URL": database_url, "FM_LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def _lines(*messages: dict[str, str]) -> str:
    return "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in messages)


def _output(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _replies(stdout: str) -> list[dict[str, object]]:
    """The replies, without the line that ends the replies to each input."""
    return [line for line in _output(stdout) if not line.get("done")]


@pytest.fixture
def database_with_catalog(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'fmbot.sqlite3'}"
    imported = _fmbot(["catalog", "import", str(sample_catalog_path())], url)
    assert imported.returncode == 0, imported.stderr
    return url


def _invite(url: str, *args: str) -> str:
    result = _fmbot(["invite", *args], url)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_an_unbound_console_user_is_only_told_how_to_bind(database_with_catalog: str) -> None:
    result = _fmbot(["console", "--jsonl"], database_with_catalog, _lines({"user": "u1", "text": "/状态"}))
    [reply] = _replies(result.stdout)
    assert reply["to"] == "u1"
    assert "/绑定" in str(reply["text"])


def test_a_bound_liaison_sees_their_commands_as_json_lines_with_buttons(database_with_catalog: str) -> None:
    code = _invite(database_with_catalog, "--role", "liaison", "--department", "minzheng")
    stdin = _lines({"user": "u1", "text": f"/绑定 {code}"}, {"user": "u1", "text": "/帮助"})
    result = _fmbot(["console", "--jsonl"], database_with_catalog, stdin)
    replies = _replies(result.stdout)
    assert result.returncode == 0, result.stderr
    assert "民政局" in str(replies[0]["text"])
    help_reply = replies[-1]
    assert "/年度目标" in str(help_reply["text"])
    assert {"label", "payload"} <= set(help_reply["buttons"][0])  # type: ignore[index]


def test_two_runs_over_one_database_continue_the_same_conversation(database_with_catalog: str) -> None:
    code = _invite(database_with_catalog, "--role", "liaison", "--department", "minzheng")
    first = _fmbot(
        ["console", "--jsonl"],
        database_with_catalog,
        _lines(
            {"user": "u1", "text": f"/绑定 {code}"},
            {"user": "u1", "text": "/年度目标"},
            {"user": "u1", "text": "1"},
        ),
    )
    assert first.returncode == 0, first.stderr
    second = _fmbot(
        ["console", "--jsonl"],
        database_with_catalog,
        _lines({"user": "u1", "text": "1. 做好城乡低保提标工作"}),
    )
    [preview] = _replies(second.stdout)
    assert "预览" in str(preview["text"])
    assert "最低生活保障" in str(preview["text"])


def test_a_button_payload_answers_the_prompt(database_with_catalog: str) -> None:
    code = _invite(database_with_catalog, "--role", "liaison", "--department", "minzheng")
    first = _fmbot(
        ["console", "--jsonl"],
        database_with_catalog,
        _lines({"user": "u1", "text": f"/绑定 {code}"}, {"user": "u1", "text": "/年度目标"}),
    )
    level_prompt = _replies(first.stdout)[-1]
    payload = level_prompt["buttons"][0]["payload"]  # type: ignore[index]
    second = _fmbot(["console", "--jsonl"], database_with_catalog, _lines({"user": "u1", "button": payload}))
    assert "每行一项" in str(_replies(second.stdout)[-1]["text"])


def test_the_same_message_id_twice_has_one_effect(database_with_catalog: str) -> None:
    stdin = _lines({"user": "u1", "text": "/帮助", "id": "m-1"}, {"user": "u1", "text": "/帮助", "id": "m-1"})
    result = _fmbot(["console", "--jsonl"], database_with_catalog, stdin)
    assert len(_replies(result.stdout)) == 1


def test_a_malformed_line_gets_an_error_line_and_the_rest_still_runs(database_with_catalog: str) -> None:
    stdin = "not json\n" + _lines({"user": "u1", "text": "/帮助"})
    result = _fmbot(["console", "--jsonl"], database_with_catalog, stdin)
    replies = _replies(result.stdout)
    assert "第 1 行" in str(replies[0]["error"])
    assert replies[1]["to"] == "u1"
    assert result.returncode == 1


def test_a_file_line_sends_the_file_as_an_attachment(database_with_catalog: str, tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    for line in ("1. 做好城乡低保提标工作", "2. 推进养老服务中心建设"):
        document.add_paragraph(line)
    goals = tmp_path / "goals.docx"
    document.save(str(goals))
    code = _invite(database_with_catalog, "--role", "liaison", "--department", "minzheng")
    stdin = _lines(
        {"user": "u1", "text": f"/绑定 {code}"},
        {"user": "u1", "text": "/年度目标"},
        {"user": "u1", "text": "1"},
        {"user": "u1", "file": str(goals)},
    )
    result = _fmbot(["console", "--jsonl"], database_with_catalog, stdin)
    preview = _replies(result.stdout)[-1]
    assert "共 2 项" in str(preview["text"])


def test_an_id_given_on_input_is_echoed_and_each_inputs_replies_end_with_a_done_line(
    database_with_catalog: str,
) -> None:
    code = _invite(database_with_catalog, "--role", "liaison", "--department", "minzheng")
    stdin = _lines(
        {"user": "u1", "text": f"/绑定 {code}", "id": "bind-1"},
        {"user": "u1", "text": "/帮助", "id": "help-1"},
        {"user": "u1", "text": "/帮助"},
    )
    output = _output(_fmbot(["console", "--jsonl"], database_with_catalog, stdin).stdout)

    ends = [number for number, line in enumerate(output) if line.get("done")]
    assert len(ends) == 3
    first, second, third = output[: ends[0] + 1], output[ends[0] + 1 : ends[1] + 1], output[ends[1] + 1 :]
    assert all(line["id"] == "bind-1" for line in first)
    assert all(line["id"] == "help-1" for line in second)
    assert all("id" not in line for line in third)
    assert second[-1] == {"id": "help-1", "done": True, "replies": len(second) - 1}


def test_a_refused_line_still_ends_with_a_done_line_carrying_its_id(database_with_catalog: str) -> None:
    stdin = _lines({"user": "u1", "id": "m-9"})
    output = _output(_fmbot(["console", "--jsonl"], database_with_catalog, stdin).stdout)

    assert [set(line) for line in output] == [{"id", "error"}, {"id", "done", "replies"}]
    assert output[1] == {"id": "m-9", "done": True, "replies": 0}
