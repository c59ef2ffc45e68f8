// One statement per full-text index of fulltext.cypher, to drop it when its analyzer is not
// the one fulltext.cypher names (kg/db.py matches them by index name).
DROP INDEX author_names IF EXISTS;
DROP INDEX work_titles IF EXISTS;
