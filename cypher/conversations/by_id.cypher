// One conversation, only for one of its participants (no row for anybody else).
MATCH (:User {id: $userId})-[:PARTICIPATES_IN]->(c:Conversation {id: $id})
RETURN c {.id, .created, .closed_at, .closed_by, .last_seq, .last_message_at, .subject_text,
          .subject_kind, .subject_id,
          participants: COLLECT { MATCH (u:User)-[p:PARTICIPATES_IN]->(c)
                                  RETURN {user: u.id, author: p.author, read_upto: p.read_upto,
                                          read_at: p.read_at} ORDER BY u.id }} AS conversation
