"""The numbers that define the graph's derived facts, in one place (docs/graph-model.md)."""

# Works with more authors than this add no COLLABORATES_WITH edges.
MAX_TEAM_FOR_COLLABORATION = 50

# A collaborator is "close" when the Newman strength of the pair reaches this.
CLOSE_COLLABORATOR_STRENGTH = 0.25

# OpenAlex's id for the arXiv repository, used as the venue of arXiv preprints.
ARXIV_SOURCE_ID = "S4306400194"
