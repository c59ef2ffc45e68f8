// A sign-in with ORCID in flight (private, not part of the public graph): what the callback needs,
// kept until the browser comes back. Expired ones are removed here, a bounded batch at a time.
CREATE (:OidcPending {
  state: $state, nonce: $nonce, code_verifier: $code_verifier, next: $next, link_user: $link_user,
  expires_at: datetime() + duration({seconds: $seconds})
})
WITH 1 AS done
CALL () {
  MATCH (old:OidcPending) WHERE old.expires_at < datetime()
  WITH old LIMIT 100
  DELETE old
}
RETURN done
