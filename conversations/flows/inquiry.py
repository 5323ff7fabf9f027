"""书面函询: staff ask a department in writing; its liaisons reply; staff accept or follow up. Every
message of the exchange is kept as the inquiry's thread.

```mermaid
sequenceDiagram
    staff->>fmbot: /函询 DEPT → question → deadline → 发出
    fmbot->>liaisons: question, deadline, /函询回复 N
    liaison->>fmbot: /函询回复 N → text and/or file → 提交回复
    fmbot->>staff: reply (+file), /采纳 N or /追问 N
    staff->>fmbot: /追问 N → question (back to the liaisons) | /采纳 N (closed)
```

An inquiry about findings (``/函询发现 N``, flows/finding_lifecycle.py) runs the same steps from the
question on; once sent, its findings are under inquiry, linked to it, and accepting the reply reminds staff
of those still to decide.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from conversations import monitoring_texts, texts
from conversations.flow import Command, Context, Finish, Flow, Goto, Stay, Step, Transition, done
from conversations.flows.common import (
    catalog,
    department_name,
    departments_list,
    file_from_draft,
    file_to_draft,
    find_department,
    oversized,
    text_of,
)
from conversations.messages import Choice, Inbound, Reply
from conversations.nudge_texts import inquiry_reply_command
from conversations.rights import LEADER, LIAISON, LIAISONS, OFFICE, is_office, sees_department
from fm_domain.records import FindingStatus, Inquiry, InquiryMessageKind, InquiryStatus

_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_WORKING_DAYS = re.compile(r"^(\d{1,3})\s*个?\s*工作日$")
_DAYS = re.compile(r"^(\d{1,3})\s*[天日]$")
CLOSED_LISTED = 20  # the office's /函询记录 lists this many closed inquiries after the open ones


def _written_day(text: str, today: date, *, ahead: bool) -> date | None:
    """2026-06-30, 2026年6月30日, or 6月30日: this year's, or when that is on the wrong side of ``today``
    the next year's (``ahead``) or the last year's."""
    try:
        if match := _FULL_DATE.match(text):
            return date(*(int(part) for part in match.groups()))
        if match := _MONTH_DAY.match(text):
            day = date(today.year, int(match.group(1)), int(match.group(2)))
            if ahead:
                return day if day > today else date(today.year + 1, day.month, day.day)
            return day if day <= today else date(today.year - 1, day.month, day.day)
    except ValueError:
        return None
    return None


def deadline_from(ctx: Context, text: str) -> date | None:
    """2026-06-30, 2026年6月30日, 6月30日 (this year, or next if already past), N个工作日, N天."""
    today = ctx.services.today()
    text = text.strip()
    if (day := _written_day(text, today, ahead=True)) is not None:
        return day
    if match := _WORKING_DAYS.match(text):
        return ctx.services.calendar.add_working_days(today, int(match.group(1)))
    if match := _DAYS.match(text):
        return today + timedelta(days=int(match.group(1)))
    return None


def past_or_present_date(ctx: Context, text: str) -> date | None:
    """A day already come (a visit's, a report's): 今天, 2026-06-30, 2026年6月30日, or 6月30日 of this year
    (of last year when that is still to come)."""
    today = ctx.services.today()
    text = text.strip()
    if text in monitoring_texts.TODAY_WORDS:
        return today
    return _written_day(text, today, ahead=False)


def _inquiry_arg(ctx: Context, args: str) -> Inquiry | str:
    """The inquiry an argument names, or why it cannot be used by this user."""
    number = args.strip().lstrip("#第").rstrip("号").strip()
    if not number.isdigit():
        return texts.INQUIRY_NEED_ID
    inquiry = ctx.uow.inquiries.get(int(number))
    if inquiry is None:
        return texts.no_such_inquiry(number)
    if not sees_department(ctx.user, inquiry.department):
        return texts.inquiry_not_yours(inquiry.id)
    return inquiry


# --- /函询 DEPT: staff ask ---------------------------------------------------------------------------


def _ask(ctx: Context, args: str) -> Transition:
    ctx.data = {"department": "", "question": "", "deadline": ""}
    if not args:
        return Goto("department")
    known = catalog(ctx)
    department = find_department(known, args)
    if department is None:
        return done(texts.unknown_department(args, departments_list(known)))
    ctx.data["department"] = department.code
    return Goto("question")


def _department_prompt(ctx: Context) -> Reply:
    return Reply(
        texts.INQUIRY_DEPARTMENT_PROMPT,
        tuple(Choice(d.display_name, f"department:{d.code}") for d in catalog(ctx)),
    )


def _department(ctx: Context, message: Inbound) -> Transition:
    wanted = (message.choice or "").removeprefix("department:") or text_of(message)
    department = find_department(catalog(ctx), wanted)
    if department is None:
        return Stay(texts.unknown_department(wanted, departments_list(catalog(ctx))))
    ctx.data["department"] = department.code
    return Goto("question")


def _question(ctx: Context, message: Inbound) -> Transition:
    question = text_of(message)
    if not question:
        return Stay(texts.TEXT_EXPECTED)
    ctx.data["question"] = question
    return Goto("preview") if ctx.data["deadline"] else Goto("deadline")


def _deadline_prompt(ctx: Context) -> Reply:
    return Reply(
        texts.INQUIRY_DEADLINE_PROMPT,
        tuple(Choice(texts.working_days_choice(n), texts.working_days_choice(n)) for n in (5, 10)),
    )


def _deadline(ctx: Context, message: Inbound) -> Transition:
    deadline = deadline_from(ctx, message.choice or text_of(message))
    if deadline is None:
        return Stay(texts.INQUIRY_DEADLINE_FORMAT)
    if deadline <= ctx.services.today():
        return Stay(texts.INQUIRY_DEADLINE_PAST)
    ctx.data["deadline"] = deadline.isoformat()
    return Goto("preview")


def _ask_preview_prompt(ctx: Context) -> Reply:
    return Reply(
        texts.inquiry_preview(
            department_name(ctx, ctx.data["department"]),
            ctx.data["question"],
            date.fromisoformat(ctx.data["deadline"]),
        ),
        (
            Choice(texts.LABEL_SEND, "confirm"),
            Choice(texts.LABEL_EDIT_QUESTION, "question"),
            Choice(texts.LABEL_EDIT_DEADLINE, "deadline"),
            Choice(texts.LABEL_CANCEL, texts.CANCEL_COMMAND),
        ),
    )


def _ask_preview(ctx: Context, message: Inbound) -> Transition:
    if message.choice in ("question", "deadline"):
        return Goto(message.choice)
    if message.choice != "confirm":
        return Stay(texts.UNKNOWN_CHOICE)
    assert ctx.user is not None
    department, deadline = ctx.data["department"], date.fromisoformat(ctx.data["deadline"])
    inquiry = ctx.uow.inquiries.create(
        department=department, deadline=deadline, asked_by=ctx.user.id, asked_at=ctx.now
    )
    ctx.uow.inquiries.add_message(
        inquiry_id=inquiry.id,
        author=ctx.user.id,
        kind=InquiryMessageKind.QUESTION,
        text=ctx.data["question"],
        attachment_name="",
        attachment_mime="",
        attachment_content=None,
        created_at=ctx.now,
    )
    liaisons = ctx.uow.users.liaisons_of(department)
    for liaison in liaisons:
        ctx.notify(
            liaison.id,
            Reply(
                texts.inquiry_to_liaison(inquiry.id, ctx.data["question"], deadline),
                (Choice(texts.LABEL_REPLY, inquiry_reply_command(inquiry.id)),),
            ),
        )
    sent = texts.inquiry_sent(inquiry.id, department_name(ctx, department), len(liaisons))
    about = _put_under_inquiry(ctx, inquiry.id, ctx.data.get("findings") or [])
    return Finish((Reply("\n".join(part for part in (sent, about) if part)),))


def _put_under_inquiry(ctx: Context, inquiry_id: int, finding_ids: list[int]) -> str:
    """The findings the inquiry was asked about (/函询发现) go under inquiry, linked to it; what to tell
    staff. One decided meanwhile keeps its decision."""
    assert ctx.user is not None
    moved = [
        finding_id
        for finding_id in finding_ids
        if ctx.uow.findings.move(
            finding_id,
            FindingStatus.UNDER_INQUIRY,
            by=ctx.user.id,
            at=ctx.now,
            reason=ctx.data["question"],
            inquiry_id=inquiry_id,
        )
        is not None
    ]
    return monitoring_texts.inquiry_findings_noted(inquiry_id, moved) if moved else ""


ASK_FLOW = Flow(
    "inquiry",
    texts.INQUIRY_TITLE,
    {
        "department": Step(_department_prompt, _department),
        "question": Step(lambda ctx: Reply(texts.INQUIRY_QUESTION_PROMPT), _question),
        "deadline": Step(_deadline_prompt, _deadline),
        "preview": Step(_ask_preview_prompt, _ask_preview),
    },
)

# --- /函询回复 N: a liaison replies ---------------------------------------------------------------------


def _answer(ctx: Context, args: str) -> Transition:
    if not args.strip():
        waiting = (
            [
                i
                for i in ctx.uow.inquiries.of_department(ctx.user.department or "")
                if i.status is InquiryStatus.OPEN
            ]
            if ctx.user
            else []
        )
        if not waiting:
            return done(texts.INQUIRY_NONE_OPEN)
        if len(waiting) > 1:
            return done(texts.INQUIRY_NEED_ID)
        args = str(waiting[0].id)
    inquiry = _inquiry_arg(ctx, args)
    if isinstance(inquiry, str):
        return done(inquiry)
    if inquiry.status is not InquiryStatus.OPEN:
        return done(texts.inquiry_wrong_status(inquiry.id, inquiry.status))
    ctx.data = {"inquiry": inquiry.id, "text": "", "file": None}
    return Goto("answer")


def _answer_prompt(ctx: Context) -> Reply:
    inquiry = ctx.uow.inquiries.get(ctx.data["inquiry"])
    assert inquiry is not None
    asked = [m for m in ctx.uow.inquiries.messages(inquiry.id) if m.kind.asks]
    return Reply(texts.inquiry_answer_prompt(inquiry.id, asked[-1].text if asked else "", inquiry.deadline))


def _answer_text(ctx: Context, message: Inbound) -> Transition:
    if not text_of(message) and message.attachment is None:
        return Stay(texts.INQUIRY_ANSWER_EMPTY)
    if message.attachment is not None:
        if problem := oversized(ctx, message.attachment):
            return Stay(problem)
        ctx.data["file"] = file_to_draft(message.attachment)
    ctx.data["text"] = text_of(message)
    return Goto("preview")


def _answer_preview_prompt(ctx: Context) -> Reply:
    attached = file_from_draft(ctx.data["file"])
    return Reply(
        texts.inquiry_answer_preview(
            ctx.data["inquiry"], ctx.data["text"], attached.name if attached else ""
        ),
        (
            Choice(texts.LABEL_SUBMIT_ANSWER, "confirm"),
            Choice(texts.LABEL_EDIT_ANSWER, "answer"),
            Choice(texts.LABEL_CANCEL, texts.CANCEL_COMMAND),
        ),
    )


def _answer_preview(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "answer":
        ctx.data["file"] = None
        return Goto("answer")
    if message.choice != "confirm":
        return Stay(texts.UNKNOWN_CHOICE)
    assert ctx.user is not None
    inquiry = ctx.uow.inquiries.get(ctx.data["inquiry"])
    if inquiry is None or inquiry.status is not InquiryStatus.OPEN:
        return done(texts.inquiry_wrong_status(ctx.data["inquiry"], inquiry.status if inquiry else "?"))
    if not ctx.uow.inquiries.set_status(inquiry.id, InquiryStatus.ANSWERED, expected=InquiryStatus.OPEN):
        return done(_moved_on(ctx, inquiry.id))
    attached = file_from_draft(ctx.data["file"])
    ctx.uow.inquiries.add_message(
        inquiry_id=inquiry.id,
        author=ctx.user.id,
        kind=InquiryMessageKind.REPLY,
        text=ctx.data["text"],
        attachment_name=attached.name if attached else "",
        attachment_mime=attached.mime_type if attached else "",
        attachment_content=attached.content if attached else None,
        created_at=ctx.now,
    )
    notice = Reply(
        texts.inquiry_answer_to_staff(
            inquiry.id,
            department_name(ctx, inquiry.department),
            ctx.data["text"],
            attached.name if attached else "",
        ),
        (
            Choice(texts.LABEL_ACCEPT, f"/采纳 {inquiry.id}"),
            Choice(texts.LABEL_FOLLOW_UP, f"/追问 {inquiry.id}"),
        ),
        file=attached,
    )
    asker = ctx.uow.users.get(inquiry.asked_by) if inquiry.asked_by is not None else None
    if asker is not None and is_office(asker):
        ctx.notify(asker.id, notice)
    else:
        ctx.notify_staff(notice)
    return Finish((Reply(texts.inquiry_answered(inquiry.id)),))


ANSWER_FLOW = Flow(
    "inquiry_reply",
    texts.INQUIRY_REPLY_TITLE,
    {
        "answer": Step(_answer_prompt, _answer_text),
        "preview": Step(_answer_preview_prompt, _answer_preview),
    },
)

# --- /采纳 N and /追问 N: staff close or continue the exchange -------------------------------------------


def _answered_inquiry(ctx: Context, args: str) -> Inquiry | str:
    inquiry = _inquiry_arg(ctx, args)
    if isinstance(inquiry, str):
        return inquiry
    if inquiry.status is not InquiryStatus.ANSWERED:
        return texts.inquiry_wrong_status(inquiry.id, inquiry.status)
    return inquiry


def _accept(ctx: Context, args: str) -> Transition:
    assert ctx.user is not None
    inquiry = _answered_inquiry(ctx, args)
    if isinstance(inquiry, str):
        return done(inquiry)
    if not ctx.uow.inquiries.set_status(inquiry.id, InquiryStatus.ACCEPTED, expected=InquiryStatus.ANSWERED):
        return done(_moved_on(ctx, inquiry.id))
    ctx.uow.inquiries.add_message(
        inquiry_id=inquiry.id,
        author=ctx.user.id,
        kind=InquiryMessageKind.ACCEPTED,
        text="",
        attachment_name="",
        attachment_mime="",
        attachment_content=None,
        created_at=ctx.now,
    )
    ctx.notify_liaisons(inquiry.department, Reply(texts.inquiry_accepted_to_liaison(inquiry.id)))
    pending = [f.id for f in ctx.uow.findings.of_inquiry(inquiry.id) if f.undecided]
    if pending:  # the reply is accepted; whether the findings hold is still for staff to say
        return done(texts.inquiry_accepted(inquiry.id), monitoring_texts.inquiry_findings_pending(pending))
    return done(texts.inquiry_accepted(inquiry.id))


def _follow_up(ctx: Context, args: str) -> Transition:
    inquiry = _answered_inquiry(ctx, args)
    if isinstance(inquiry, str):
        return done(inquiry)
    ctx.data = {"inquiry": inquiry.id}
    return Goto("question")


def _follow_up_question(ctx: Context, message: Inbound) -> Transition:
    question = text_of(message)
    if not question:
        return Stay(texts.TEXT_EXPECTED)
    assert ctx.user is not None
    inquiry = ctx.uow.inquiries.get(ctx.data["inquiry"])
    if inquiry is None or inquiry.status is not InquiryStatus.ANSWERED:
        return done(texts.inquiry_wrong_status(ctx.data["inquiry"], inquiry.status if inquiry else "?"))
    if not ctx.uow.inquiries.set_status(inquiry.id, InquiryStatus.OPEN, expected=InquiryStatus.ANSWERED):
        return done(_moved_on(ctx, inquiry.id))
    ctx.uow.inquiries.add_message(
        inquiry_id=inquiry.id,
        author=ctx.user.id,
        kind=InquiryMessageKind.FOLLOW_UP,
        text=question,
        attachment_name="",
        attachment_mime="",
        attachment_content=None,
        created_at=ctx.now,
    )
    ctx.notify_liaisons(
        inquiry.department,
        Reply(
            texts.inquiry_follow_up_to_liaison(inquiry.id, question, inquiry.deadline),
            (Choice(texts.LABEL_REPLY, inquiry_reply_command(inquiry.id)),),
        ),
    )
    return done(texts.inquiry_followed_up(inquiry.id))


FOLLOW_UP_FLOW = Flow(
    "inquiry_follow_up",
    texts.INQUIRY_FOLLOW_UP_TITLE,
    {"question": Step(lambda ctx: Reply(texts.INQUIRY_FOLLOW_UP_PROMPT), _follow_up_question)},
)

# --- /函询记录 [N]: the thread, or the list ----------------------------------------------------------------


def _thread(ctx: Context, args: str) -> Transition:
    if not args.strip():
        return _list(ctx)
    inquiry = _inquiry_arg(ctx, args)
    if isinstance(inquiry, str):
        return done(inquiry)
    lines = [
        texts.inquiry_thread_heading(
            inquiry.id, department_name(ctx, inquiry.department), inquiry.status, inquiry.deadline
        )
    ]
    for message in ctx.uow.inquiries.messages(inquiry.id):
        author = ctx.uow.users.get(message.author) if message.author is not None else None
        lines.append(
            texts.inquiry_thread_line(
                message.kind,
                ctx.services.local(message.created_at),
                author.display_name if author else "?",
                message.text,
                message.attachment_name,
            )
        )
    return done("\n".join(lines))


def _list(ctx: Context) -> Transition:
    """A department's inquiries, or for the office every one not closed and then the latest closed."""
    closed: list[Inquiry] = []
    if is_office(ctx.user) or ctx.user is None or not ctx.user.department:
        inquiries = list(ctx.uow.inquiries.open())
        closed = list(ctx.uow.inquiries.closed(CLOSED_LISTED + 1))  # one more: to tell when some are left
    else:
        inquiries = list(ctx.uow.inquiries.of_department(ctx.user.department))
    inquiries = [i for i in inquiries if sees_department(ctx.user, i.department)]
    closed = [i for i in closed if sees_department(ctx.user, i.department)]
    if not inquiries and not closed:
        return done(texts.INQUIRY_LIST_EMPTY)
    lines = [_list_line(ctx, i) for i in inquiries]
    if closed:
        lines.append(texts.inquiry_closed_heading(CLOSED_LISTED if len(closed) > CLOSED_LISTED else 0))
        lines += [_list_line(ctx, i) for i in closed[:CLOSED_LISTED]]
    return done("\n".join([*lines, texts.INQUIRY_LIST_HINT]))


