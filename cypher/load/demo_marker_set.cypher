MERGE (m:LoadMarker {name: $name})
SET m.authors = $authors, m.seed = $seed, m.loaded_at = datetime()
