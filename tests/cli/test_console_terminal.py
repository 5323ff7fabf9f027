"""The interactive console: each account sees its own messages; others' wait until switched to."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import Application, build_application
from bot.channels.console import ConsoleChannel
from bot.channels.console_terminal import Terminal
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
