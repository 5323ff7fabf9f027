"""An item check: one work item as a review left it, as a draft's preview shows it and a submission keeps it.

Drafts (conversation state) and submissions (their stored content) keep checks as JSON, so a check reads
and writes its JSON form here, in one place. Checks stored before ``confidence``, ``internal`` and
``precedent`` existed lack them, and read as high, False and "" (what those reviews asserted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fm_domain.verdicts import Confidence, Coverage, Verdict

INTERNAL = "internal"  # the count of the bureau's internal work, kept apart from out_of_scope


@dataclass(frozen=True)
class ItemCheck:
    text: str
    verdict: Verdict
    duty: str | None = None  # the best-fitting duty's id (another department's, for an overlap)
    label: str = ""  # that duty, readably (Chinese), "" for none
    note: str = ""  # for an overlap: who else holds the duty and who leads (Chinese)
    confidence: Confidence = Confidence.HIGH  # low: for the establishment office to judge (待编办研判)
    internal: bool = False  # out_of_scope as the bureau's own internal work (机关自身建设), not overreach
    precedent: str = ""  # the text of the office's earlier judgement the verdict follows

    @property
    def low(self) -> bool:
        return self.confidence is Confidence.LOW

    @property
    def raises_finding(self) -> bool:
        """Whether the item goes to staff: anything not in scope but the bureau's own internal work, and
        whatever the matcher is not sure of (a tentative in_scope too), so that staff can correct it."""
        if self.internal:
            return False
        return self.verdict is not Verdict.IN_SCOPE or self.low

    @property
    def counted_as(self) -> str:
        """The verdict it is counted under; the bureau's internal work under ``internal``."""
        return INTERNAL if self.internal else self.verdict.value

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "verdict": self.verdict.value,
            "duty": self.duty,
            "label": self.label,
            "note": self.note,
            "confidence": self.confidence.value,
            "internal": self.internal,
            "precedent": self.precedent,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ItemCheck:
        return cls(
            text=data["text"],
            verdict=Verdict(data["verdict"]),
            duty=data.get("duty"),
            label=data.get("label", ""),
            note=data.get("note", ""),
            confidence=Confidence(data.get("confidence", Confidence.HIGH)),
            internal=bool(data.get("internal")),
            precedent=data.get("precedent", ""),
        )


@dataclass(frozen=True)
class DutyCoverage:
    """One duty of the department, and the items (indexes from 0) that perform it."""

    duty: str
    status: Coverage
    items: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"duty": self.duty, "status": self.status.value, "items": list(self.items)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DutyCoverage:
        return cls(data["duty"], Coverage(data["status"]), tuple(data.get("items", ())))


@dataclass(frozen=True)
class ReviewedItems:
    """The review of a list of items: a check per item, and the coverage of the department's duties."""

    items: tuple[ItemCheck, ...] = ()
    duties: tuple[DutyCoverage, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return count_verdicts(self.items)


def count_verdicts(checks: Iterable[ItemCheck]) -> dict[str, int]:
    """Items per verdict, in the order first met; the bureau's internal work counted as ``internal``."""
    counts: dict[str, int] = {}
    for check in checks:
        counts[check.counted_as] = counts.get(check.counted_as, 0) + 1
    return counts