def _list_line(ctx: Context, inquiry: Inquiry) -> str:
    return texts.inquiry_list_line(
        inquiry.id, department_name(ctx, inquiry.department), inquiry.status, inquiry.deadline
    )


COMMANDS = (
    Command(
        ("函询", "inquiry"), OFFICE, _ask, texts.SUMMARY_INQUIRY, usage=texts.USAGE_INQUIRY, flow=ASK_FLOW
    ),
    Command(
        ("函询回复", "answer"),
        LIAISONS,
        _answer,
        texts.SUMMARY_ANSWER,
        usage=texts.USAGE_ANSWER,
        flow=ANSWER_FLOW,
    ),
    Command(("采纳", "accept"), OFFICE, _accept, texts.SUMMARY_ACCEPT, usage=texts.USAGE_ACCEPT),
    Command(
        ("追问", "followup"),
        OFFICE,
        _follow_up,
        texts.SUMMARY_FOLLOW_UP,
        usage=texts.USAGE_FOLLOW_UP,
        flow=FOLLOW_UP_FLOW,
    ),
    Command(
        ("函询记录", "thread"),
        OFFICE | {LIAISON, LEADER},
        _thread,
        texts.SUMMARY_THREAD,
        usage=texts.USAGE_THREAD,
    ),
)


def _moved_on(ctx: Context, inquiry_id: int) -> str:
    """Someone else changed the inquiry between our read and our write: say where it stands now."""
    inquiry = ctx.uow.inquiries.get(inquiry_id)
    return texts.inquiry_wrong_status(inquiry_id, inquiry.status if inquiry else "?")
