"""The six classes of duty (职能类别) confirmed by staff: ``/职责分类 部门`` lists a department's duties with
their class (those guessed from the wording marked 推测); ``/职责分类 部门 3 监督检查类 5 确认`` sets or
confirms classes, which becomes the department's next catalog revision, no longer guessed, with who
confirmed them as its source. A catalog import that states the classes confirms them as well. The
recommendations (/建议) and the year's summaries group by these classes.
"""

from __future__ import annotations

from conversations import monitoring_texts
from conversations.flow import Command, Context, Transition, done
from conversations.flows.common import named_department
from conversations.rights import LEADER, OFFICE, is_office
from fm_domain.catalog.categories import CATEGORY_WORDS, confirm_categories
from fm_domain.models import Department, DutyCategory


def _classes(ctx: Context, args: str) -> Transition:
    words = args.split()
    if not words:
        return done(monitoring_texts.CLASSES_ASK)
    # The department's name may not hold a space; what follows it is "序号 类别" pairs.
    department = named_department(ctx, words[0])
    if isinstance(department, str):
        return done(department)
    if len(words) == 1:
        return done(_listing(department))
    if not is_office(ctx.user):
        return done(monitoring_texts.CLASSES_HINT)  # leaders look; the office decides
    chosen = _choices(words[1:])
    if isinstance(chosen, str):
        return done(chosen)
    current = ctx.uow.catalog.department(department.code) or department
    try:
        confirmed = confirm_categories(current, chosen)
    except KeyError as missing:
        return done(monitoring_texts.classes_no_duty(department.display_name, int(missing.args[0])))
    if confirmed == current:
        return done(monitoring_texts.classes_unchanged(department.display_name))
    assert ctx.user is not None
    revision = ctx.uow.catalog.save_revision(
        confirmed, monitoring_texts.classes_source(ctx.user.display_name), ctx.now
    )
    lines = [
        monitoring_texts.classified(duty.n, duty.category.value)
        for duty in confirmed.duties
        if duty.n in chosen
    ]
    return done(monitoring_texts.classes_recorded(department.display_name, lines, revision))


def _choices(words: list[str]) -> dict[int, DutyCategory | None] | str:
    if len(words) % 2:
        return monitoring_texts.classes_unreadable(" ".join(words))
    chosen: dict[int, DutyCategory | None] = {}
    for number, word in zip(words[::2], words[1::2], strict=True):
        if not number.isdigit():
            return monitoring_texts.classes_unreadable(f"{number} {word}")
        if word in monitoring_texts.CONFIRM_WORDS:
            chosen[int(number)] = None
        elif word in CATEGORY_WORDS:
            chosen[int(number)] = CATEGORY_WORDS[word]
        else:
            return monitoring_texts.classes_unreadable(f"{number} {word}")
    return chosen


def _listing(department: Department) -> str:
    counts = [
        (category.value, sum(1 for d in department.duties if d.active and d.category is category))
        for category in DutyCategory
    ]
    lines = [monitoring_texts.classes_heading(department.display_name, counts)]
    lines += [
        monitoring_texts.class_line(
            duty.n,
            duty.category.value,
            duty.category_guessed,
            "" if duty.active else duty.status.label,
            duty.text,
        )
        for duty in department.duties
    ]
    lines.append(monitoring_texts.CLASSES_HINT)
    return "\n".join(lines)


COMMANDS = (
    Command(
        ("职责分类", "classes"),
        OFFICE | {LEADER},
        _classes,
        monitoring_texts.SUMMARY_CLASSES,
        usage=monitoring_texts.USAGE_CLASSES,
    ),
)
