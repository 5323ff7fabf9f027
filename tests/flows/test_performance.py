"""绩效管理 in chat, through the real engine and storage: staff hand out and import evaluation sheets, a
leader rates a department, /考评 shows a score whose every point names its evidence, liaisons see their
own department's once the year is closed, and a closed year does not move when new data arrives."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from bot.performance_files import load_default_scheme
from conversations import assess_year, close_year
from fm_domain.performance import Scheme
from fm_domain.records import FindingKind, FindingStatus
from storage import Database
from tests.flows.conftest import LEADER, LIAISON, OTHER_LIAISON, SHANGHAI, STAFF
from tests.flows.transcript import Chat, Upload, press

Fill = Callable[[int, list[object]], None]


@pytest.fixture
def scheme(chat: Chat) -> Scheme:
    """The bundled default scheme, as the application wires it in."""
    chat.engine.services.performance_scheme = load_default_scheme()
    return chat.engine.services.performance_scheme


def filled(chat: Chat, source: str, rows: dict[str, list[object]]) -> Upload:
    """The template staff get from /考评模板, filled by the evaluating office: ``rows`` by department code."""
    [reply] = [reply for reply in chat.send(STAFF, f"/考评模板 {source}") if reply.file is not None]
    assert reply.file is not None and reply.file.name == f"2026年度考评表-{source}.xlsx"
    workbook = load_workbook(io.BytesIO(reply.file.content))
    sheet = workbook.active
    assert sheet is not None
    for row in range(6, sheet.max_row + 1):
        for column, value in enumerate(rows.get(str(sheet.cell(row, 1).value), []), start=3):
            sheet.cell(row, column).value = value
    out = io.BytesIO()
    workbook.save(out)
    return Upload(reply.file.name, out.getvalue())


def point_lines(text: str) -> list[tuple[str, str]]:
    """Each point of a breakdown and the evidence line under it."""
    lines = text.splitlines()
    return [(line, lines[n + 1]) for n, line in enumerate(lines) if line.startswith("· ")]


def test_staff_import_two_sheets_a_leader_rates_and_every_point_names_its_evidence(
    chat: Chat, scheme: Scheme
) -> None:
    xinfang = filled(chat, "信访", {"minzheng": [92, 88, 1, "来访按期办结"], "jiaoyu": [80, 75, 0]})
    public = filled(chat, "万人评议", {"minzheng": [86.5], "jiaoyu": [90]})
    chat.dialog(
        STAFF,
        [
            ("/导入考评", "请发送评价部门填好的考评表"),
            (
                xinfang,
                [
                    "已导入 2026 年度「信访」考评表 2026年度考评表-信访.xlsx（第 1 号导入）：2 个部门",
                    "原文件已留存",
                ],
            ),
            ("/导入考评", "请发送评价部门填好的考评表"),
            (public, "已导入 2026 年度「万人评议」考评表"),
        ],
    )
    chat.dialog(
        LEADER,
        [
            ("/评价 民政局", "请评价民政局 2026 年度的工作"),
            (press("较好"), "请发送评语"),
            ("救助工作扎实，养老服务有短板", "已记录您对民政局 2026 年度的评价：较好"),
        ],
    )

    text = chat.say(STAFF, "/考评 民政局")

    assert "民政局 2026 年度绩效考评" in text and "考评进行中" in text
    points = point_lines(text)
    assert len(points) == len(list(scheme))  # 28 items and the negative one, each shown
    for point, evidence in points:
        assert re.fullmatch(r"  依据：\S.*", evidence), f"no evidence for {point}"
    shown = dict(points)
    petitions = "· 群众来信来访按时办结、办理满意：3.68 分（满分 4），原始值 92"  # 92 / 100 × 4
    assert shown[petitions] == (
        "  依据：考评表 2026年度考评表-信访.xlsx（第 1 号导入，单元格 C7，说明：来访按期办结）"
    )
    assert shown["· 分管市领导评价：6.80 分（满分 8），原始值 较好"] == (  # 0.85 × 8
        "  依据：陈主任评价“较好”：救助工作扎实，养老服务有短板"
    )
    assert shown["· 越级访、重复访：-1.00 分（最多扣 3 分），原始值 1 件"].startswith(
        "  依据：考评表 2026年度考评表-信访"
    )
    assert shown["· 社会各界满意度（万人评议）：8.65 分（满分 10），原始值 86.5"].startswith(
        "  依据：考评表 2026年度考评表-万人评议.xlsx（第 2 号导入"
    )
    assert "  依据：尚未导入「督查」考评表" in text  # what is missing says so, point by point


def test_staff_see_the_ranking_and_the_evidence_of_fmbots_own_record(chat: Chat, scheme: Scheme) -> None:
    ranking = chat.say(STAFF, "/考评")
    assert "2026 年度绩效考评排名（进行中" in ranking and "民政局" in ranking

    text = chat.say(STAFF, "/考评 教育局")

    # The standing monthly task: January and February were due by 03-10, and nothing arrived.
    assert "· 按时报送年度目标、月度安排和半年总结：0.00 分（满分 4），原始值 0/" in text
    assert "月度工作安排 2026-01（2026-01-08 截止，未报送）" in text
    assert "本年度无应办事项，按满分计" in text  # no written inquiry was asked of it
    # Follow-up of the office's work: nothing asked of it yet, so nothing lost, and each says so.
    assert "· 确认的问题按期整改：3.00 分（满分 3），原始值 无应办事项" in text
    assert "· 越位、缺位信号逾期未处理：0.00 分（最多扣 2 分），原始值 0 件" in text
    assert "本年度无此类情形，不扣分" in text
    assert "暂无记录来源" not in text  # the records exist now: none reads as missing a source


def test_a_sheet_with_a_bad_cell_is_refused_naming_it_and_nothing_is_stored(
    chat: Chat, scheme: Scheme, flow_database: Database
) -> None:
    bad = filled(chat, "信访", {"minzheng": [120, 88, 0]})
    chat.dialog(
        STAFF,
        [
            ("/导入考评", "请发送"),
            (
                bad,
                [
                    "考评表未导入",
                    "单元格 C7：「群众来信来访按时办结、办理满意」120 超出范围 0–100",
                    "请改正后重新发送",
                ],
            ),
            (Upload("信访.docx", b"PK"), "考评表应为 .xlsx 文件"),
            (Upload("信访.xlsx", b"not a workbook"), "不是有效的 xlsx 文件"),
        ],
    )
    with flow_database.unit_of_work() as uow:
        assert uow.performance.evaluations(2026) == []


def test_a_leader_may_change_a_rating_until_the_year_is_closed(
    chat: Chat, scheme: Scheme, flow_database: Database
) -> None:
    chat.dialog(LEADER, [("/评价 民政局", "请评价"), ("一般", "请发送评语"), (press("skip"), "已记录")])
    chat.dialog(
        LEADER,
        [
            ("/评价", ["2026 年度您可以评价的部门", "民政局：一般", "教育局：尚未评价"]),
            ("/评价 民政局", "您此前的评价：一般"),
            (press("好"), "请发送评语"),
            ("改进明显", "已修改您对民政局 2026 年度的评价：好，评语：改进明显"),
        ],
    )
    _close(chat, flow_database)

    chat.dialog(LEADER, [("/评价 民政局", "2026 年度考评已结束，结果已固定，不能再修改评价")])


def test_a_liaison_sees_their_own_departments_score_only_once_the_year_is_closed(
    chat: Chat, scheme: Scheme, flow_database: Database
) -> None:
    chat.dialog(LIAISON, [("/考评", "2026 年度考评尚未结束")])
    _close(chat, flow_database)

    chat.dialog(
        LIAISON,
        [
            ("/考评", ["教育局 2026 年度绩效考评", "考评结束，结果已固定", "依据："]),
            ("/考评 民政局", "您只能查看本部门的情况"),
        ],
    )


def test_a_closed_year_does_not_change_when_new_data_arrives(
    chat: Chat, scheme: Scheme, flow_database: Database
) -> None:
    chat.dialog(STAFF, [("/导入考评", "请发送"), (filled(chat, "信访", {"minzheng": [92, 88, 1]}), "已导入")])
    chat.dialog(LEADER, [("/评价 民政局", "请评价"), ("较好", "评语"), (press("skip"), "已记录")])
    _close(chat, flow_database)
    before = chat.say(STAFF, "/考评 民政局")

    # New data for the closed year: a confirmed finding, a monthly arrangement, another sheet, a rating.
    with flow_database.unit_of_work() as uow:
        finding = uow.findings.add(
            department="minzheng",
            submission_id=None,
            item="开展养老机构消防检查",
            kind=FindingKind.OUT_OF_SCOPE,
            detail="",
            created_at=chat.clock(),
        )
        uow.findings.decide(
            finding, status=FindingStatus.CONFIRMED, reason="", decided_by=1, decided_at=chat.clock()
        )
        uow.commit()
    chat.dialog(
        OTHER_LIAISON,
        [("/月度安排", "请发送事项"), ("开展低保专项检查", "预览"), (press("confirm"), "回执编号")],
    )
    chat.dialog(
        STAFF,
        [("/导入考评", "请发送"), (filled(chat, "信访", {"minzheng": [60, 60, 3]}), "2026 年度考评已结束")],
    )
    chat.dialog(LEADER, [("/评价 民政局", "考评已结束")])

    assert chat.say(STAFF, "/考评 民政局") == before
    with flow_database.unit_of_work() as uow:
        assert len(uow.performance.evaluations(2026)) == 1  # the second sheet was refused


def test_a_year_is_imported_rated_scored_and_frozen_alike_on_both_databases(
    any_chat: Chat, any_database: Database
) -> None:
    any_chat.engine.services.performance_scheme = load_default_scheme()
    sheet = filled(any_chat, "信访", {"minzheng": [92, 88, 1]})
    any_chat.dialog(STAFF, [("/导入考评", "请发送"), (sheet, "已导入")])
    any_chat.dialog(LEADER, [("/评价 民政局", "请评价"), (press("好"), "评语"), (press("skip"), "已记录")])
    open_year = any_chat.say(STAFF, "/考评 民政局")
    _close(any_chat, any_database)

    closed_year = any_chat.say(STAFF, "/考评 民政局")

    assert "· 分管市领导评价：8.00 分（满分 8），原始值 好" in open_year
    assert "考评进行中" in open_year and "考评结束，结果已固定" in closed_year
    assert point_lines(closed_year) == point_lines(open_year)


def test_a_late_rectification_and_an_open_gap_signal_are_scored_from_the_findings_history(
    any_chat: Chat, any_database: Database
) -> None:
    any_chat.engine.services.performance_scheme = load_default_scheme()
    now = any_chat.clock()
    with any_database.unit_of_work() as uow:
        late = uow.findings.add(
            department="minzheng",
            submission_id=None,
            item="开展养老机构消防检查",
            kind=FindingKind.OUT_OF_SCOPE,
            detail="",
            created_at=now - timedelta(days=30),
        )
        uow.findings.decide(
            late, status=FindingStatus.CONFIRMED, reason="", decided_by=1, decided_at=now - timedelta(days=29)
        )
        deadline = (now - timedelta(days=20)).astimezone(SHANGHAI).date()
        uow.findings.move(
            late, FindingStatus.RECTIFYING, by=1, at=now - timedelta(days=28), deadline=deadline
        )
        uow.findings.move(late, FindingStatus.RECTIFIED, by=None, at=now - timedelta(days=10))
        gap = uow.findings.add(
            department="minzheng",
            submission_id=None,
            item="第2项职责十二个月未涉及",
            kind=FindingKind.GAP,
            detail="",
            created_at=now - timedelta(days=5),
        )
        uow.commit()

    text = any_chat.say(STAFF, "/考评 民政局")

    # Reported ten days after its deadline: 0 of 1 in time. The 缺位 signal is still open: 1 × 0.5 off.
    shown = dict(point_lines(text))
    assert shown["· 确认的问题按期整改：0.00 分（满分 3），原始值 0/1"].startswith(f"  依据：发现 #{late}（")
    assert f"{deadline.isoformat()} 整改期限" in shown["· 确认的问题按期整改：0.00 分（满分 3），原始值 0/1"]
    assert shown["· 越位、缺位信号逾期未处理：-0.50 分（最多扣 2 分），原始值 1 件"] == (
        f"  依据：发现 #{gap}（缺位，截至 {now.astimezone(SHANGHAI).date().isoformat()}：待编办研判）"
    )


def test_rating_and_importing_are_for_leaders_and_staff(chat: Chat, scheme: Scheme) -> None:
    chat.dialog(LIAISON, [("/评价 教育局", "仅限领导使用"), ("/导入考评", "仅限")])


def _close(chat: Chat, database: Database) -> None:
    """Close 2026 as ``fmbot perf close`` does, at the chat's moment."""
    services = chat.engine.services
    with database.unit_of_work() as uow:
        scores = assess_year(
            uow, 2026, services.today(), services.calendar, SHANGHAI, services.performance_scheme
        )
        assert scores is not None
        close_year(uow, scores, by=None, at=services.now())
        uow.commit()
