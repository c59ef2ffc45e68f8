// The state a claim decision reads, taken under write locks on the account and then the author
// (identity/claims.py runs this first in its transaction): concurrent claims of one record, or by
// one account, run one after another, and each sees what the one before it committed.
MATCH (u:User {id: $userId})
MATCH (a:Author {id: $authorId})
SET u._claim_lock = true, a._claim_lock = true
REMOVE u._claim_lock, a._claim_lock
WITH u, a
OPTIONAL MATCH (u)<-[:CLAIM_BY]-(open:Claim) WHERE open.open_user IS NOT NULL
WITH u, a, head(collect(open {.id, .status})) AS open
OPTIONAL MATCH (a)<-[:CLAIMED]-(holder:User)
RETURN open,
       holder.id AS holder,
       coalesce(a.unresolved, false) AS unresolved,
       u.orcid IS NOT NULL AND u.orcid = a.orcid AS orcid_match,
       u.orcid AS user_orcid,
       a.orcid AS author_orcid
