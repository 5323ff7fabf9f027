"""``fmbot check``: the stable JSON contract, the readable table and exit code 2 on unreadable input.

The catalog is the development set's (real 三定 text of 广州市教育局 and 深圳市城市管理局, with
gz_jiaoyu.5 marked cancelled), read through the same reader ``fmbot catalog import`` uses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

DEV_SET = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "dev-set"
CATALOG = DEV_SET / "catalog.yaml"

PLAN = """\
1. 开展2024年教师资格认定工作
2、推进教育城域网和智慧校园建设

（一）规范校内生活垃圾分类投放和收集
(二) 组织企业参加进出口商品交易会
一、做好中考招生录取工作
"""


@pytest.fixture(autouse=True)
def _no_threshold_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FM_MATCH_THRESHOLDS", raising=False)
    monkeypatch.delenv("FM_CONFIG", raising=False)


def write(tmp_path: Path, text: str, name: str = "items.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["check", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_output_has_the_contracted_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = check_json(
        capsys, "--catalog", str(CATALOG), "--department", "gz_jiaoyu", "--items", str(write(tmp_path, PLAN))
    )
    assert set(result) == {"department", "items", "duties", "summary"}
    assert result["department"] == "gz_jiaoyu"
    for item in result["items"]:
        # the contract of issue 3, plus what issue 11 added: confidence always, internal / precedent where
        # they apply
        assert {"text", "verdict", "matches", "confidence"} <= set(item)
        assert set(item) <= {"text", "verdict", "matches", "confidence", "internal", "precedent"}
        assert item["verdict"] in {"in_scope", "retired", "overlap", "out_of_scope"}
        assert item["confidence"] in {"high", "low"}
        assert item.get("internal", True) is True
        assert len(item["matches"]) <= 3
        for match in item["matches"]:
            assert set(match) == {"duty", "department", "score", "evidence"}
            assert 0.0 <= match["score"] <= 1.0
            assert isinstance(match["evidence"], list)
        scores = [match["score"] for match in item["matches"]]
        assert scores == sorted(scores, reverse=True)
    for duty in result["duties"]:
        assert set(duty) == {"duty", "status", "items"}
        assert duty["status"] in {"covered", "uncovered", "periodic_uncovered", "unknown"}


def test_numbering_and_blank_lines_are_stripped_from_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = check_json(
        capsys, "--catalog", str(CATALOG), "--department", "gz_jiaoyu", "--items", str(write(tmp_path, PLAN))
    )
    assert [item["text"] for item in result["items"]] == [
        "开展2024年教师资格认定工作",
        "推进教育城域网和智慧校园建设",
        "规范校内生活垃圾分类投放和收集",
        "组织企业参加进出口商品交易会",
        "做好中考招生录取工作",
    ]


def test_a_section_heading_is_no_item_and_stderr_says_it_was_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = write(tmp_path, "一、教育教学\n（一）开展2024年教师资格认定工作\n（二）推进智慧校园建设\n")
    assert (
        main(
            ["check", "--catalog", str(CATALOG), "--department", "gz_jiaoyu", "--items", str(items), "--json"]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert [item["text"] for item in json.loads(captured.out)["items"]] == [
        "开展2024年教师资格认定工作",
        "推进智慧校园建设",
    ]
    assert "已作为标题略去：教育教学" in captured.err


def test_each_verdict_and_the_covering_items_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = check_json(
        capsys, "--catalog", str(CATALOG), "--department", "gz_jiaoyu", "--items", str(write(tmp_path, PLAN))
    )
    assert [item["verdict"] for item in result["items"]] == [
        "in_scope",
        "retired",
        "overlap",
        "out_of_scope",
        "in_scope",
    ]
    assert result["items"][0]["matches"][0]["duty"] == "gz_jiaoyu.8"
    duties = {duty["duty"]: duty for duty in result["duties"]}
    assert duties["gz_jiaoyu.8"] == {"duty": "gz_jiaoyu.8", "status": "covered", "items": [0]}
    assert duties["gz_jiaoyu.5"]["items"] == [1]
    assert duties["gz_jiaoyu.6"]["status"] == "uncovered"
    summary = result["summary"]
    assert summary["verdicts"] == {"in_scope": 2, "retired": 1, "overlap": 1, "out_of_scope": 1}
    assert summary["overlaps"][0]["department"] == "sz_chengguan"
    assert summary["overlaps"][0]["lead"] == "sz_chengguan"


def test_a_department_outside_the_catalog_gets_nothing_in_scope(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = write(tmp_path, "推进城市道路清扫保洁和垃圾清运\n组织企业参加进出口商品交易会\n")
    result = check_json(capsys, "--catalog", str(CATALOG), "--department", "shangwu", "--items", str(items))
    assert result["department"] == "shangwu"
    assert [item["verdict"] for item in result["items"]] == ["overlap", "out_of_scope"]
    assert result["duties"] == []


def test_without_department_the_plans_department_is_inferred(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = write(tmp_path, "加强环卫保洁和垃圾清运\n修剪行道树，新建街头绿地\n")
    assert (
        check_json(capsys, "--catalog", str(CATALOG), "--items", str(items))["department"] == "sz_chengguan"
    )


def test_the_table_is_readable_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "check",
        "--catalog",
        str(CATALOG),
        "--department",
        "gz_jiaoyu",
        "--items",
        str(write(tmp_path, PLAN)),
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "广州市教育局" in out
    for label in (
        "职责内",
        "已取消/转移职能",
        "职责交叉",
        "职责外（未找到对应职责）",
        "职责覆盖情况",
        "汇总",
    ):
        assert label in out
    assert "城管局主办" in out


@pytest.mark.parametrize(
    ("catalog_text", "expected"),
    [
        (None, "文件不存在"),
        ("departments:\n  - code: a\n    name: 甲\n    duties: []\n    colour: red\n", "无法读取职责目录"),
    ],
)
def test_an_unreadable_catalog_exits_2_with_a_chinese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog_text: str | None, expected: str
) -> None:
    catalog = tmp_path / "catalog.yaml"
    if catalog_text is not None:
        catalog.write_text(catalog_text, encoding="utf-8")
    assert main(["check", "--catalog", str(catalog), "--items", str(write(tmp_path, PLAN))]) == 2
    captured = capsys.readouterr()
    assert expected in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "文件不存在"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "不是纯文本文件"),
        (b"\x80\xff\xfe" + "星级投放点".encode("gbk"), "编码无法识别"),
        (b"\n 1. \n\n", "没有工作条目"),
    ],
    ids=["missing", "a-word-file", "unknown-encoding", "empty"],
)
def test_an_unreadable_items_file_exits_2_with_a_chinese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, expected: str
) -> None:
    items = tmp_path / "items.txt"
    if content is not None:
        items.write_bytes(content)
    assert main(["check", "--catalog", str(CATALOG), "--items", str(items)]) == 2
    captured = capsys.readouterr()
    assert "工作条目" in captured.err and expected in captured.err
    assert captured.out == ""


def test_an_items_file_saved_as_gbk_on_windows_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = tmp_path / "items.txt"
    items.write_bytes(PLAN.encode("gbk"))
    assert main(["check", "--catalog", str(CATALOG), "--items", str(items), "--json"]) == 0
    texts = [item["text"] for item in json.loads(capsys.readouterr().out)["items"]]
    assert texts[0] == "开展2024年教师资格认定工作"
    assert len(texts) == 5


def test_thresholds_can_be_overridden_from_the_configured_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    strict = tmp_path / "thresholds.toml"
    strict.write_text("[thresholds]\nfit = 0.99\n", encoding="utf-8")
    monkeypatch.setenv("FM_MATCH_THRESHOLDS", str(strict))
    result = check_json(
        capsys, "--catalog", str(CATALOG), "--department", "gz_jiaoyu", "--items", str(write(tmp_path, PLAN))
    )
    assert {item["verdict"] for item in result["items"]} == {"out_of_scope"}


def test_a_bad_threshold_override_exits_2_naming_the_parameter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = tmp_path / "thresholds.toml"
    wrong.write_text("[thresholds]\nfitness = 0.5\n", encoding="utf-8")
    monkeypatch.setenv("FM_MATCH_THRESHOLDS", str(wrong))
    assert main(["check", "--catalog", str(CATALOG), "--items", str(write(tmp_path, PLAN))]) == 2
    assert "fitness" in capsys.readouterr().err


def test_the_offices_judgements_are_followed_for_items_worded_as_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = "推进教育城域网和智慧校园建设"
    judged = {"text": item, "department": "gz_jiaoyu", "verdict": "in_scope", "duty": "gz_jiaoyu.3"}
    judgements = write(tmp_path, json.dumps(judged, ensure_ascii=False) + "\n", "judgements.jsonl")
    items = write(tmp_path, item + "\n")
    common = ["--catalog", str(CATALOG), "--department", "gz_jiaoyu", "--items", str(items)]
    plain = check_json(capsys, *common)["items"][0]
    followed = check_json(capsys, *common, "--judgements", str(judgements))["items"][0]
    assert "precedent" not in plain
    assert followed["verdict"] == "in_scope"
    assert (followed["confidence"], followed["precedent"]) == ("high", item)


def test_a_bad_judgements_file_exits_2_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    judgements = write(tmp_path, '{"text": "x", "department": "gz_jiaoyu", "verdict": "maybe"}\n', "j.jsonl")
    args = ["check", "--catalog", str(CATALOG), "--items", str(write(tmp_path, PLAN))]
    assert main([*args, "--judgements", str(judgements)]) == 2
    error = capsys.readouterr().err
    assert "编办认定" in error and "第 1 行" in error


def test_an_unknown_division_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", "--catalog", str(CATALOG), "--department", "gz_jiaoyu"]
    assert main([*args, "--items", str(write(tmp_path, PLAN)), "--division", "不存在的处"]) == 2
    assert "不存在的处" in capsys.readouterr().err
