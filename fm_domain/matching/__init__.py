"""Duty matching: place a work item against the 三定 duties of every department, with evidence.

``DutyIndex.build(catalog)`` once per catalog revision, then ``index.rank(text)`` for any number of items.
The vocabulary (domain dictionary, synonyms, concept thesaurus, stop words, role cues) and the thresholds
are data files in ``data/`` that staff can extend.
"""

from fm_domain.matching.index import Candidates, DutyIndex, Match
from fm_domain.matching.lexicon import Concept, LexiconError, Role
from fm_domain.matching.thesaurus import Thesaurus, bundled_thesaurus
from fm_domain.matching.thresholds import MatchThresholds, ParameterError, ScoringParameters

__all__ = [
    "Candidates",
    "Concept",
    "DutyIndex",
    "LexiconError",
    "Match",
    "MatchThresholds",
    "ParameterError",
    "Role",
    "ScoringParameters",
    "Thesaurus",
    "bundled_thesaurus",
]
