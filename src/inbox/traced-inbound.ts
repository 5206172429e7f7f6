// A message from a mailbox as a span when tracing is on (issue 71 item 4; docs/operations.md
// "Traces"): the IMAP ingester and the Gmail / Graph readers both process through here. A CONSUMER
// span with the tenant, the mailbox's id and the message's UID, then what it was (reply, bounce,
// complaint, auto_reply, unmatched, ...) and whether it had been processed before; never its
// sender, subject or text. The reply's classification (an LLM call) and the campaign's reaction
// (the coordinator) are its children.
import { inSpan } from "../tracing/index.ts";
import {
  type InboxRef,
  type ProcessContext,
  type ProcessedMessage,
  processInboundMessage,
} from "./process-inbound.ts";

export function processInbound(
  ctx: ProcessContext,
  inbox: InboxRef,
  uidvalidity: string,
  uid: number,
  raw: Buffer,
  now: Date,
): Promise<ProcessedMessage> {
  return inSpan(
    "baton.inbound.message",
    {
      "baton.tenant_id": inbox.clientId,
      "baton.mailbox_id": inbox.id,
      "baton.inbound_id": `${uidvalidity}:${uid}`,
    },
    async (span) => {
      const r = await processInboundMessage(ctx, inbox, uidvalidity, uid, raw, now);
      span.set({ "baton.kind": r.kind, "baton.outcome": r.duplicate ? "duplicate" : "processed" });
      return r;
    },
    "consumer",
  );
}
