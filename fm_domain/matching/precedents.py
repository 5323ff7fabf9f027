"""The office's judgements (编办认定) as precedents for later reviews.

When staff correct a match — the right duty, "职责外" or "机关内部工作" — the judgement is kept with the
item's text and department. A later item of the same department worded the same or nearly so takes the judged
answer outright ("编办曾认定：…"); for one worded similarly, the nearest judgements vote (``votes``) and the
duties they name are preferred in proportion to their vote. Closeness is the cosine of the two texts'
literal layers (the character pairs inside their words, each weighing its information content in the
catalog), so a shared rare phrase counts for much and a shared 工作 for nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

# text -> {character pair: weight}, as DutyIndex.literal_vector reads it
LiteralReader = Callable[[str], dict[str, float]]

# Verdicts a judgement may give, as in the review (fm_domain.review.Verdict's values).
JUDGED_VERDICTS = ("in_scope", "retired", "overlap", "out_of_scope")


class JudgementError(ValueError):
    """A judgements file line that cannot be read; the message names the line."""


@dataclass(frozen=True)
class Judgement:
    """One decision of the office about one item: what the item is, by the 三定 as it then stood."""

    text: str
    department: str  # whose plan the item was in
    verdict: str  # one of JUDGED_VERDICTS
    duty: str | None  # the duty it performs (for in_scope / retired / overlap)
    internal: bool = False  # out_of_scope because it is the bureau's own internal work (机关自身建设)


class Precedent(NamedTuple):
    judgement: Judgement
    similarity: float  # 0–1, cosine of the literal layers


class Precedents:
    """Judgements ready to be looked up by wording, for one duty index (one catalog revision).

    ``lookup(text, department)`` returns the closest judgement of that department. A judgement whose duty
    the catalog no longer has is left out: the 三定 it was made under has changed.
    """

    def __init__(self, judgements: Iterable[Judgement], literal: LiteralReader, known: Mapping[str, object]):
        self._literal = literal
        self._by_department: dict[str, list[tuple[Judgement, dict[str, float], float]]] = {}
        for judgement in judgements:
            if judgement.duty is not None and judgement.duty not in known:
                continue
            vector = literal(judgement.text)
            norm = _norm(vector)
            if norm > 0:
                self._by_department.setdefault(judgement.department, []).append((judgement, vector, norm))

    def __len__(self) -> int:
        return sum(len(found) for found in self._by_department.values())

    def lookup(self, text: str, department: str) -> Precedent | None:
        """The department's judgement worded closest to ``text`` (the latest among equals), or None."""
        nearest = self.nearest(text, department, limit=1)
        return nearest[0] if nearest else None

    def nearest(self, text: str, department: str, limit: int, floor: float = 0.0) -> list[Precedent]:
        """Up to ``limit`` of the department's judgements worded at least ``floor`` close to ``text``,
        closest first (the latest first among equals)."""
        judged = self._by_department.get(department)
        if not judged:
            return []
        vector = self._literal(text)
        norm = _norm(vector)
        if norm <= 0:
            return []
        found = []
        for order, (judgement, other, other_norm) in enumerate(judged):
            shared = sum(weight * other[pair] for pair, weight in vector.items() if pair in other)
            similarity = min(1.0, shared / (norm * other_norm))
            if similarity >= floor:
                found.append((similarity, order, judgement))
        found.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
        return [Precedent(judgement, similarity) for similarity, _, judgement in found[:limit]]


def votes(neighbours: Sequence[Precedent]) -> dict[str | None, float]:
    """What the office's nearest judgements say, each answer (a duty, or None for 职责外) weighing the
    closeness-weighted share of the judgements that gave it, times how close they are on average.

    One near judgement of a duty says more than one distant one; two judgements that disagree (the same
    wording once placed on a duty, once found 职责外) weaken each other rather than the nearer one winning
    outright.
    """
    total = sum(precedent.similarity for precedent in neighbours)
    if total <= 0:
        return {}
    said: dict[str | None, float] = {}
    for precedent in neighbours:
        answer = precedent.judgement.duty if precedent.judgement.verdict != "out_of_scope" else None
        said[answer] = said.get(answer, 0.0) + precedent.similarity * precedent.similarity
    return {answer: weight / total for answer, weight in said.items()}


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(weight * weight for weight in vector.values()))


def parse_judgements(text: str, source: str = "judgements.jsonl") -> list[Judgement]:
    """One JSON object a line: ``{"text", "department", "verdict", "duty"}`` (``internal`` optional)."""
    judgements = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            raise JudgementError(f"{source} 第 {number} 行不是有效的 JSON：{error.msg}") from None
        judgements.append(_judgement(raw, source, number))
    return judgements


def _judgement(raw: object, source: str, number: int) -> Judgement:
    where = f"{source} 第 {number} 行"
    if not isinstance(raw, dict):
        raise JudgementError(f'{where}应为一个对象：{{"text", "department", "verdict", "duty"}}')
    text, department, verdict = raw.get("text"), raw.get("department"), raw.get("verdict")
    duty, internal = raw.get("duty"), raw.get("internal", False)
    if not isinstance(text, str) or not text.strip():
        raise JudgementError(f"{where}缺少条目文字 text")
    if not isinstance(department, str) or not department.strip():
        raise JudgementError(f"{where}缺少部门代码 department")
    if verdict not in JUDGED_VERDICTS:
        raise JudgementError(f"{where}的 verdict 应为 {' / '.join(JUDGED_VERDICTS)}，实际为 {verdict!r}")
    if verdict == "out_of_scope":
        duty = None
    elif not isinstance(duty, str) or not duty.strip():
        raise JudgementError(f"{where}的 verdict 为 {verdict}，须给出职责 duty（如 jiaoyu.3）")
    return Judgement(text.strip(), department.strip(), verdict, duty, bool(internal))


def judgements_jsonl(judgements: Sequence[Judgement]) -> str:
    """The judgements as ``parse_judgements`` reads them back."""
    lines = []
    for judgement in judgements:
        raw = {
            "text": judgement.text,
            "department": judgement.department,
            "verdict": judgement.verdict,
            "duty": judgement.duty,
        }
        if judgement.internal:
            raw["internal"] = True
        lines.append(json.dumps(raw, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")
