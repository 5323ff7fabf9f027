"""The words a review answers in: an item's verdict and how sure it is, a duty's coverage.

Apart from fm_domain.review (the matcher) so that the records which keep these answers, and storage which
maps them, do not load jieba and the thesaurus to name them.
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    IN_SCOPE = "in_scope"
    RETIRED = "retired"
    OVERLAP = "overlap"
    OUT_OF_SCOPE = "out_of_scope"


class Confidence(StrEnum):
    """Whether the verdict is clear enough to assert (high) or for the establishment office to judge (low)."""

    HIGH = "high"
    LOW = "low"


class Coverage(StrEnum):
    COVERED = "covered"
    UNCOVERED = "uncovered"
    PERIODIC_UNCOVERED = "periodic_uncovered"
    UNKNOWN = "unknown"
