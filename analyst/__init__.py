"""Analysts' ad hoc Cypher: the guard that keeps a statement read-only, public and bounded.

- `statement`: what the text alone shows (a small lexer: no comments or strings fool it);
- `plan`: what the EXPLAIN plan shows (operators, labels, relationship types, procedures);
- `guard`: both checks, then the run in a READ transaction with a time limit, a row cap and a
  check of every returned node, relationship and path;
- `render`: values, rows and plans as JSON, JSON Lines, CSV and text;
- `audit`, `saved`, `graph_schema`: the audit log, the saved queries, the schema listing.

The public graph model (docs/graph-model.md) is an allow-list (`model`): anything else in the same
database (users, sessions, tokens, follows, ...) is private, including labels added later.
"""
