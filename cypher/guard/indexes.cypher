// The indexes with what they serve, for /cypher/schema (the listing keeps the public ones).
SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state, owningConstraint
WHERE type <> 'LOOKUP'
RETURN name, type, entityType, labelsOrTypes, properties, state, owningConstraint IS NOT NULL AS unique
ORDER BY name
