// Whether the database kg import would build already holds a graph.
MATCH (n)
RETURN count(n) AS nodes
