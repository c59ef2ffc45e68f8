// Last step: the authors are up to date.
UNWIND $ids AS id
MATCH (a:Author {id: id})
REMOVE a.collab_pending
