"""What each point rests on: the records, documents and ratings behind a raw value.

Evidence is structured, not prose: the conversations' texts render it in Chinese, the CLI's JSON gives it
as it is, and a closed year keeps it frozen beside the points it explains.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from fm_domain.performance.rules import Raw, number_text, parse_number


class EvidenceKind(StrEnum):
    SUBMISSION = "submission"  # ref: receipt; period, due, at (first submitted)
    RECEIPT = "receipt"  # staff recorded it as received (/报送 已收); ref: the task's title
    MISSING = "missing"  # owed and not arrived; ref: the task's title
    DUTY = "duty"  # ref: duty id; note: the receipt performing it, "" for none, "periodic" (阶段性, not due)
    FINDING = "finding"  # ref: finding number; period: its kind (FindingKind); note: the item
    INQUIRY = "inquiry"  # ref: inquiry number; due: reply deadline, at: first reply
    # ref: finding number; period: its kind; due: the deadline in force; at: settled (None: not yet)
    RECTIFICATION = "rectification"
    # ref: recommendation number; period: its kind; at: adopted; note: its revisions, or "advice"
    RECOMMENDATION = "recommendation"
    SIGNAL = "signal"  # ref: finding number; period: 越位 / 缺位 (FindingKind); due: year end; note: status
    EVALUATION = "evaluation"  # ref: file name; period: import number; note: the cell; comment: 说明
    RATING = "rating"  # ref: the leader's name; note: the grade; comment: theirs
    NOTHING_DUE = "nothing_due"  # nothing of the kind this year: the indicator counts as met
    # A record fmbot did not keep before issue 14: kept so that a year closed then reads back as frozen.
    NO_SOURCE = "no_source"


@dataclass(frozen=True)
class Evidence:
    kind: EvidenceKind
    ref: str = ""
    period: str = ""
    due: date | None = None
    at: date | None = None
    counted: bool = True  # for the indicator (on time, covered, accepted) or against it
    note: str = ""
    comment: str = ""  # what the evaluating office or the leader wrote, verbatim

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind.value, "ref": self.ref, "counted": self.counted}
        for key, value in (("period", self.period), ("note", self.note), ("comment", self.comment)):
            if value:
                data[key] = value
        for key, day in (("due", self.due), ("at", self.at)):
            if day is not None:
                data[key] = day.isoformat()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Evidence:
        return cls(
            kind=EvidenceKind(data["kind"]),
            ref=data.get("ref", ""),
            period=data.get("period", ""),
            due=date.fromisoformat(data["due"]) if data.get("due") else None,
            at=date.fromisoformat(data["at"]) if data.get("at") else None,
            counted=bool(data.get("counted", True)),
            note=data.get("note", ""),
            comment=data.get("comment", ""),
        )


@dataclass(frozen=True)
class Measure:
    """A raw value and what it rests on. ``value`` None: no data (nothing imported, nobody rated)."""

    value: Raw | None
    evidence: tuple[Evidence, ...] = ()
    cases: int | None = None  # a share's denominator, or a count: how many cases the value is over


def raw_to_json(value: Raw | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return number_text(value)


def raw_from_json(text: str | None) -> Raw | None:
    if text is None:
        return None
    try:
        return parse_number(text)
    except ValueError:
        return text  # a grade word
