"""Findings (发现): what a review flagged, for staff to confirm or dismiss with a reason. The liaisons
of the department are told the outcome, and see it in /状态.

Staff may also correct the match itself (编办认定): ``/认定 N 结论 [理由]``, where 结论 is the duty the
item performs (``jiaoyu.3``; a bare ``3`` is a duty of the finding's department; another department's
duty means 职责交叉), 职责外, or 机关内部 / 机关自身建设. The judgement is kept with the item's text and
the 三定 revision then in force, and later reviews follow it (编办曾认定); the finding is decided in the
same transaction: confirmed when the judgement agrees with its verdict, dismissed otherwise. The same
judgement may be given inline when confirming or dismissing: ``/驳回发现 N 应为 jiaoyu.3 理由``.

Several findings may be decided at once (``/驳回发现 9,10 理由``, ``/确认发现 9 10 理由``): all of them, or,
when a number is wrong, none; or a department's (``/确认发现 教育局 理由``: every finding of it still to be
decided). Without a reason the command asks for one; that step takes the full command too, and any other
command leaves it. ``发现 部门`` lists one department's findings to handle: those not yet decided (open,
or under inquiry or visit) and those in rectification. (A finding a newer version of its submission no
longer raises is closed as superseded: see drafting.submit.) The steps after and around the decision —
inquiry, visit, rectification, closing, the record — are in flows/finding_lifecycle.py and flows/visits.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from conversations import monitoring_texts, texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows.common import (
    catalog,
    department_name,
    find_department,
    named_department,
    text_of,
)
from conversations.messages import Inbound, Reply
from conversations.review import duty_label
from conversations.rights import LEADER, OFFICE, sees_department
from fm_domain.models import Department
from fm_domain.records import Finding, FindingStatus
from fm_domain.verdicts import Verdict

LIST_LIMIT = 30


def _finding(ctx: Context, number: str) -> Finding | str:
    number = number.strip().lstrip("#")
    if not number.isdigit():
        return texts.FINDING_NEED_ID
    finding = ctx.uow.findings.get(int(number))
    if finding is None:
        return texts.no_such_finding(number)
    if not finding.undecided:  # open, or being looked into by an inquiry or a visit: still to decide
        return texts.finding_already_decided(finding.id, finding.status)
    return finding


# "9 理由", "9,10 理由", "#9、#10 理由", "9 10 理由": the findings' numbers, then the reason. A number ends at
# a space, a separator or the end, so a reason that begins with a figure ("9 3月已整改") stays the reason.
_NUMBERS_THEN_REASON = re.compile(
    r"^\s*(#?\d+(?:(?:\s*[,，、;；]\s*|\s+)#?\d+)*)(?=[\s,，、;；]|$)(.*)$", re.DOTALL
)


def numbers_and_reason(args: str) -> tuple[list[int], str] | None:
    """The findings a command names, each once and in the order given, and the reason after them."""
    match = _NUMBERS_THEN_REASON.match(args)
    if not match:
        return None
    numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
    return list(dict.fromkeys(numbers)), match.group(2).strip(" \t\n,，、;；")


def _open_findings(ctx: Context, numbers: list[int]) -> list[Finding] | str:
    """The open findings numbered, or why not all of them can be decided (then none is)."""
    found = [_finding(ctx, str(n)) for n in numbers]
    problems = [f for f in found if isinstance(f, str)]
    if problems:
        return "\n".join([*problems, texts.FINDINGS_NONE_DECIDED] if len(numbers) > 1 else problems)
    return [f for f in found if not isinstance(f, str)]


def _decide(ctx: Context, finding: Finding, status: FindingStatus, reason: str) -> str | None:
    """Decide the finding and tell its department's liaisons; None when done, else why it was not."""
    assert ctx.user is not None
    if not ctx.uow.findings.decide(
        finding.id, status=status, reason=reason, decided_by=ctx.user.id, decided_at=ctx.now
    ):  # another member of staff decided it between our read and this write
        decided = ctx.uow.findings.get(finding.id)
        return texts.finding_already_decided(finding.id, decided.status if decided else status)
    ctx.notify_liaisons(
        finding.department, Reply(texts.finding_outcome_to_liaison(finding.id, finding.item, status, reason))
    )
    return None


def _record(ctx: Context, finding: Finding, status: FindingStatus, reason: str) -> str:
    problem = _decide(ctx, finding, status, reason)
    return problem or texts.finding_decided(finding.id, status)


# "/驳回发现 12 应为 jiaoyu.3 理由": a judgement given while deciding.
_INLINE_JUDGEMENT = re.compile(r"^(?:应为|应属|认定为)\s*(\S+)\s*(.*)$", re.DOTALL)


