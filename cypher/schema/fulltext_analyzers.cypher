// The analyzer of each full-text index the database has.
SHOW FULLTEXT INDEXES YIELD name, options
RETURN name, options.indexConfig['fulltext.analyzer'] AS analyzer
