"""Leaders' ratings (分管领导评价): one grade and a comment per leader, department and year, changeable
until the year is closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Grade(StrEnum):
    """The four grades, best first; the values are the words leaders choose and storage keeps."""

    GOOD = "好"
    FAIRLY_GOOD = "较好"
    AVERAGE = "一般"
    POOR = "差"


@dataclass(frozen=True)
class Rating:
    year: int
    department: str
    leader: int  # the user's id
    leader_name: str
    grade: Grade
    comment: str
    rated_at: datetime  # when last given or changed