def _decide_with_reason(ctx: Context, finding: Finding, status: FindingStatus, reason: str) -> str:
    """Decide one finding with the reason given; a reason that opens with a judgement ("应为 jiaoyu.3 …")
    keeps that judgement too, read against this finding's department."""
    inline = _INLINE_JUDGEMENT.match(reason)
    if inline and finding.kind.verdict is not None:
        conclusion = _conclusion(ctx, finding, inline.group(1))
        if isinstance(conclusion, Conclusion):
            return _judge(ctx, finding, conclusion, inline.group(2).strip(), status)
    return _record(ctx, finding, status, reason)


def _decide_all(ctx: Context, numbers: list[int], status: FindingStatus, reason: str) -> Transition:
    findings = _open_findings(ctx, numbers)
    if isinstance(findings, str):
        return done(findings)
    return done("\n".join(_decide_with_reason(ctx, finding, status, reason) for finding in findings))


def department_findings(
    ctx: Context, args: str, statuses: Collection[FindingStatus]
) -> tuple[list[int], str] | str | None:
    """``部门 理由``: the numbers of the department's findings in these statuses, and the rest of the text;
    None when the first word names no department (the caller says what it expected)."""
    word, _, rest = args.strip().partition(" ")
    department = find_department(catalog(ctx), word) if word else None
    if department is None:
        return None
    if not sees_department(ctx.user, department.code):
        return texts.department_not_yours(department.display_name)
    findings = ctx.uow.findings.in_status(statuses, department.code)
    if not findings:
        return texts.findings_none(department.display_name)
    return [f.id for f in findings], rest.strip()


UNDECIDED = (FindingStatus.OPEN, FindingStatus.UNDER_INQUIRY, FindingStatus.UNDER_VISIT)
TO_HANDLE = (*UNDECIDED, FindingStatus.RECTIFYING, FindingStatus.RECTIFIED)  # what 发现 lists


def _decider(status: FindingStatus) -> Callable[[Context, str], Transition]:
    def run(ctx: Context, args: str) -> Transition:
        parsed = numbers_and_reason(args)
        if parsed is None:
            parsed = department_findings(ctx, args, UNDECIDED)
        if parsed is None:
            return done(texts.FINDING_NEED_ID)
        if isinstance(parsed, str):
            return done(parsed)
        numbers, reason = parsed
        if reason:
            return _decide_all(ctx, numbers, status, reason)
        findings = _open_findings(ctx, numbers)
        if isinstance(findings, str):
            return done(findings)
        ctx.data = {"findings": [f.id for f in findings], "status": status.value}
        return Goto("reason")

    return run


# --- 编办认定 ----------------------------------------------------------------------------------------

_DUTY_ID = re.compile(r"^([A-Za-z][\w-]*)[.．](\d+)$")
_OWN_DUTY = re.compile(r"^第?(\d+)项?(?:职责)?$")


@dataclass(frozen=True)
class Conclusion:
    """What staff say an item is: a verdict as the review gives one, with its duty."""

    verdict: Verdict
    duty: str | None
    internal: bool = False


def _conclusion(ctx: Context, finding: Finding, word: str) -> Conclusion | str:
    """The conclusion a word names for this finding's item, or the Chinese reason it names none."""
    word = word.strip()
    if word in texts.JUDGE_INTERNAL_WORDS:
        return Conclusion(Verdict.OUT_OF_SCOPE, None, internal=True)
    if word in texts.JUDGE_OUT_OF_SCOPE_WORDS:
        return Conclusion(Verdict.OUT_OF_SCOPE, None)
    known = catalog(ctx)
    if own := _OWN_DUTY.match(word):
        duty_id = f"{finding.department}.{int(own.group(1))}"
    elif named := _DUTY_ID.match(word):
        code = named.group(1).lower()
        department = next((d for d in known if d.code.lower() == code), None)
        duty_id = f"{department.code if department else code}.{int(named.group(2))}"
    else:
        return texts.judge_unknown_conclusion(word)
    duty = known.duty(duty_id)
    if duty is None:
        return texts.judge_unknown_duty(word, department_name(ctx, duty_id.rsplit(".", 1)[0]))
    if duty.department == finding.department:
        return Conclusion(Verdict.IN_SCOPE if duty.active else Verdict.RETIRED, duty.id)
    if not duty.active:
        return texts.judge_inactive_other_duty(
            department_name(ctx, duty.department), duty.n, duty.status.label
        )
    return Conclusion(Verdict.OVERLAP, duty.id)


