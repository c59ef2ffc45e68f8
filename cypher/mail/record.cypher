// One message in the outbox (identity/mail.py): what was sent, to whom, when, and how it went.
// `body` is whole only when nothing was delivered (no SMTP host: the outbox is the mailbox);
// a delivered message keeps its body with the secrets taken out.
CREATE (m:OutboxMail {id: $id, created: datetime(), to: $to, subject: $subject, kind: $kind,
                      body: $body, delivery: $delivery, error: $error})
RETURN m.id AS id
