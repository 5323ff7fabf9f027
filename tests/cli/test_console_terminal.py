"""The interactive console: each account sees its own messages; others' wait until switched to."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import Application, build_application
from bot.channels.console import ConsoleChannel
from bot.channels.console_terminal import Terminal, input_waiting
from bot.clock import utc_now
from bot.config import load_settings
from bot.demo import seed_demo


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Application]:
    application = build_application(
        load_settings({"FM_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"})
    )
    seed_demo(application.database, utc_now())
    yield application
    application.close()


def _chat(app: Application, user: str, lines: list[str], files_dir: Path) -> str:
    typed = iter(lines)

    def read_line(prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    Terminal(ConsoleChannel(app.engine, utc_now), user, files_dir, out, read_line).run()
    return out.getvalue()


def test_a_submission_notice_for_staff_waits_until_the_console_switches_to_staff(
    app: Application, tmp_path: Path
) -> None:
    lines = ["/年度目标", "1", "1. 做好城乡低保提标工作", "1", "/切换 staff"]
    before, after = _chat(app, "minzheng", lines, tmp_path).split("现在以 staff 的身份对话")
    assert "回执编号" in before
    assert "【新报送】" not in before
    assert "staff 1 条" in before
    assert "【新报送】" in after


def test_choices_are_shown_numbered_and_a_number_answers_them(app: Application, tmp_path: Path) -> None:
    transcript = _chat(app, "minzheng", ["/年度目标", "1"], tmp_path)
    assert "[1] 部门年度目标" in transcript
    assert "每行一项" in transcript


def test_a_missing_file_is_refused_in_chinese_without_reaching_fmbot(
    app: Application, tmp_path: Path
) -> None:
    transcript = _chat(app, "minzheng", ["/附件 /nonexistent/plan.docx"], tmp_path)
    assert "找不到文件" in transcript


def _chat_in_bursts(app: Application, user: str, bursts: list[list[str]], files_dir: Path) -> str:
    """Each burst is what arrives at once: one typed line, or the lines of a paste."""
    pending = [list(burst) for burst in bursts]

    def read_line(prompt: str) -> str:
        while pending and not pending[0]:
            pending.pop(0)
        if not pending:
            raise EOFError
        return pending[0].pop(0)

    def more_waiting() -> bool:
        return bool(pending and pending[0])

    out = io.StringIO()
    Terminal(ConsoleChannel(app.engine, utc_now), user, files_dir, out, read_line, more_waiting).run()
    return out.getvalue()


def test_a_pasted_list_is_one_message_with_one_preview(app: Application, tmp_path: Path) -> None:
    paste = ["1. 做好城乡低保提标工作", "2. 推进养老服务中心建设", "3. 规范婚姻登记服务"]

    transcript = _chat_in_bursts(app, "minzheng", [["/年度目标"], ["1"], paste], tmp_path)

    assert transcript.count("预览") == 1
    assert "共 3 项" in transcript


def test_a_paste_that_begins_like_a_console_command_still_goes_to_fmbot(
    app: Application, tmp_path: Path
) -> None:
    transcript = _chat_in_bursts(app, "minzheng", [["/切换 staff", "/帮助"]], tmp_path)

    assert "现在以 staff 的身份对话" not in transcript


def test_input_already_waiting_is_seen_and_none_is_not() -> None:
    read_end, write_end = os.pipe()
    try:
        assert not input_waiting(read_end, timeout=0)
        os.write(write_end, "2. 第二项\n".encode())
        assert input_waiting(read_end, timeout=0)
    finally:
        os.close(read_end)
        os.close(write_end)
