// One uniqueness constraint per node key (docs/graph-model.md). Applied at start and by
// `kg schema apply`; IF NOT EXISTS makes every statement idempotent.
CREATE CONSTRAINT author_id IF NOT EXISTS FOR (n:Author) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT work_id IF NOT EXISTS FOR (n:Work) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT institution_id IF NOT EXISTS FOR (n:Institution) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
// Private data (docs/graph-model.md, "Private data"): accounts, sessions, API tokens, resets.
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (n:User) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT user_email IF NOT EXISTS FOR (n:User) REQUIRE n.email IS UNIQUE;
CREATE CONSTRAINT user_orcid IF NOT EXISTS FOR (n:User) REQUIRE n.orcid IS UNIQUE;
CREATE CONSTRAINT session_key IF NOT EXISTS FOR (n:Session) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT api_token_key IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT password_reset_key IF NOT EXISTS FOR (n:PasswordReset) REQUIRE n.key IS UNIQUE;
// Private: sign-up confirmation links, by the SHA-256 of their token (identity/confirmation.py).
CREATE CONSTRAINT email_confirmation_key IF NOT EXISTS FOR (n:EmailConfirmation) REQUIRE n.key IS UNIQUE;
// Private: a sign-in with ORCID in flight, found by its state (kg/oidc.py).
CREATE CONSTRAINT oidc_pending_state IF NOT EXISTS FOR (n:OidcPending) REQUIRE n.state IS UNIQUE;
// Private: claims of author records and their audit trail (identity/claims.py). active_author is
// set only while a claim is active, open_user while it is active or in review (null otherwise,
// and uniqueness ignores nulls): one record <-> one account, enforced by Neo4j itself.
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT claim_active_author IF NOT EXISTS FOR (n:Claim) REQUIRE n.active_author IS UNIQUE;
CREATE CONSTRAINT claim_open_user IF NOT EXISTS FOR (n:Claim) REQUIRE n.open_user IS UNIQUE;
// Private: institutional e-mail confirmation links (by the SHA-256 of their token) and the outbox
// of every message the service sent (identity/verification.py, identity/mail.py).
CREATE CONSTRAINT email_verification_key IF NOT EXISTS FOR (n:EmailVerification) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT outbox_mail_id IF NOT EXISTS FOR (n:OutboxMail) REQUIRE n.id IS UNIQUE;
// Private: authorships a record's holder rejected (`<author id>|<work id>`; identity/profile.py).
CREATE CONSTRAINT authorship_rejection_key IF NOT EXISTS FOR (n:AuthorshipRejection) REQUIRE n.key IS UNIQUE;
// Private: collaboration (identity/collaboration.py). `open_pair` is set only while an invitation
// (or a conversation) is open, to the two accounts' ids in order: one open per pair, whatever
// the direction, even when both write at once (null values are not constrained).
CREATE CONSTRAINT invitation_id IF NOT EXISTS FOR (n:Invitation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT invitation_open_pair IF NOT EXISTS FOR (n:Invitation) REQUIRE n.open_pair IS UNIQUE;
CREATE CONSTRAINT conversation_id IF NOT EXISTS FOR (n:Conversation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT conversation_open_pair IF NOT EXISTS FOR (n:Conversation) REQUIRE n.open_pair IS UNIQUE;
CREATE CONSTRAINT message_id IF NOT EXISTS FOR (n:Message) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT graph_version_id IF NOT EXISTS FOR (n:GraphVersion) REQUIRE n.id IS UNIQUE;
