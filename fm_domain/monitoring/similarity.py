"""Whether two item texts are the same work: a delayed item carried into next month's arrangement, the same
new function reported month after month. Liaisons reword such items a little ("开展夜间经济促消费活动",
"组织夜间经济消费季"), so the measure is the overlap of character pairs once the words every work item uses
(开展, 推进, 工作 …) are taken out: cheap, deterministic, and with no dictionary to load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Words that say how work is done rather than what it is: shared by unrelated items, they would link them.
_GENERIC = (
    "进一步",
    "全市",
    "市级",
    "开展",
    "推进",
    "推动",
    "组织",
    "做好",
    "加强",
    "加快",
    "完成",
    "完善",
    "工作",
    "活动",
    "落实",
    "持续",
    "深入",
    "深化",
    "有序",
    "启动",
    "继续",
    "积极",
    "全面",
    "认真",
    "扎实",
    "相关",
    "有关",
    "各项",
    "专项",
    "实施",
    "召开",
    "举办",
    "部署",
    "情况",
)
_NOT_WORDS = re.compile(r"[\W\d_A-Za-z]+")  # punctuation, numbering, dates: not what the work is


def _pairs(text: str) -> frozenset[str]:
    for word in _GENERIC:
        text = text.replace(word, " ")
    pairs: set[str] = set()
    for run in _NOT_WORDS.sub(" ", text).split():
        pairs.update(run[i : i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            pairs.add(run)
    return frozenset(pairs)


def similarity(first: str, second: str) -> float:
    """0–1: the Dice coefficient of the two texts' character pairs, generic words left out."""
    return _dice(_pairs(first), _pairs(second), first, second)


def same_work_groups(
    texts: Sequence[str], threshold: float, background: Iterable[str] = ()
) -> list[list[int]]:
    """The texts' indexes grouped so that each text is the same work as another of its group (single
    linkage), groups in order of their first text, each in the given order.

    With ``background`` (the department's duty texts), two texts are also the same work when they share a
    character pair the background never uses: new work is named by a term the 三定 lacks (托育 for 民政局),
    while the rest of its wording changes from month to month.
    """
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = [_pairs(text) for text in texts]
    known = frozenset().union(*(_pairs(text) for text in background)) if background else None
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            novel = known is not None and bool((pairs[i] & pairs[j]) - known)
            if novel or _dice(pairs[i], pairs[j], texts[i], texts[j]) >= threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda group: group[0])


def _dice(a: frozenset[str], b: frozenset[str], first: str, second: str) -> float:
    if not a or not b:
        return 1.0 if first.strip() == second.strip() and first.strip() else 0.0
    return 2 * len(a & b) / (len(a) + len(b))
