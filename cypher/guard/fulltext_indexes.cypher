// The full-text indexes with the labels or types they cover; the guard allows look-ups in those
// that cover only the public graph model.
SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, state
RETURN name, labelsOrTypes, state
