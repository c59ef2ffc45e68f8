// How many nodes of each kind the graph holds (the front page and `kg demo` print these).
CALL () { MATCH (n:Author) RETURN count(n) AS authors }
CALL () { MATCH (n:Work) RETURN count(n) AS works }
CALL () { MATCH (n:Topic) RETURN count(n) AS topics }
CALL () { MATCH (n:Institution) RETURN count(n) AS institutions }
CALL () { MATCH (n:Source) RETURN count(n) AS sources }
RETURN authors, works, topics, institutions, sources
