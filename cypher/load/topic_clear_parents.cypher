// A newer topic record may move the topic: forget its old parent first.
UNWIND $ids AS id
MATCH (:Topic {id: id})-[r:SUBTOPIC_OF]->()
DELETE r