def _judge(ctx: Context, finding: Finding, conclusion: Conclusion, reason: str, status: FindingStatus) -> str:
    """Keep the judgement and decide the finding with it, in this one transaction; what to tell staff."""
    assert ctx.user is not None
    revision = ctx.uow.catalog.revision_id(finding.department)
    if revision is None:
        return texts.judge_department_gone(finding.department)
    judged = texts.judged_as(
        conclusion.verdict, duty_label(catalog(ctx), conclusion.duty), conclusion.internal
    )
    if problem := _decide(ctx, finding, status, texts.judgement_reason(judged, reason)):
        return problem
    ctx.uow.judgements.add(
        department=finding.department,
        item=finding.item,
        verdict=conclusion.verdict.value,
        duty=conclusion.duty,
        internal=conclusion.internal,
        revision_id=revision,
        finding_id=finding.id,
        judged_by=ctx.user.id,
        judged_at=ctx.now,
    )
    return texts.judgement_recorded(finding.id, judged, status)


def _agrees(finding: Finding, conclusion: Conclusion) -> bool:
    """Whether the judgement bears the finding out: the same verdict (the bureau's internal work is not the
    overreach an out_of_scope finding suspects)."""
    return finding.kind.verdict is conclusion.verdict and not conclusion.internal


def _judgement(ctx: Context, args: str) -> Transition:
    number, _, rest = args.strip().partition(" ")
    word, _, reason = rest.strip().partition(" ")
    if not number or not word:
        return done(texts.JUDGE_USAGE_HINT)
    finding = _finding(ctx, number)
    if isinstance(finding, str):
        return done(finding)
    if finding.kind.verdict is None:  # what a flow reports (not started, delayed), not a match to correct
        return done(texts.judge_not_a_match(finding.id))
    conclusion = _conclusion(ctx, finding, word)
    if isinstance(conclusion, str):
        return done(conclusion)
    status = FindingStatus.CONFIRMED if _agrees(finding, conclusion) else FindingStatus.DISMISSED
    return done(_judge(ctx, finding, conclusion, reason.strip(), status))


def _pending(ctx: Context) -> list[int]:
    """The findings waiting for their reason (drafts begun before several could be decided at once keep
    one number under "finding")."""
    return list(ctx.data.get("findings") or [ctx.data["finding"]])


def _decision(ctx: Context) -> FindingStatus:
    return FindingStatus(ctx.data["status"])


def _reason_prompt(ctx: Context) -> Reply:
    return Reply(texts.finding_reason_prompt(_pending(ctx), _decision(ctx)))


def _reason(ctx: Context, message: Inbound) -> Transition:
    reason = text_of(message)
    if not reason:
        return Stay(texts.finding_reason_prompt(_pending(ctx), _decision(ctx)))
    return _decide_all(ctx, _pending(ctx), _decision(ctx), reason)


def _list(ctx: Context, args: str) -> Transition:
    """The findings to handle (not yet decided, or in rectification), of every department this user sees
    or of the one named ("发现 城管局")."""
    department: Department | None = None
    if args.strip():
        found = named_department(ctx, args)
        if isinstance(found, str):
            return done(found)
        department = found
    to_handle = ctx.uow.findings.in_status(TO_HANDLE, department.code if department else None)
    findings = [f for f in to_handle if sees_department(ctx.user, f.department)]
    if not findings:
        return done(texts.findings_none(department.display_name if department else ""))
    lines = [texts.findings_heading(len(findings))]
    lines += [
        texts.department_prefixed(
            department_name(ctx, f.department),
            texts.finding_line(f.id, f.kind, f.item, f.detail)
            + ("" if f.is_open else monitoring_texts.in_state(f.status, f.deadline)),
        )
        for f in findings[:LIST_LIMIT]
    ]
    lines += [texts.FINDINGS_HINT, monitoring_texts.LIFECYCLE_HINT]
    return done("\n".join(lines))


FLOW = Flow(
    "finding_decision",
    texts.FINDING_TITLE,
    # Skippable: the full command (/确认发现 N 理由) or any other one is taken as given, not refused.
    {"reason": Step(_reason_prompt, _reason, skippable=True)},
)
COMMANDS = (
    Command(("发现", "findings"), OFFICE | {LEADER}, _list, texts.SUMMARY_FINDINGS),
    Command(
        ("确认发现", "confirm"),
        OFFICE,
        _decider(FindingStatus.CONFIRMED),
        texts.SUMMARY_CONFIRM,
        usage=texts.USAGE_CONFIRM,
        flow=FLOW,
    ),
    Command(
        ("驳回发现", "dismiss"),
        OFFICE,
        _decider(FindingStatus.DISMISSED),
        texts.SUMMARY_DISMISS,
        usage=texts.USAGE_DISMISS,
        flow=FLOW,
    ),
    Command(("认定", "judge"), OFFICE, _judgement, texts.SUMMARY_JUDGE, usage=texts.USAGE_JUDGE),
)
