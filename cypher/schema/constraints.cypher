// One uniqueness constraint per node key (docs/graph-model.md). Applied at start and by
// `kg schema apply`; IF NOT EXISTS makes every statement idempotent.
CREATE CONSTRAINT author_id IF NOT EXISTS FOR (n:Author) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT work_id IF NOT EXISTS FOR (n:Work) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT institution_id IF NOT EXISTS FOR (n:Institution) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
// Private: a sign-in with ORCID in flight, found by its state (kg/oidc.py).
CREATE CONSTRAINT oidc_pending_state IF NOT EXISTS FOR (n:OidcPending) REQUIRE n.state IS UNIQUE;
// Private: an ORCID iD belongs to at most one account (sign-in with ORCID finds it by this).
CREATE CONSTRAINT user_orcid IF NOT EXISTS FOR (n:User) REQUIRE n.orcid IS UNIQUE;
