// The holder of the active claim of a record edits its researcher-owned fields: a null parameter
// leaves a field as it is. Each set field records when (`<field>_set_at`); loads never overwrite
// a field that has that date (cypher/load/author_upsert.cypher).
MATCH (u:User {id: $userId})-[:CLAIMED]->(a:Author)
SET a.open_to_collaborate = coalesce($openToCollaborate, a.open_to_collaborate),
    a.open_to_collaborate_set_at = CASE WHEN $openToCollaborate IS NULL
                                   THEN a.open_to_collaborate_set_at ELSE datetime() END,
    a.description = CASE WHEN $description IS NULL THEN a.description
                    WHEN $description = '' THEN null ELSE $description END,
    a.description_set_at = CASE WHEN $description IS NULL THEN a.description_set_at
                           ELSE datetime() END
RETURN a.id AS id
