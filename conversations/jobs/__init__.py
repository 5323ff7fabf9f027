"""The application's jobs: conversation logic that is not a turn (the nudge sweep, the monitoring job,
staff notices of undeliverable messages, draft expiry). ``bot`` only hosts and schedules them."""

from conversations.jobs.delivery_failures import DELIVERY_FAILURE_KIND, tell_staff_of_undelivered
from conversations.jobs.monitoring import MONITORING_KIND, MonitoringJob, MonitoringRun, RaisedFinding
from conversations.jobs.nudge_sweep import NudgeSweeper, QueuedNudge, SweepResult

__all__ = [
    "DELIVERY_FAILURE_KIND",
    "MONITORING_KIND",
    "MonitoringJob",
    "MonitoringRun",
    "NudgeSweeper",
    "QueuedNudge",
    "RaisedFinding",
    "SweepResult",
    "tell_staff_of_undelivered",
]
