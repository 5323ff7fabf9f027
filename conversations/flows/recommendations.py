"""动态管理 in chat: a department's recommendations for a year (``/建议 部门 [年度]``), grouped by the six
classes of duty, each with its evidence, its rationale and the 三定 changes it implies; staff adopt
(``/采纳建议 N 理由``), amend (``/修改建议 N``: the changes, the reason, a preview) or reject
(``/不采纳建议 N 理由``) each.

Listing stores what it shows (each recommendation once, as first made: fm_domain.recommendations.codec),
so its number stays and the decision is taken on what staff read. An adopted (or amended) change to duties
becomes each affected department's next catalog revision, whose source names the recommendation, who
adopted it and why; the departments' liaisons are told. The changes are checked against the catalog
before anything is written, so a recommendation is decided together with its revisions or not at all.

```mermaid
stateDiagram-v2
    [*] --> changes: /修改建议 N
    changes --> reason: the amended wording (保留: no change)
    reason --> preview
    preview --> changes: 重新修改
    preview --> [*]: 确认 (revisions, liaisons told)
```
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from conversations import monitoring_texts, texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows.common import catalog, department_name, named_department, text_of
from conversations.messages import Choice, Inbound, Reply
from conversations.monitoring_records import year_recommendations
from conversations.rights import OFFICE
from fm_domain.models import Department, DutyCategory, DutyStatus
from fm_domain.monitoring import Mark, Signal
from fm_domain.recommendations import (
    CatalogChange,
    ChangeError,
    DutyNote,
    NewDuty,
    RecommendationState,
    StatusChange,
    StoredRecommendation,
    apply_changes,
    changes_from_json,
    changes_to_json,
    class_summary,
    for_department,
)
from fm_domain.recommendations import texts as recommendation_texts

_YEAR = re.compile(r"^(\d{4})年?(?:度)?$")
_STATUS_WORDS = {
    "取消": DutyStatus.CANCELLED,
    "转移": DutyStatus.TRANSFERRED,
    "划出": DutyStatus.TRANSFERRED,
    "下放": DutyStatus.DELEGATED,
    "整合": DutyStatus.MERGED,
}
_CATEGORY_SUFFIX = re.compile(r"[（(](" + "|".join(c.value for c in DutyCategory) + r")[)）]\s*$")


# --- /建议 部门 [年度] -----------------------------------------------------------------------------------


def _list(ctx: Context, args: str) -> Transition:
    words = args.split()
    year = ctx.services.today().year - 1  # the last year that ended: 动态管理 judges a whole year
    if words and (match := _YEAR.match(words[-1])):
        year, words = int(match.group(1)), words[:-1]
    if not words:
        return done(monitoring_texts.RECOMMEND_ASK)
    department = named_department(ctx, " ".join(words))
    if isinstance(department, str):
        return done(department)
    computed = year_recommendations(ctx.uow, year, ctx.now, ctx.services.timezone, ctx.services.calendar)
    made = [
        ctx.uow.recommendations.keep(r, at=ctx.now) for r in for_department(computed.made, department.code)
    ]
    # What was decided earlier stays in the year's record, even when the evidence no longer makes it (the
    # duty an adopted 取消 cancelled is no longer a gap).
    listed = {r.id: r for r in ctx.uow.recommendations.of_year(year, department.code)} | {
        r.id: r for r in made
    }
    shown = sorted(listed.values(), key=lambda r: r.id)
    name = department.display_name
    if not shown:
        return done(monitoring_texts.recommend_heading(name, year, 0))
    records = computed.records
    rows = class_summary(
        records.catalog,
        department.code,
        [s for s in records.submissions if s.period.startswith(str(year))],
        computed.signals,
        [],
        findings=records.findings,
        judged=records.judged,
    )
    lines = [monitoring_texts.recommend_heading(name, year, len(shown))]
    for row in rows:
        group = [r for r in shown if r.recommendation.category is row.category]
        if not group:
            continue
        label = recommendation_texts.category_label(row.category)
        lines.append(monitoring_texts.class_heading(label, row.duties, row.performed, row.gaps))
        for stored in group:
            lines += _recommendation_lines(ctx, stored)
    lines.append(monitoring_texts.RECOMMEND_HINT)
    return done("\n".join(lines))


def _recommendation_lines(ctx: Context, stored: StoredRecommendation) -> list[str]:
    known = catalog(ctx)
    recommendation = stored.recommendation
    kind = recommendation_texts.KIND_LABELS[recommendation.kind]
    if recommendation.shift is not None:
        kind = f"{kind}（{recommendation_texts.SHIFT_LABELS[recommendation.shift]}）"
    state = recommendation_texts.STATE_LABELS[recommendation.state]
    lines = [monitoring_texts.recommendation_line(stored.id, kind, state, recommendation.rationale)]
    if recommendation.changes:
        lines.append(monitoring_texts.CHANGES_LINE)
        lines += [
            f"    - {recommendation_texts.change_text(known, change)}" for change in recommendation.changes
        ]
    if recommendation.signals or recommendation.evidence:
        lines.append(monitoring_texts.EVIDENCE_LINE)
        for signal in recommendation.signals:
            lines += _signal_lines(ctx, signal)
        lines += [f"    - {recommendation_texts.evidence_text(known, e)}" for e in recommendation.evidence]
    if recommendation.state is not RecommendationState.PROPOSED and recommendation.decided_at is not None:
        who = ctx.uow.users.get(recommendation.decided_by) if recommendation.decided_by is not None else None
        lines.append(
            monitoring_texts.decision_line(
                state,
                who.display_name if who else monitoring_texts.SYSTEM,
                ctx.services.local(recommendation.decided_at),
                recommendation.reason,
            )
        )
    return lines


def _signal_lines(ctx: Context, signal: Signal) -> list[str]:
    known = catalog(ctx)
    lines = [f"    {recommendation_texts.signal_line(known, signal)}"]
    named = [e for e in signal.evidence if e.mark is not Mark.EXAMINED]
    lines += [
        f"    - {recommendation_texts.evidence_text(known, e)}"
        for e in named[: monitoring_texts.EVIDENCE_LIMIT]
    ]
    if len(named) > monitoring_texts.EVIDENCE_LIMIT:
        lines.append(monitoring_texts.more_evidence(len(named) - monitoring_texts.EVIDENCE_LIMIT))
    examined = [e for e in signal.evidence if e.mark is Mark.EXAMINED]
    if examined:
        lines.append(f"    - {recommendation_texts.examined_text(examined)}")
    return lines


# --- deciding ----------------------------------------------------------------------------------------------


def _proposed(ctx: Context, number: str) -> StoredRecommendation | str:
    number = number.strip().lstrip("#")
    if not number.isdigit():
        return monitoring_texts.RECOMMEND_NEED_ID
    stored = ctx.uow.recommendations.get(int(number))
    if stored is None:
        return monitoring_texts.unknown_recommendation(number)
    if stored.state is not RecommendationState.PROPOSED:
        label = recommendation_texts.STATE_LABELS[stored.state]
        return monitoring_texts.recommendation_decided_already(stored.id, label)
    return stored


def _number_and_reason(ctx: Context, args: str) -> tuple[StoredRecommendation, str] | str:
    number, _, reason = args.strip().partition(" ")
    if not number:
        return monitoring_texts.RECOMMEND_NEED_ID
    stored = _proposed(ctx, number)
    if isinstance(stored, str):
        return stored
    if not reason.strip():
        return monitoring_texts.RECOMMEND_NEED_REASON
    return stored, reason.strip()


def _adopt(ctx: Context, args: str) -> Transition:
    parsed = _number_and_reason(ctx, args)
    if isinstance(parsed, str):
        return done(parsed)
    stored, reason = parsed
    return done(_decide(ctx, stored, RecommendationState.ADOPTED, stored.recommendation.changes, reason))


def _reject(ctx: Context, args: str) -> Transition:
    parsed = _number_and_reason(ctx, args)
    if isinstance(parsed, str):
        return done(parsed)
    stored, reason = parsed
    return done(_decide(ctx, stored, RecommendationState.REJECTED, (), reason))


def _decide(
    ctx: Context,
    stored: StoredRecommendation,
    state: RecommendationState,
    changes: Sequence[CatalogChange],
    reason: str,
) -> str:
    """Decide the recommendation; an adopted one's changes become the departments' next revisions and
    their liaisons are told. What to tell staff."""
    assert ctx.user is not None
    adopting = state is not RecommendationState.REJECTED
    revised = _revised_departments(ctx, changes) if adopting else {}
    if isinstance(revised, str):
        return revised  # checked before anything is written
    if not ctx.uow.recommendations.decide(
        stored.id, state=state, changes=changes, by=ctx.user.id, at=ctx.now, reason=reason
    ):  # another member of staff decided it between our read and this write
        now = ctx.uow.recommendations.get(stored.id)
        label = recommendation_texts.STATE_LABELS[now.state if now else state]
        return monitoring_texts.recommendation_decided_already(stored.id, label)
    if not adopting:
        return monitoring_texts.rejected(stored.id)
    source = monitoring_texts.revision_source(stored.id, ctx.user.display_name, reason)
    revisions, lines = [], []
    for code, department in revised.items():
        number = ctx.uow.catalog.save_revision(department, source, ctx.now)
        revision_id = ctx.uow.catalog.revision_id(code)
        if revision_id is not None:
            revisions.append(revision_id)
        lines.append(monitoring_texts.new_revision(department.display_name, number))
    ctx.uow.recommendations.set_revisions(stored.id, revisions)
    known = catalog(ctx)
    recommendation = stored.recommendation
    for code in dict.fromkeys((*revised, *recommendation.departments)):
        own = [recommendation_texts.change_text(known, c) for c in changes if c.department == code]
        ctx.notify_liaisons(
            code,
            Reply(
                monitoring_texts.adopted_to_liaison(
                    department_name(ctx, code), own, recommendation.rationale, reason
                )
            ),
        )
    if state is RecommendationState.AMENDED:
        return monitoring_texts.amended(stored.id, lines)
    return monitoring_texts.adopted(stored.id, lines)


def _revised_departments(ctx: Context, changes: Sequence[CatalogChange]) -> dict[str, Department] | str:
    """Each department the changes touch, changed (read now, not from the turn's cached catalog); or why
    the changes do not fit the catalog."""
    revised: dict[str, Department] = {}
    for code in dict.fromkeys(change.department for change in changes):
        current = ctx.uow.catalog.department(code)
        if current is None:
            return monitoring_texts.catalog_change_refused(texts.unknown_department(code, ""))
        try:
            revised[code] = apply_changes(current, changes)
        except ChangeError as error:
            return monitoring_texts.catalog_change_refused(str(error))
    return revised


# --- /修改建议 N: amend, then adopt ------------------------------------------------------------------------


def _amend(ctx: Context, args: str) -> Transition:
    stored = _proposed(ctx, args)
    if isinstance(stored, str):
        return done(stored)
    if not stored.recommendation.changes:
        return done(monitoring_texts.AMEND_ADVICE_ONLY)
    ctx.data = {
        "recommendation": stored.id,
        "changes": changes_to_json(stored.recommendation.changes),
        "reason": "",
    }
    return Goto("changes")


def _current(ctx: Context) -> StoredRecommendation:
    stored = ctx.uow.recommendations.get(ctx.data["recommendation"])
    assert stored is not None
    return stored


def _changes_prompt(ctx: Context) -> Reply:
    known = catalog(ctx)
    proposed = _current(ctx).recommendation.changes
    return Reply(
        monitoring_texts.amend_prompt([recommendation_texts.change_text(known, c) for c in proposed])
    )


def _changes(ctx: Context, message: Inbound) -> Transition:
    text = text_of(message)
    if not text:
        return Stay(monitoring_texts.AMEND_EMPTY)
    proposed = _current(ctx).recommendation.changes
    amended = _amended(proposed, text)
    if isinstance(amended, str):
        return Stay(amended)
    ctx.data["changes"] = changes_to_json(amended)
    return Goto("reason")


def _amended(proposed: Sequence[CatalogChange], text: str) -> tuple[CatalogChange, ...] | str:
    """The proposed changes with staff's wording: one line for one change, "序号 内容" for several."""
    wording: dict[int, str] = {}
    if len(proposed) == 1:
        wording[0] = text.strip()
    else:
        for line in filter(None, (line.strip() for line in text.splitlines())):
            number, _, content = line.partition(" ")
            if not number.isdigit() or not 1 <= int(number) <= len(proposed) or not content.strip():
                return monitoring_texts.amend_unreadable(line)
            wording[int(number) - 1] = content.strip()
    result: list[CatalogChange] = []
    for index, change in enumerate(proposed):
        word = wording.get(index)
        if word is None:
            result.append(change)
        elif word in monitoring_texts.KEEP_WORDS:
            continue  # staff keep the duty as it is: no change
        elif isinstance(change, StatusChange):
            if word not in _STATUS_WORDS:
                return monitoring_texts.amend_unreadable(word)
            result.append(StatusChange(change.department, change.n, _STATUS_WORDS[word]))
        elif isinstance(change, NewDuty):
            category = change.category
            if match := _CATEGORY_SUFFIX.search(word):
                category, word = DutyCategory(match.group(1)), word[: match.start()].strip()
            result.append(NewDuty(change.department, word, category))
        elif isinstance(change, DutyNote):
            result.append(DutyNote(change.department, change.n, word))
    return tuple(result)


def _reason(ctx: Context, message: Inbound) -> Transition:
    reason = text_of(message)
    if not reason:
        return Stay(monitoring_texts.AMEND_REASON_PROMPT)
    ctx.data["reason"] = reason
    return Goto("preview")


def _preview_prompt(ctx: Context) -> Reply:
    known = catalog(ctx)
    changes = [recommendation_texts.change_text(known, c) for c in changes_from_json(ctx.data["changes"])]
    return Reply(
        monitoring_texts.amend_preview(ctx.data["recommendation"], changes, ctx.data["reason"]),
        (
            Choice(monitoring_texts.LABEL_ADOPT_AMENDED, "confirm"),
            Choice(monitoring_texts.LABEL_EDIT_CHANGES, "changes"),
            Choice(texts.LABEL_CANCEL, texts.CANCEL_COMMAND),
        ),
    )


def _preview(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "changes":
        return Goto("changes")
    if message.choice != "confirm":
        return Stay(texts.UNKNOWN_CHOICE)
    stored = _proposed(ctx, str(ctx.data["recommendation"]))
    if isinstance(stored, str):
        return done(stored)
    changes = changes_from_json(ctx.data["changes"])
    return done(_decide(ctx, stored, RecommendationState.AMENDED, changes, ctx.data["reason"]))


AMEND_FLOW = Flow(
    "recommendation_amend",
    monitoring_texts.AMEND_TITLE,
    {
        "changes": Step(_changes_prompt, _changes),
        "reason": Step(lambda ctx: Reply(monitoring_texts.AMEND_REASON_PROMPT), _reason),
        "preview": Step(_preview_prompt, _preview),
    },
)

COMMANDS = (
    Command(
        ("建议", "recommend"),
        OFFICE,
        _list,
        monitoring_texts.SUMMARY_RECOMMEND,
        usage=monitoring_texts.USAGE_RECOMMEND,
    ),
    Command(
        ("采纳建议", "adopt"),
        OFFICE,
        _adopt,
        monitoring_texts.SUMMARY_ADOPT,
        usage=monitoring_texts.USAGE_ADOPT,
    ),
    Command(
        ("修改建议", "amend"),
        OFFICE,
        _amend,
        monitoring_texts.SUMMARY_AMEND,
        usage=monitoring_texts.USAGE_AMEND,
        flow=AMEND_FLOW,
    ),
    Command(
        ("不采纳建议", "reject"),
        OFFICE,
        _reject,
        monitoring_texts.SUMMARY_REJECT,
        usage=monitoring_texts.USAGE_REJECT,
    ),
)
