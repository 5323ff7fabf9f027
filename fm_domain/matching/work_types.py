"""What kind of work a text does — drafting, carrying out, supervising, coordinating — read from its verbs.

Sibling duties of one department often share their subject and differ in the kind of work: "负责…环境卫生
行业的管理" carries it out, "指导协调…环境卫生的宏观管理" guides it; "研究制定…执法的规章制度" drafts rules,
"检查、督促…开展执法活动" enforces. A work item says its kind too: "取缔占道经营摊点" enforces, "印发…实施
方案" drafts. The kinds are the 职能类别 of the 三定 (``DutyCategory``); the cues are a data file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from fm_domain.matching.lexicon import data_text, parse_work_types
from fm_domain.models import Duty, DutyCategory

WORK_TYPES_FILE = "work_types.tsv"


class WorkTypes:
    """Finds the kind of work of a text: that of the first cue it contains."""

    def __init__(self, cues: Mapping[str, DutyCategory]) -> None:
        self._cues = dict(cues)

    def __contains__(self, word: object) -> bool:
        """Whether ``word`` is a cue (a work verb such as 制定, 取缔)."""
        return word in self._cues

    def of_words(self, words: Iterable[str]) -> DutyCategory | None:
        """The kind of the first word that is a cue, or None.

        Whole words of the segmentation only: 推进 in 推进会, a meeting, is no verb.
        """
        cues = self._cues
        return next((cues[word] for word in words if word in cues), None)

    def of_word(self, word: str) -> DutyCategory | None:
        """The kind of work ``word`` says, when it is a cue."""
        return self._cues.get(word)

    def of_duty(self, duty: Duty, opening: DutyCategory | None) -> DutyCategory | None:
        """A stated category stands; otherwise the kind its first work verb says (``opening``, as
        ``of_words`` reads the duty's words), then the guessed category."""
        if not duty.category_guessed:
            return duty.category
        return opening or duty.category


@cache
def bundled_work_types() -> WorkTypes:
    return WorkTypes(parse_work_types(data_text(WORK_TYPES_FILE), WORK_TYPES_FILE))
