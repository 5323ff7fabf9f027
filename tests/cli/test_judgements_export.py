"""``fmbot judgements export``: the office's judgements as JSONL, which ``fmbot check --judgements`` reads."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import Database
from tests.cli_runner import Fmbot, in_process

SAMPLE_CATALOG = Path(__file__).resolve().parents[2] / "bot" / "data" / "sample_catalog.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ITEM = "整治校园周边占道经营摊点"


@pytest.fixture
def fmbot(database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Fmbot:
    monkeypatch.setenv("FM_DATABASE_URL", database_url)

    run = in_process(capsys)

    return run


def _judge(database: Database, item: str, verdict: str, duty: str | None, internal: bool = False) -> None:
    with database.unit_of_work() as uow:
        revision = uow.catalog.revision_id("jiaoyu")
        assert revision is not None
        uow.judgements.add(
            department="jiaoyu",
            item=item,
            verdict=verdict,
            duty=duty,
            internal=internal,
            revision_id=revision,
            finding_id=None,
            judged_by=None,
            judged_at=NOW,
        )
        uow.commit()


def test_the_export_holds_the_latest_judgement_per_text(fmbot: Fmbot, database: Database) -> None:
    assert fmbot("catalog", "import", str(SAMPLE_CATALOG)).code == 0
    _judge(database, ITEM, "overlap", "chengguan.8")
    _judge(database, ITEM, "in_scope", "jiaoyu.3")
    _judge(database, "加强机关党建工作", "out_of_scope", None, internal=True)

    outcome = fmbot("judgements", "export")

    assert outcome.code == 0
    assert [json.loads(line) for line in outcome.out.splitlines()] == [
        {"text": ITEM, "department": "jiaoyu", "verdict": "in_scope", "duty": "jiaoyu.3"},
        {
            "text": "加强机关党建工作",
            "department": "jiaoyu",
            "verdict": "out_of_scope",
            "duty": None,
            "internal": True,
        },
    ]


def test_fmbot_check_follows_the_exported_judgements(
    fmbot: Fmbot, database: Database, tmp_path: Path
) -> None:
    assert fmbot("catalog", "import", str(SAMPLE_CATALOG)).code == 0
    _judge(database, ITEM, "in_scope", "jiaoyu.3")
    exported = tmp_path / "judgements.jsonl"
    assert fmbot("judgements", "export", "--out", str(exported)).code == 0
    items = tmp_path / "items.txt"
    items.write_text(f"1. {ITEM}\n", encoding="utf-8")

    outcome = fmbot(
        "check",
        "--catalog",
        str(SAMPLE_CATALOG),
        "--department",
        "jiaoyu",
        "--items",
        str(items),
        "--judgements",
        str(exported),
        "--json",
    )

    assert outcome.code == 0
    [item] = json.loads(outcome.out)["items"]
    assert (item["verdict"], item["confidence"], item["precedent"]) == ("in_scope", "high", ITEM)


def test_an_empty_export_is_an_empty_file(fmbot: Fmbot, tmp_path: Path) -> None:
    exported = tmp_path / "judgements.jsonl"
    assert fmbot("judgements", "export", "--out", str(exported)).code == 0
    assert exported.read_text(encoding="utf-8") == ""
