"""走访座谈 and 现场查看: staff record a visit to a department (``/走访 部门``): the findings it concerns,
the kind, the day, the place, who took part, what was found, photos or documents, and what becomes of
the findings (confirmed, dismissed, closed, or left to decide later). ``/走访记录 部门`` lists them.

```mermaid
stateDiagram-v2
    [*] --> findings: the department has findings to handle
    [*] --> kind: it has none
    findings --> kind
    kind --> date --> place --> people --> notes --> files
    files --> files: another file
    files --> outcome: findings concerned
    files --> preview: none
    outcome --> conclusion: confirm / dismiss / close
    outcome --> preview: 暂不处理
    conclusion --> preview
    preview --> [*]: 确认记录 (visit kept; findings under visit, then decided; liaisons told)
```
"""

from __future__ import annotations

from datetime import date

from conversations import monitoring_texts, texts
from conversations.flow import Command, Context, Finish, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import inquiry
from conversations.flows.common import (
    department_name,
    file_from_draft,
    keep_file,
    named_department,
    numbers_in,
    text_of,
)
from conversations.messages import Attachment, Choice, Inbound, Reply
from conversations.rights import LEADER, OFFICE
from conversations.visit_records import MAX_FILES, VISIT_CONCERNS, VisitOutcome, record_visit
from fm_domain.records import VisitKind


def _start(ctx: Context, args: str) -> Transition:
    if not args.strip():
        return done(monitoring_texts.VISIT_ASK)
    department = named_department(ctx, args)
    if isinstance(department, str):
        return done(department)
    ctx.data = {
        "department": department.code,
        "findings": [],
        "kind": "",
        "date": "",
        "place": "",
        "people": "",
        "notes": "",
        "files": [],
        "outcome": VisitOutcome.NONE.value,
        "conclusion": "",
    }
    if ctx.uow.findings.in_status(VISIT_CONCERNS, department.code):
        return Goto("findings")
    return Goto("kind")


def _findings_prompt(ctx: Context) -> Reply:
    findings = ctx.uow.findings.in_status(VISIT_CONCERNS, ctx.data["department"])
    lines = [
        texts.finding_line(f.id, f.kind, f.item, f.detail)
        + ("" if f.is_open else monitoring_texts.in_state(f.status, f.deadline))
        for f in findings
    ]
    # No buttons: a reply of figures is the findings' numbers, which a numbered button would take.
    return Reply(monitoring_texts.visit_findings_prompt(department_name(ctx, ctx.data["department"]), lines))


def _findings(ctx: Context, message: Inbound) -> Transition:
    if text_of(message) == monitoring_texts.VISIT_NONE:
        ctx.data["findings"] = []
        return Goto("kind")
    numbers = numbers_in(text_of(message).replace("#", ""))
    if numbers is None:
        return Stay(monitoring_texts.visit_findings_prompt(department_name(ctx, ctx.data["department"]), []))
    known = {f.id for f in ctx.uow.findings.in_status(VISIT_CONCERNS, ctx.data["department"])}
    unknown = [n for n in numbers if n not in known]
    if unknown:
        return Stay(monitoring_texts.visit_findings_unknown(unknown))
    ctx.data["findings"] = list(dict.fromkeys(numbers))
    return Goto("kind")


def _kind_prompt(ctx: Context) -> Reply:
    return Reply(
        monitoring_texts.VISIT_KIND_PROMPT,
        tuple(Choice(label, kind.value) for kind, label in monitoring_texts.VISIT_KINDS.items()),
    )


def _kind(ctx: Context, message: Inbound) -> Transition:
    by_label = {label: kind.value for kind, label in monitoring_texts.VISIT_KINDS.items()}
    kind = message.choice or by_label.get(text_of(message))
    if kind not in VisitKind._value2member_map_:
        return Stay(texts.UNKNOWN_CHOICE)
    ctx.data["kind"] = kind
    return Goto("date")


def _date(ctx: Context, message: Inbound) -> Transition:
    text = text_of(message)
    today = ctx.services.today()
    day = inquiry.past_or_present_date(ctx, text)
    if day is None:
        return Stay(monitoring_texts.VISIT_DATE_FORMAT)
    if day > today:
        return Stay(monitoring_texts.VISIT_DATE_FUTURE)
    ctx.data["date"] = day.isoformat()
    return Goto("place")


def _text_step(key: str, following: str) -> Step:
    prompts = {
        "place": monitoring_texts.VISIT_PLACE_PROMPT,
        "people": monitoring_texts.VISIT_PEOPLE_PROMPT,
        "notes": monitoring_texts.VISIT_NOTES_PROMPT,
    }

    def handle(ctx: Context, message: Inbound) -> Transition:
        text = text_of(message)
        if not text:
            return Stay(texts.TEXT_EXPECTED)
        ctx.data[key] = text
        if key == "notes" and message.attachment is not None:
            return _keep_file(ctx, message.attachment) or Goto(following)
        return Goto(following)

    return Step(lambda ctx: Reply(prompts[key]), handle)


def _keep_file(ctx: Context, attachment: Attachment) -> Transition | None:
    """Keep the message's file in the draft; a refusal when it cannot be kept."""
    too_many = monitoring_texts.VISIT_TOO_MANY_FILES.format(limit=MAX_FILES)
    refused = keep_file(ctx, attachment, limit=MAX_FILES, too_many=too_many)
    return Stay(refused) if refused else None


