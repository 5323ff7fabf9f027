"""绩效管理 in chat: leaders rate departments (/评价), everyone sees scores with their evidence within their
rights (/考评), staff import an evaluating office's sheet (/导入考评) and hand out its template (/考评模板).

Who sees what: staff and leaders see any department's score, any time; a liaison sees their own
department's, once the year is closed (while it is open the score still moves with the data). A leader
rates the departments they see (rights.sees_department: a leader bound to a department rates that one, a
leader of no department any), once a year each, and may change it until the year is closed.

```mermaid
stateDiagram-v2
    [*] --> grade: /评价 部门 [年度]
    grade --> comment: 好 / 较好 / 一般 / 差
    comment --> [*]: 评语 or 不写评语 (stored; changeable until the year is closed)
    [*] --> file: /导入考评
    file --> file: a sheet with an error (the cell and why; nothing stored)
    file --> [*]: a valid sheet (stored with the file)
```
"""

from __future__ import annotations

import re

from conversations import performance_texts as texts
from conversations import texts as common_texts
from conversations.assessment import YearClosed, assess_year, import_evaluation, scheme_for
from conversations.evaluation_sheet import XLSX_MIME, write_template
from conversations.flow import Command, Context, Finish, Flow, Goto, Stay, Step, Transition, done
from conversations.flows.common import catalog, departments_list, find_department, named_department, oversized
from conversations.messages import Attachment, Choice, Inbound, Reply
from conversations.rights import BOUND, LEADERS, LIAISON, OFFICE, role_of, sees_department
from fm_domain.errors import EvaluationError
from fm_domain.models import Department
from fm_domain.performance import Grade

_YEAR = re.compile(r"^(\d{4})年?(?:度)?$")
COMMENT_LONGEST = 500


def _year_and_rest(ctx: Context, args: str) -> tuple[int | None, str]:
    """A four-digit year anywhere in the arguments (2026 or 2026年), and the rest as the department."""
    year = None
    rest = []
    for word in args.split():
        match = _YEAR.match(word)
        if match and year is None:
            year = int(match.group(1))
        else:
            rest.append(word)
    return year, " ".join(rest)


# -- /考评 ---------------------------------------------------------------------------------------------


def _score(ctx: Context, args: str) -> Transition:
    year, name = _year_and_rest(ctx, args)
    liaison = role_of(ctx.user) == LIAISON
    if liaison:
        assert ctx.user is not None
        closed = ctx.uow.performance.closed_years()
        year = year or (closed[-1] if closed else ctx.services.today().year)
        if year not in closed:
            return done(texts.score_not_closed_for_liaison(year))
        department = named_department(ctx, name) if name else catalog(ctx).get(ctx.user.department or "")
        if department is None:
            return done(common_texts.NOT_A_LIAISON_OF_A_DEPARTMENT)
    else:
        year = year or ctx.services.today().year
        department = _any_department(ctx, name) if name else None
    if isinstance(department, str):
        return done(department)
    scores = assess_year(
        ctx.uow,
        year,
        ctx.services.today(),
        ctx.services.calendar,
        ctx.services.timezone,
        ctx.services.performance_scheme,
    )
    if scores is None:
        return done(texts.no_scheme(year))
    known = catalog(ctx)
    if department is None:
        return done(texts.ranking_text(scores, {d.code: d.display_name for d in known}))
    score = scores.of(department.code)
    if score is None:
        return done(texts.no_scheme(year))
    return done(texts.score_text(score, scores, department.display_name, texts.duty_labels(known)))


def _any_department(ctx: Context, name: str) -> Department | str:
    """Staff and leaders look into any department's score."""
    known = catalog(ctx)
    department = find_department(known, name)
    if department is None:
        return common_texts.unknown_department(name.strip(), departments_list(known))
    return department


# -- /评价 ---------------------------------------------------------------------------------------------


def _rate_start(ctx: Context, args: str) -> Transition:
    assert ctx.user is not None
    year, name = _year_and_rest(ctx, args)
    year = year or ctx.services.today().year
    if ctx.uow.performance.is_closed(year):
        return done(texts.year_closed(year))
    if not name:
        given = {r.department: r.grade.value for r in ctx.uow.performance.ratings(year, leader=ctx.user.id)}
        rateable = [d for d in catalog(ctx) if sees_department(ctx.user, d.code)]
        return done(texts.rate_departments(year, [(d.display_name, given.get(d.code, "")) for d in rateable]))
    department = named_department(ctx, name)
    if isinstance(department, str):
        return done(department)
    ctx.data = {"department": department.code, "name": department.display_name, "year": year, "grade": ""}
    return Goto("grade")


