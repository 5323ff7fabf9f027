"""What the flows pass around and storage keeps, one definition each: item checks, findings with their
lifecycle, written inquiries with their threads, submissions, visits. Frozen dataclasses with their
statuses as StrEnums whose values are the strings stored; storage maps its rows to them and
conversations.ports names them."""

from fm_domain.records.finding import (
    DECISIONS,
    TRANSITIONS,
    Finding,
    FindingEvent,
    FindingKind,
    FindingStatus,
    can_move,
)
from fm_domain.records.inquiry import Inquiry, InquiryMessage, InquiryMessageKind, InquiryStatus
from fm_domain.records.item_check import INTERNAL, DutyCoverage, ItemCheck, ReviewedItems, count_verdicts
from fm_domain.records.progress import (
    Figures,
    ProgressReport,
    ProgressTable,
    WorkReport,
    WorkReportKind,
    figure,
    missing_rows,
)
from fm_domain.records.submission import Series, Submission, SubmissionKind
from fm_domain.records.visit import Visit, VisitKind

__all__ = [
    "DECISIONS",
    "INTERNAL",
    "TRANSITIONS",
    "DutyCoverage",
    "Figures",
    "Finding",
    "FindingEvent",
    "FindingKind",
    "FindingStatus",
    "Inquiry",
    "InquiryMessage",
    "InquiryMessageKind",
    "InquiryStatus",
    "ItemCheck",
    "ProgressReport",
    "ProgressTable",
    "ReviewedItems",
    "Series",
    "Submission",
    "SubmissionKind",
    "Visit",
    "VisitKind",
    "WorkReport",
    "WorkReportKind",
    "can_move",
    "count_verdicts",
    "figure",
    "missing_rows",
]
