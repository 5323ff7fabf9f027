"""运行监管: the five monitoring signals (缺位, 越位, 交叉, 滞后, 不报), each a pure function of a year of
records and the moment "now", returning typed signals with the records behind them."""

from fm_domain.monitoring.codec import signal_from_json, signal_to_json
from fm_domain.monitoring.gaps import gap_months, gaps
from fm_domain.monitoring.lags import lags
from fm_domain.monitoring.monitor import Records, monitor
from fm_domain.monitoring.overlaps import Overlap, overlap_signals, overlaps_of_year
from fm_domain.monitoring.overreach import overreach
from fm_domain.monitoring.raising import (
    RaisedSignal,
    already_raised,
    evidence_refs,
    finding_kind,
    fingerprint,
    signal_key,
)
from fm_domain.monitoring.reports import Judged, decided_by_staff
from fm_domain.monitoring.settings import DEFAULT_SETTINGS, MonitoringSettings
from fm_domain.monitoring.signal import Evidence, Mark, Pattern, Severity, Signal, SignalKind
from fm_domain.monitoring.unreported import Delivery, deliveries, due_periods, unreported

__all__ = [
    "DEFAULT_SETTINGS",
    "Delivery",
    "Evidence",
    "Judged",
    "Mark",
    "MonitoringSettings",
    "Overlap",
    "Pattern",
    "RaisedSignal",
    "Records",
    "Severity",
    "Signal",
    "SignalKind",
    "already_raised",
    "decided_by_staff",
    "deliveries",
    "due_periods",
    "evidence_refs",
    "finding_kind",
    "fingerprint",
    "gap_months",
    "gaps",
    "lags",
    "monitor",
    "overlap_signals",
    "overlaps_of_year",
    "overreach",
    "signal_from_json",
    "signal_key",
    "signal_to_json",
    "unreported",
]
