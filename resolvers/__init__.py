"""GraphQL resolvers: thin functions over named Cypher queries and per-request DataLoaders."""
