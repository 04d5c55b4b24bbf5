"""Partner suggestions: who could work with us, and in what role, with reasons.

- scope.py: the area asked about and each role's reach (distances from core/geo.py);
- score.py: pure scoring, the same for the online answer and the evaluation;
- fetch.py: the few key lookups a request makes;
- reasons.py: plain-Japanese reasons, each with its evidence;
- finder.py: the two questions, put together.
"""

from tsunagari.suggest.fetch import OrganisationNotFound, resolve_organisation
from tsunagari.suggest.finder import (
    Complementary,
    Suggestion,
    SuggestionResult,
    check_role,
    suggest_for_need,
    suggest_for_organisation,
)
from tsunagari.suggest.reasons import Evidence, Reason
from tsunagari.suggest.scope import AreaScope, SuggestError, area_level, area_scope
from tsunagari.suggest.score import WEIGHTS

__all__ = [
    "WEIGHTS", "AreaScope", "Complementary", "Evidence", "OrganisationNotFound", "Reason",
    "SuggestError", "Suggestion", "SuggestionResult", "area_level", "area_scope", "check_role",
    "resolve_organisation", "suggest_for_need", "suggest_for_organisation",
]
