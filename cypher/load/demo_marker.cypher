// The marker of a complete demo load, written only after the load succeeded.
MATCH (m:LoadMarker {name: $name})
RETURN m.authors AS authors, m.seed AS seed, m.loaded_at AS loaded_at
