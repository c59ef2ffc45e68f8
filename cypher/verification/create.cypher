// A confirmation link for an institutional address, stored by the SHA-256 of its token only.
MATCH (c:Claim {id: $claimId, status: 'ACTIVE'})
CREATE (v:EmailVerification {key: $key, address: $address, institution: $institution,
                             created: datetime(),
                             expires: datetime() + duration({seconds: $seconds})})
CREATE (v)-[:VERIFIES]->(c)
CREATE (:ClaimEvent {at: datetime(), action: 'e-mail sent', actor: $userId,
                     detail: 'a confirmation link to ' + $address + ' (' + $institutionName + ')'})
       -[:EVENT_OF]->(c)
RETURN v.expires AS expires
