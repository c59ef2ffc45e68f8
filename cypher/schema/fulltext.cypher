// Ranked search over names and titles (searchAuthors, searchWorks, the explorer's search box).
// The analyzer folds case and accents (ASCII folding: "Prodanovic" finds "Prodanović"); an index
// made with another analyzer is dropped and rebuilt by `kg schema apply` and at every start
// (kg/db.py, cypher/schema/fulltext_drop.cypher), since its options cannot be altered.
CREATE FULLTEXT INDEX author_names IF NOT EXISTS FOR (n:Author) ON EACH [n.name]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CREATE FULLTEXT INDEX work_titles IF NOT EXISTS FOR (n:Work) ON EACH [n.title]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
