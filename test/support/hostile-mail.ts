// A parsed inbound message around a hostile text (issue 73 item 4), for test/replies/hostile-text.test.ts
// and bench/hostile-text.ts: a person's reply, or a mailer daemon's bounce (which the inbox reads
// for failed recipients' addresses).
import type { InboundMessage } from "../../src/inbox/parse-inbound.ts";

export function hostileMail(text: string, bounce = false): InboundMessage {
  return {
    messageId: "<m@x.example>",
    inReplyTo: null,
    references: [],
    from: bounce ? "mailer-daemon@x.example" : "ana@x.example",
    subject: bounce ? "Undelivered Mail Returned to Sender" : "Re: hello",
    date: null,
    text,
    autoHeader: null,
    dsn: null,
    headers: new Map(),
  };
}
