"""The public graph model as an allow-list: what an analyst's statement may touch.

These are the labels and relationship types of docs/graph-model.md (a test keeps the two in step).
Everything else in the database is private: users, sessions, API tokens, password resets,
follows, claims and their evidence (`Claim`, `ClaimEvent`, e-mail verifications), invitations,
conversations and messages, the mail outbox, Sign in with ORCID's pending states, and the
loaders' own `LoadMarker`. Being an allow-list, it also holds for private labels nobody has added
yet.

`AuthorshipRejection` is public: a researcher's statement that a work attached to their record is
not theirs, with the reason and date, which every author page shows (`rejectedWorks`) and the
works list and counts leave out. It holds no account: who made it is the private
`(:User)-[:REJECTED_AUTHORSHIP]->(:AuthorshipRejection)`.

The model's invariant that makes an allow-list of types enough: private data never uses a public
relationship type, so a typed public relationship leads only to public nodes (checked by
tests/test_analyst_model.py on every graph the tests build).
"""

from __future__ import annotations

PUBLIC_LABELS = frozenset(
    {"Author", "Work", "Topic", "Institution", "Source", "AuthorshipRejection"}
)
PUBLIC_RELATIONSHIP_TYPES = frozenset(
    {
        "AUTHORED",
        "AFFILIATED_WITH",
        "HAS_TOPIC",
        "SUBTOPIC_OF",
        "PUBLISHED_IN",
        "CITES",
        "COLLABORATES_WITH",
    }
)
PUBLIC_TOKENS = PUBLIC_LABELS | PUBLIC_RELATIONSHIP_TYPES
