"""Leading or assisting: what a duty's wording says about the department's part in the work.

三定 texts mark shared work clause by clause: "负责城市灯光环境的规划、管理，参与户外广告设置的审批管理"
leads the first and assists the second. Each clause takes the role of the first cue it contains, because
the cue that opens a clause governs it ("协调市政府相关部门配合做好…" is coordinating, not assisting: the
配合 there is the other departments' part). Clauses are cut at ；。 and again at ，: a comma part without a
cue continues the role of the part before it, and a sentence without any cue is the department's own
work: leading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from fm_domain.matching.lexicon import Role, data_text, parse_roles

ROLES_FILE = "roles.tsv"
_SENTENCE_END = re.compile(r"[；;。！!？?\n]+")
_COMMA = re.compile(r"[，,]")


@dataclass(frozen=True)
class Clause:
    text: str
    role: Role


def stated_role(text: str, cues: Mapping[str, Role]) -> Role | None:
    """The role of the first cue in ``text``, or None when it has none."""
    first: tuple[int, Role] | None = None
    for cue, role in cues.items():
        position = text.find(cue)
        if position >= 0 and (first is None or position < first[0]):
            first = (position, role)
    return first[1] if first else None


def split_clauses(text: str, cues: Mapping[str, Role]) -> tuple[Clause, ...]:
    """The duty's clauses with the role each states."""
    clauses = []
    for sentence in _SENTENCE_END.split(text):
        role = Role.LEAD
        for part in _COMMA.split(sentence):
            part = part.strip()
            if part:
                role = stated_role(part, cues) or role
                clauses.append(Clause(part, role))
    return tuple(clauses)


@cache
def bundled_role_cues() -> Mapping[str, Role]:
    return parse_roles(data_text(ROLES_FILE), ROLES_FILE)
