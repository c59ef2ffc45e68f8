// Rising topics: topics whose works in a recent period most outnumber those of an earlier one.
// $earlier: the first year of the earlier period (e.g. 2015)
// $recent: the first year of the recent period, which runs to the newest work (e.g. 2021)
// $min_works: the fewest recent works a topic needs to be listed (e.g. 5)
MATCH (w:Work)-[:HAS_TOPIC]->(t:Topic)
WHERE w.year >= $earlier
WITH t, sum(CASE WHEN w.year >= $recent THEN 1 ELSE 0 END) AS recent_works,
     sum(CASE WHEN w.year < $recent THEN 1 ELSE 0 END) AS earlier_works
WHERE recent_works >= $min_works
RETURN t.id AS id, t.name AS name, t.level AS level, earlier_works, recent_works,
       round(toFloat(recent_works) / (earlier_works + 1), 2) AS growth
ORDER BY growth DESC, recent_works DESC, id
LIMIT 50
