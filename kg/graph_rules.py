"""The numbers that define the graph's derived facts, in one place (docs/graph-model.md)."""

# Works with more authors than this add no COLLABORATES_WITH edges.
MAX_TEAM_FOR_COLLABORATION = 50

# Stored strengths are rounded to this many decimals, so that equal sums reached in a different
# order (4.75 and 4.749999999999999) are equal, and ties fall to the documented tie-break.
STRENGTH_DECIMALS = 9

# A collaborator is "close" when the Newman strength of the pair reaches this.
CLOSE_COLLABORATOR_STRENGTH = 0.25

# OpenAlex's id for the arXiv repository, used as the venue of arXiv preprints.
ARXIV_SOURCE_ID = "S4306400194"
