"""Guessing a duty's 职能类别 from its wording, for catalogs that do not state it; and staff confirming or
changing it (``confirm_categories``), after which it is no longer a guess.

The guess is a first sort for staff to correct, so it is kept simple: an ordered table of patterns, the
first row that matches wins. The order is the precedence:

1. 承办/完成…交办 is the catch-all last duty of every 三定 (其它职能类), whatever verbs it quotes.
2. Work on the department's own 机关 (党建, 人事, 财务, 后勤…) is 辅助职能类 even when it says 监督.
3. Drafting 规划/政策/标准/法规 is 宏观决策类; such duties usually go on "…并组织实施、监督检查".
4. A duty that *opens* with 协调/配合/协助/参与 is coordination even if what it coordinates is 执法.
5. 监督/检查/执法/督查/督导/查处 anywhere make it 监督检查类.
6. 协调/配合/协助 further inside (after other verbs) still make it coordination.
7. Everything else is 组织实施类.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from fm_domain.models import Department, DutyCategory

# [^。；] keeps a verb and its object inside one clause, so words of unrelated clauses do not pair up.
_CLAUSE = r"[^。；;]*?"
# the department's own body, not 国家机关 or the 直属单位 of other departments it audits or supervises
_OWN_BODY = r"(?:^负责机关|局机关|委机关|本机关|机关(?:和|及|与|、)|本部门|本局|局属|局直属)"
_INTERNAL_WORK = (
    r"(?:党建|党的建设|党务|党群|人事|财务|后勤|资产|档案"
    r"|机要|保密|文电|会务|离退休|干部|纪检|纪律检查|日常运转)"
)

CATEGORY_RULES: tuple[tuple[DutyCategory, re.Pattern[str]], ...] = (
    (DutyCategory.OTHER, re.compile(rf"(?:承办|完成){_CLAUSE}交办")),
    (DutyCategory.AUXILIARY, re.compile(rf"{_OWN_BODY}{_CLAUSE}{_INTERNAL_WORK}")),
    (
        DutyCategory.MACRO_DECISION,
        # 编制 as a verb, not the noun in 机构编制 / 人员编制
        re.compile(
            rf"(?:拟订|拟定|制定|制订|(?<!机构)(?<!人员)编制|起草|草拟){_CLAUSE}(?:规划|政策|标准|法规|规章)"
        ),
    ),
    (DutyCategory.COORDINATION, re.compile(r"^(?:负责)?(?:组织|统筹)?(?:协调|配合|协助|参与)")),
    (DutyCategory.SUPERVISION, re.compile(r"监督|检查|执法|督查|督察|督导|查处|稽查")),
    (DutyCategory.COORDINATION, re.compile(r"协调|配合|协助")),
)


def guess_category(text: str) -> DutyCategory:
    """The category a duty's wording suggests; 组织实施类 when nothing more specific matches."""
    wording = text.strip()
    for category, pattern in CATEGORY_RULES:
        if pattern.search(wording):
            return category
    return DutyCategory.IMPLEMENTATION


# What staff type for a class: its name, or its name without 类 and the common short forms.
CATEGORY_WORDS: dict[str, DutyCategory] = {
    **{category.value: category for category in DutyCategory},
    **{category.value.removesuffix("类"): category for category in DutyCategory},
    "协调配合类": DutyCategory.COORDINATION,
    "协调配合": DutyCategory.COORDINATION,
    "其他职能类": DutyCategory.OTHER,
    "其他": DutyCategory.OTHER,
    "其它": DutyCategory.OTHER,
    "辅助": DutyCategory.AUXILIARY,
}


def confirm_categories(department: Department, chosen: Mapping[int, DutyCategory | None]) -> Department:
    """The department with staff's classes for the duties numbered in ``chosen`` (None: the class it has,
    confirmed as it is): no longer guesses. KeyError for a number the department has no duty of."""
    known = {duty.n for duty in department.duties}
    missing = sorted(set(chosen) - known)
    if missing:
        raise KeyError(missing[0])
    return replace(
        department,
        duties=tuple(
            replace(duty, category=chosen[duty.n] or duty.category, category_guessed=False)
            if duty.n in chosen
            else duty
            for duty in department.duties
        ),
    )
