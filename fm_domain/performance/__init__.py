"""绩效管理: the year's evaluation of each department.

- ``scheme``: the scheme of a year (dimensions → indicators with points, direction, source and rule);
  ``scheme_builder`` checks one read from a file; ``rules`` turn raw values into points.
- ``record_indicators``: indicators computed from fmbot's own record (reports, duties, findings, inquiries);
  ``followup``: rectification in time, recommendations carried out, signals left open.
- ``evaluation``: an evaluating office's sheet, checked cell by cell; ``ratings``: leaders' grades.
- ``scoring``: each department's points with their evidence, and the ranking.

Pure: the callers read files and records and pass them in.
"""

from fm_domain.performance.evaluation import Evaluation, EvaluationValue, Sheet, SheetRow, build_evaluation
from fm_domain.performance.evidence import Evidence, EvidenceKind, Measure
from fm_domain.performance.followup import Step
from fm_domain.performance.ratings import Grade, Rating
from fm_domain.performance.record_indicators import (
    RECORD_INDICATORS,
    Arrival,
    InquiryOutcome,
    YearRecord,
    first_arrivals,
    measures_of,
)
from fm_domain.performance.rules import GRADE_WORDS, RuleError, number_text, parse_rule, to_points
from fm_domain.performance.scheme import Dimension, Direction, Indicator, Scheme, SourceKind
from fm_domain.performance.scheme_builder import build_scheme
from fm_domain.performance.scoring import DepartmentScore, Point, YearScores, rank, score_department

__all__ = [
    "GRADE_WORDS",
    "RECORD_INDICATORS",
    "Arrival",
    "DepartmentScore",
    "Dimension",
    "Direction",
    "Evaluation",
    "EvaluationValue",
    "Evidence",
    "EvidenceKind",
    "Grade",
    "Indicator",
    "InquiryOutcome",
    "Measure",
    "Point",
    "Rating",
    "RuleError",
    "Scheme",
    "Sheet",
    "SheetRow",
    "SourceKind",
    "Step",
    "YearRecord",
    "YearScores",
    "build_evaluation",
    "build_scheme",
    "first_arrivals",
    "measures_of",
    "number_text",
    "parse_rule",
    "rank",
    "score_department",
    "to_points",
]
