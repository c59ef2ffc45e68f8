// Ranked search over names and titles (searchAuthors, searchWorks, the explorer's search box).
CREATE FULLTEXT INDEX author_names IF NOT EXISTS FOR (n:Author) ON EACH [n.name];
CREATE FULLTEXT INDEX work_titles IF NOT EXISTS FOR (n:Work) ON EACH [n.title];