def _grade_prompt(ctx: Context) -> Reply:
    assert ctx.user is not None
    current = ctx.uow.performance.ratings(
        ctx.data["year"], department=ctx.data["department"], leader=ctx.user.id
    )
    return Reply(
        texts.rate_grade_prompt(ctx.data["name"], ctx.data["year"], current[0] if current else None),
        tuple(Choice(grade.value, grade.value) for grade in Grade),
    )


def _grade(ctx: Context, message: Inbound) -> Transition:
    word = (message.choice or message.text).strip()
    if word not in Grade._value2member_map_:
        return Stay(common_texts.UNKNOWN_CHOICE)
    ctx.data["grade"] = word
    return Goto("comment")


def _comment_prompt(ctx: Context) -> Reply:
    return Reply(
        texts.rate_comment_prompt(ctx.data["name"], ctx.data["grade"]),
        (Choice(texts.RATE_COMMENT_SKIP, "skip"),),
    )


def _comment(ctx: Context, message: Inbound) -> Transition:
    assert ctx.user is not None
    if message.choice == "skip":
        comment = ""
    elif message.choice is None and message.text.strip():
        comment = message.text.strip()[:COMMENT_LONGEST]
    else:
        return Stay(texts.RATE_COMMENT_EMPTY)
    year = ctx.data["year"]
    if ctx.uow.performance.is_closed(year):  # closed while the leader was choosing
        return done(texts.year_closed(year))
    first = ctx.uow.performance.rate(
        year=year,
        department=ctx.data["department"],
        leader=ctx.user.id,
        grade=Grade(ctx.data["grade"]),
        comment=comment,
        at=ctx.now,
    )
    return done(texts.rated(ctx.data["name"], year, ctx.data["grade"], comment, first))


RATE_FLOW = Flow(
    "leader_rating",
    texts.RATE_TITLE,
    {"grade": Step(_grade_prompt, _grade), "comment": Step(_comment_prompt, _comment)},
)


# -- /导入考评 and /考评模板 ------------------------------------------------------------------------------


def _import_start(ctx: Context, args: str) -> Transition:
    ctx.data = {}
    return Goto("file")


def _file(ctx: Context, message: Inbound) -> Transition:
    attachment = message.attachment
    if attachment is None:
        return Stay(texts.IMPORT_PROMPT)
    if attachment.extension != "xlsx":
        return Stay(texts.IMPORT_NOT_XLSX)
    problem = oversized(ctx, attachment)
    if problem:
        return Stay(problem)
    assert ctx.user is not None
    try:
        imported = import_evaluation(
            ctx.uow,
            attachment.name,
            attachment.content,
            default=ctx.services.performance_scheme,
            by=ctx.user.id,
            at=ctx.now,
        )
    except EvaluationError as error:
        return Stay(texts.evaluation_refused(str(error)))
    except YearClosed as closed:
        return done(texts.year_closed(closed.year))
    evaluation = imported.evaluation
    scheme, _ = scheme_for(ctx.uow, evaluation.year, ctx.services.performance_scheme)
    assert scheme is not None  # the sheet was checked against it
    return done(
        texts.evaluation_imported(
            evaluation, scheme.fed_by(evaluation.source), imported.replaced, ctx.services.local
        )
    )


IMPORT_FLOW = Flow(
    "evaluation_import",
    texts.IMPORT_TITLE,
    {"file": Step(lambda ctx: Reply(texts.IMPORT_PROMPT), _file, skippable=True)},
)


def _template(ctx: Context, args: str) -> Transition:
    year, source = _year_and_rest(ctx, args)
    year = year or ctx.services.today().year
    scheme, _ = scheme_for(ctx.uow, year, ctx.services.performance_scheme)
    if scheme is None:
        return done(texts.no_scheme(year))
    if not source or not scheme.fed_by(source):
        return done(texts.unknown_source(source, year, scheme.evaluation_sources()))
    known = catalog(ctx)
    content = write_template(scheme, source, known)
    file = Attachment(texts.sheet_file_name(year, source), content, XLSX_MIME)
    return Finish((Reply(texts.template_ready(source, year, len(known)), file=file),))


COMMANDS = (
    Command(("考评", "score"), BOUND, _score, texts.SUMMARY_SCORE, usage=texts.SCORE_USAGE),
    Command(
        ("评价", "rate"), LEADERS, _rate_start, texts.SUMMARY_RATE, usage=texts.RATE_USAGE, flow=RATE_FLOW
    ),
    Command(("导入考评", "import_evaluation"), OFFICE, _import_start, texts.SUMMARY_IMPORT, flow=IMPORT_FLOW),
    Command(
        ("考评模板", "evaluation_template"),
        OFFICE,
        _template,
        texts.SUMMARY_TEMPLATE,
        usage=texts.TEMPLATE_USAGE,
    ),
)
