"""What the flows pass around and storage keeps, one definition each: item checks, findings, written
inquiries with their threads, submissions. Frozen dataclasses with their statuses as StrEnums whose values
are the strings stored; storage maps its rows to them and conversations.ports names them."""

from fm_domain.records.finding import DECISIONS, Finding, FindingKind, FindingStatus
from fm_domain.records.inquiry import Inquiry, InquiryMessage, InquiryMessageKind, InquiryStatus
from fm_domain.records.item_check import INTERNAL, DutyCoverage, ItemCheck, ReviewedItems, count_verdicts
from fm_domain.records.submission import Series, Submission, SubmissionKind

__all__ = [
    "DECISIONS",
    "INTERNAL",
    "DutyCoverage",
    "Finding",
    "FindingKind",
    "FindingStatus",
    "Inquiry",
    "InquiryMessage",
    "InquiryMessageKind",
    "InquiryStatus",
    "ItemCheck",
    "ReviewedItems",
    "Series",
    "Submission",
    "SubmissionKind",
    "count_verdicts",
]
