"""A recommendation as JSON values and back, and what makes two recommendations the same one.

Storage keeps each recommendation once, as first made (staff decide on what they were shown), with its
state and decision in columns of their own; its content is this JSON. The catalog changes are tagged with
their type (``StatusChange``, ``NewDuty``, ``DutyNote``), as ``fmbot recommend --json`` prints them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fm_domain.models import DutyCategory, DutyStatus
from fm_domain.monitoring.codec import evidence_from_json, evidence_to_json, signal_from_json, signal_to_json
from fm_domain.recommendations.recommendation import (
    CatalogChange,
    DutyNote,
    NewDuty,
    Recommendation,
    RecommendationKind,
    Shift,
    StatusChange,
)


def recommendation_to_json(recommendation: Recommendation) -> dict[str, Any]:
    """Its content, without the state and decision (kept beside it)."""
    return {
        "kind": recommendation.kind.value,
        "department": recommendation.department,
        "year": recommendation.year,
        "duties": list(recommendation.duties),
        "category": recommendation.category.value if recommendation.category else None,
        "rationale": recommendation.rationale,
        "signals": [signal_to_json(signal) for signal in recommendation.signals],
        "evidence": [evidence_to_json(evidence) for evidence in recommendation.evidence],
        "changes": changes_to_json(recommendation.changes),
        "shift": recommendation.shift.value if recommendation.shift else None,
        "others": list(recommendation.others),
    }


def recommendation_from_json(data: Mapping[str, Any]) -> Recommendation:
    return Recommendation(
        kind=RecommendationKind(data["kind"]),
        department=data["department"],
        year=int(data["year"]),
        duties=tuple(data.get("duties", ())),
        category=DutyCategory(data["category"]) if data.get("category") else None,
        rationale=data.get("rationale", ""),
        signals=tuple(signal_from_json(signal) for signal in data.get("signals", ())),
        evidence=tuple(evidence_from_json(evidence) for evidence in data.get("evidence", ())),
        changes=changes_from_json(data.get("changes", ())),
        shift=Shift(data["shift"]) if data.get("shift") else None,
        others=tuple(data.get("others", ())),
    )


def changes_to_json(changes: Iterable[CatalogChange]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for change in changes:
        match change:
            case StatusChange(department, n, status):
                result.append(
                    {"change": "StatusChange", "department": department, "n": n, "status": status.value}
                )
            case NewDuty(department, text, category):
                result.append(
                    {"change": "NewDuty", "department": department, "text": text, "category": category.value}
                )
            case DutyNote(department, n, note):
                result.append({"change": "DutyNote", "department": department, "n": n, "note": note})
    return result


def changes_from_json(data: Sequence[Mapping[str, Any]]) -> tuple[CatalogChange, ...]:
    changes: list[CatalogChange] = []
    for item in data:
        match item["change"]:
            case "StatusChange":
                changes.append(StatusChange(item["department"], int(item["n"]), DutyStatus(item["status"])))
            case "NewDuty":
                changes.append(NewDuty(item["department"], item["text"], DutyCategory(item["category"])))
            case "DutyNote":
                changes.append(DutyNote(item["department"], int(item["n"]), item["note"]))
            case other:
                raise ValueError(f"not a catalog change: {other!r}")
    return tuple(changes)


def recommendation_key(recommendation: Recommendation) -> str:
    """What a recommendation is, not how it is argued: its year, department, kind, the change of function
    it proposes, the duties and departments concerned and its catalog changes. Computed again with more
    evidence (a longer silence, one more period), it is the same recommendation; a digest, as it names
    the key column."""
    parts = [
        recommendation.year,
        recommendation.department,
        recommendation.kind.value,
        recommendation.shift.value if recommendation.shift else "",
        sorted(recommendation.duties),
        sorted(recommendation.others),
        changes_to_json(recommendation.changes),
    ]
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
