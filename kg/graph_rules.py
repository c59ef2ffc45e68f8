"""The numbers and closed sets that define the graph, in one place (docs/graph-model.md)."""

from enum import StrEnum

# Works with more authors than this add no COLLABORATES_WITH edges.
MAX_TEAM_FOR_COLLABORATION = 50

# Stored strengths are rounded to this many decimals, so that equal sums reached in a different
# order (4.75 and 4.749999999999999) are equal, and ties fall to the documented tie-break.
STRENGTH_DECIMALS = 9

# A collaborator is "close" when the Newman strength of the pair reaches this.
CLOSE_COLLABORATOR_STRENGTH = 0.25

# OpenAlex's id for the arXiv repository, used as the venue of arXiv preprints.
ARXIV_SOURCE_ID = "S4306400194"


# The closed sets of values the graph stores (docs/graph-model.md). Member names are lower-case
# because they are also the API's enum values, which keep the strings the API always returned.
class AuthorPosition(StrEnum):
    first = "first"
    middle = "middle"
    last = "last"


class TopicLevel(StrEnum):
    topic = "topic"
    subfield = "subfield"
    field = "field"
    domain = "domain"
