"""fm_domain's records: an item check keeps its JSON form (drafts and submissions hold it), says whether it
goes to staff, and how it is counted; a finding's kind names the verdict staff may correct."""

from __future__ import annotations

from fm_domain.deadlines import TaskKind
from fm_domain.obligations import SUBMITTED_BY_FLOW
from fm_domain.records import FindingKind, ItemCheck, SubmissionKind, count_verdicts
from fm_domain.verdicts import Confidence, Verdict

LOW = Confidence.LOW
TENTATIVE = ItemCheck("加强学生课后服务管理", Verdict.IN_SCOPE, "jiaoyu.3", "教育局第3项", confidence=LOW)
INTERNAL = ItemCheck("加强机关党建工作", Verdict.OUT_OF_SCOPE, internal=True)
OVERLAP = ItemCheck("整治占道经营", Verdict.OVERLAP, "chengguan.8", "城管局第8项职责", note="城管局牵头")
CLEAR = ItemCheck("推进义务教育优质均衡发展", Verdict.IN_SCOPE, "jiaoyu.1", precedent="推进义务教育均衡")


def test_an_item_check_keeps_the_json_a_draft_has_always_held() -> None:
    assert OVERLAP.to_json() == {
        "text": "整治占道经营",
        "verdict": "overlap",
        "duty": "chengguan.8",
        "label": "城管局第8项职责",
        "note": "城管局牵头",
        "confidence": "high",
        "internal": False,
        "precedent": "",
    }
    for check in (TENTATIVE, INTERNAL, OVERLAP, CLEAR):
        assert ItemCheck.from_json(check.to_json()) == check


def test_a_check_stored_before_confidence_internal_and_precedent_reads_as_asserted() -> None:
    older = ItemCheck.from_json({"text": "教师培训", "verdict": "in_scope", "duty": "jiaoyu.2", "label": "x"})
    assert older == ItemCheck("教师培训", Verdict.IN_SCOPE, "jiaoyu.2", "x")
    assert older.confidence is Confidence.HIGH and not older.raises_finding


def test_what_is_unsure_or_not_in_scope_goes_to_staff_and_internal_work_does_not() -> None:
    raised = [check.raises_finding for check in (TENTATIVE, INTERNAL, OVERLAP, CLEAR)]
    assert raised == [True, False, True, False]


def test_internal_work_is_counted_apart_from_out_of_scope_in_the_order_first_met() -> None:
    checks = (OVERLAP, INTERNAL, CLEAR, TENTATIVE, ItemCheck("开展航天育种", Verdict.OUT_OF_SCOPE))
    assert count_verdicts(checks) == {"overlap": 1, "internal": 1, "in_scope": 2, "out_of_scope": 1}
    assert list(count_verdicts(checks)) == ["overlap", "internal", "in_scope", "out_of_scope"]


def test_a_finding_about_a_verdict_names_it_and_one_a_flow_reports_does_not() -> None:
    assert [FindingKind.of(verdict).verdict for verdict in Verdict] == list(Verdict)
    assert FindingKind.NOT_STARTED.verdict is None and FindingKind.DELAYED.verdict is None


def test_the_flows_submissions_settle_the_tasks_of_their_kinds() -> None:
    flows = {TaskKind.ANNUAL_GOALS, TaskKind.MONTHLY_ARRANGEMENT, TaskKind.HALF_YEAR_SUMMARY}
    assert flows == SUBMITTED_BY_FLOW
    assert {kind.value for kind in SubmissionKind} == {kind.value for kind in SUBMITTED_BY_FLOW}
