"""From signals to findings (运行监管 → 发现): which finding kind a signal raises, and whether a signal is one
already raised.

The job runs every day over the months before it, so the same pattern comes back run after run with its
span moved on and its evidence grown or shifted: a 缺位 gains a report a month, a 不报 window drops its
oldest late report. A signal is the one raised before when it is the same kind of pattern about the same
department(s) and duties (``signal_key``) and shares at least one record of its evidence with it
(``evidence_refs``). So a pattern is raised once, and raised again only when none of what it stands on
was behind the earlier finding (the duty was performed, then fell silent again).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from fm_domain.monitoring.signal import Evidence, Signal, SignalKind
from fm_domain.records import FindingKind, FindingStatus

FINDING_KINDS = {
    SignalKind.GAP: FindingKind.GAP,
    SignalKind.OVERREACH: FindingKind.OVERREACH,
    SignalKind.OVERLAP: FindingKind.RELATION,
    SignalKind.LAG: FindingKind.LAG,
    SignalKind.UNREPORTED: FindingKind.UNREPORTED,
}


def finding_kind(signal: Signal) -> FindingKind:
    return FINDING_KINDS[signal.kind]


def signal_key(signal: Signal) -> str:
    """What a signal is about: its kind, pattern, departments and duties (not its span or evidence)."""
    parts = [
        signal.kind.value,
        signal.pattern.value,
        signal.department,
        signal.other_department,
        *sorted(signal.duties),
    ]
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


def evidence_ref(evidence: Evidence) -> str:
    """One record of the evidence, as stable as the record: a report's period and id, an item, a finding,
    a task's period (the mark is left out: a report examined one month is the same report later)."""
    parts = [
        evidence.period,
        evidence.submission_id,
        evidence.item,
        evidence.finding_id,
        evidence.department,
        evidence.task,
        evidence.issue_report_id,
    ]
    if evidence.work_report_id is not None:  # appended only when set: refs stored before keep their form
        parts.append(evidence.work_report_id)
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


def evidence_refs(signal: Signal) -> frozenset[str]:
    return frozenset(evidence_ref(evidence) for evidence in signal.evidence)


def already_raised(signal: Signal, raised: Mapping[str, Iterable[frozenset[str]]]) -> bool:
    """Whether ``signal`` is one of those raised before: ``raised`` maps a signal key to the evidence refs
    of each signal raised under it."""
    refs = evidence_refs(signal)
    return any(refs & earlier for earlier in raised.get(signal_key(signal), ()))


def fingerprint(signal: Signal) -> str:
    """Key and evidence together, as a digest: the same signal computed twice at once (two processes, or the
    job and ``fmbot monitor``) is stored once."""
    text = json.dumps([signal_key(signal), sorted(evidence_refs(signal))], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class RaisedSignal:
    """A signal raised as a finding, as storage keeps it: the finding's number and status now, the signal
    with its evidence as it stood when raised."""

    finding_id: int
    status: FindingStatus
    signal: Signal
    raised_at: datetime
