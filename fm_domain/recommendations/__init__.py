"""动态管理: recommendations for a department and year from the confirmed evidence of monitoring, each with
its rationale in plain Chinese, its evidence, and (for those that change the 三定) the catalog change as data,
which an adopted recommendation applies to make the next catalog revision."""

from fm_domain.recommendations.changes import (
    ChangeError,
    apply_changes,
    apply_recommendation,
    apply_to_catalog,
)
from fm_domain.recommendations.codec import (
    changes_from_json,
    changes_to_json,
    recommendation_from_json,
    recommendation_key,
    recommendation_to_json,
)
from fm_domain.recommendations.evidence import IssueReportRecord
from fm_domain.recommendations.recommend import for_department, recommend_year
from fm_domain.recommendations.recommendation import (
    CatalogChange,
    DecisionError,
    DutyNote,
    NewDuty,
    Recommendation,
    RecommendationKind,
    RecommendationState,
    Shift,
    StatusChange,
    StoredRecommendation,
    adopt,
    amend,
    reject,
)
from fm_domain.recommendations.settings import DEFAULT_RECOMMENDATION_SETTINGS, RecommendationSettings
from fm_domain.recommendations.staffing import Workload, workloads
from fm_domain.recommendations.summary import ClassRow, class_summary

__all__ = [
    "DEFAULT_RECOMMENDATION_SETTINGS",
    "CatalogChange",
    "ChangeError",
    "ClassRow",
    "DecisionError",
    "DutyNote",
    "IssueReportRecord",
    "NewDuty",
    "Recommendation",
    "RecommendationKind",
    "RecommendationSettings",
    "RecommendationState",
    "Shift",
    "StatusChange",
    "StoredRecommendation",
    "Workload",
    "adopt",
    "amend",
    "apply_changes",
    "apply_recommendation",
    "apply_to_catalog",
    "changes_from_json",
    "changes_to_json",
    "class_summary",
    "for_department",
    "recommend_year",
    "recommendation_from_json",
    "recommendation_key",
    "recommendation_to_json",
    "reject",
    "workloads",
]