def _files_prompt(ctx: Context) -> Reply:
    return Reply(monitoring_texts.VISIT_FILES_PROMPT, (Choice(monitoring_texts.LABEL_DONE, "done"),))


def _files(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "done" or text_of(message) in (monitoring_texts.LABEL_DONE, texts.LABEL_SKIP):
        return Goto("outcome") if ctx.data["findings"] else Goto("preview")
    if message.attachment is None:
        return Stay(monitoring_texts.VISIT_FILES_PROMPT)
    if refused := _keep_file(ctx, message.attachment):
        return refused
    return Stay(monitoring_texts.VISIT_FILES_MORE)


def _outcome_prompt(ctx: Context) -> Reply:
    return Reply(
        monitoring_texts.visit_outcome_prompt(ctx.data["findings"]),
        tuple(Choice(label, key) for key, label in monitoring_texts.OUTCOME_LABELS.items()),
    )


def _outcome(ctx: Context, message: Inbound) -> Transition:
    by_label = {label: key for key, label in monitoring_texts.OUTCOME_LABELS.items()}
    outcome = message.choice or by_label.get(text_of(message))
    if outcome not in monitoring_texts.OUTCOME_LABELS:
        return Stay(texts.UNKNOWN_CHOICE)
    ctx.data["outcome"] = outcome
    if outcome == VisitOutcome.NONE:
        ctx.data["conclusion"] = ""
        return Goto("preview")
    return Goto("conclusion")


def _conclusion(ctx: Context, message: Inbound) -> Transition:
    text = text_of(message)
    if not text:
        return Stay(monitoring_texts.VISIT_CONCLUSION_PROMPT)
    ctx.data["conclusion"] = text
    return Goto("preview")


def _preview_prompt(ctx: Context) -> Reply:
    data = ctx.data
    return Reply(
        monitoring_texts.visit_preview(
            department_name(ctx, data["department"]),
            VisitKind(data["kind"]),
            date.fromisoformat(data["date"]),
            data["place"],
            data["people"],
            data["notes"],
            data["findings"],
            [file["name"] for file in data["files"]],
            data["outcome"],
            data["conclusion"],
        ),
        (Choice(monitoring_texts.LABEL_RECORD, "confirm"), Choice(texts.LABEL_CANCEL, texts.CANCEL_COMMAND)),
    )


def _preview(ctx: Context, message: Inbound) -> Transition:
    if message.choice != "confirm":
        return Stay(texts.UNKNOWN_CHOICE)
    assert ctx.user is not None
    data = ctx.data
    findings = [f for n in data["findings"] if (f := ctx.uow.findings.get(n)) is not None]
    files = [attached for file in data["files"] if (attached := file_from_draft(file)) is not None]
    recorded = record_visit(
        ctx.uow,
        department=data["department"],
        department_name=department_name(ctx, data["department"]),
        kind=VisitKind(data["kind"]),
        visited_on=date.fromisoformat(data["date"]),
        place=data["place"],
        people=data["people"],
        notes=data["notes"],
        findings=findings,
        files=files,
        outcome=VisitOutcome(data["outcome"]),
        conclusion=data["conclusion"],
        by=ctx.user.id,
        at=ctx.now,
    )
    for department, notice in recorded.notices:
        ctx.notify_liaisons(department, notice)
    return Finish((Reply("\n".join(recorded.lines)),))


FLOW = Flow(
    "visit",
    monitoring_texts.VISIT_TITLE,
    {
        "findings": Step(_findings_prompt, _findings),
        "kind": Step(_kind_prompt, _kind),
        "date": Step(lambda ctx: Reply(monitoring_texts.VISIT_DATE_PROMPT), _date),
        "place": _text_step("place", "people"),
        "people": _text_step("people", "notes"),
        "notes": _text_step("notes", "files"),
        "files": Step(_files_prompt, _files),
        "outcome": Step(_outcome_prompt, _outcome),
        "conclusion": Step(lambda ctx: Reply(monitoring_texts.VISIT_CONCLUSION_PROMPT), _conclusion),
        "preview": Step(_preview_prompt, _preview),
    },
)


def _list(ctx: Context, args: str) -> Transition:
    if not args.strip():
        return done(monitoring_texts.VISIT_ASK)
    department = named_department(ctx, args)
    if isinstance(department, str):
        return done(department)
    visits = ctx.uow.visits.of_department(department.code)
    lines = [monitoring_texts.visits_heading(department.display_name, len(visits))]
    for visit in visits:
        lines.append(
            monitoring_texts.visit_line(visit.id, visit.kind, visit.visited_on, visit.place, visit.notes)
        )
        lines.append(monitoring_texts.visit_detail(visit.people, visit.finding_ids, visit.file_names))
    return done("\n".join(lines))


COMMANDS = (
    Command(
        ("走访", "visit"),
        OFFICE,
        _start,
        monitoring_texts.SUMMARY_VISIT,
        usage=monitoring_texts.USAGE_VISIT,
        flow=FLOW,
    ),
    Command(
        ("走访记录", "visits"),
        OFFICE | {LEADER},
        _list,
        monitoring_texts.SUMMARY_VISITS,
        usage=monitoring_texts.USAGE_VISITS,
    ),
)
