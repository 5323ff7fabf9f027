"""A signal as JSON values and back: storage keeps each signal raised as a finding with its evidence, so
that the finding can show, years later, the records it stood on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date
from typing import Any

from fm_domain.monitoring.signal import Evidence, Mark, Pattern, Severity, Signal, SignalKind

_EVIDENCE_DEFAULTS = {field.name: field.default for field in fields(Evidence)}


def signal_to_json(signal: Signal) -> dict[str, Any]:
    return {
        "kind": signal.kind.value,
        "pattern": signal.pattern.value,
        "department": signal.department,
        "duties": list(signal.duties),
        "start": signal.start.isoformat(),
        "end": signal.end.isoformat(),
        "severity": signal.severity.value,
        "evidence": [evidence_to_json(evidence) for evidence in signal.evidence],
        "other_department": signal.other_department,
    }


def signal_from_json(data: Mapping[str, Any]) -> Signal:
    return Signal(
        kind=SignalKind(data["kind"]),
        pattern=Pattern(data["pattern"]),
        department=data["department"],
        duties=tuple(data.get("duties", ())),
        start=date.fromisoformat(data["start"]),
        end=date.fromisoformat(data["end"]),
        severity=Severity(data["severity"]),
        evidence=tuple(evidence_from_json(item) for item in data.get("evidence", ())),
        other_department=data.get("other_department", ""),
    )


def evidence_to_json(evidence: Evidence) -> dict[str, Any]:
    """Only what differs from the defaults: a year of 缺位 evidence is mostly bare report references."""
    data: dict[str, Any] = {"mark": evidence.mark.value, "period": evidence.period}
    for name, default in _EVIDENCE_DEFAULTS.items():
        if name in data:
            continue
        value = getattr(evidence, name)
        if value != default:
            data[name] = value
    return data


def evidence_from_json(data: Mapping[str, Any]) -> Evidence:
    values = {name: data[name] for name in _EVIDENCE_DEFAULTS if name in data and name != "mark"}
    return Evidence(mark=Mark(data["mark"]), **values)
