// The engine's deliveries (send-approved.ts, send-locked.ts, send-in-step.ts all send through
// deliver): the locked items' messages, written like a person's when their mailbox is one
// (like-a-person.ts), through the channel's ledger, and a span when tracing is on (issue 71 item 4).
import type { OutboundEmail, SendResult } from "../channels/index.ts";
import { inSpan } from "../tracing/index.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { likeAPerson } from "./like-a-person.ts";
import type { Locked } from "./locked-item.ts";

function message(it: Locked): OutboundEmail {
  return {
    clientId: it.client_id,
    to: it.to_id,
    subject: it.subject ?? "",
    text: it.body,
    headers: { "X-Baton-Send-Item": it.id, "X-Baton-Idempotency-Key": it.idempotency_key },
    idempotencyKey: it.idempotency_key,
    // the channel adds the signed one-click List-Unsubscribe headers for this contact (RFC 8058)
    contactId: it.contact_id,
    transactional: it.kind === "transactional",
  };
}

/**
 * The items' messages through the channel, a span when tracing is on (issue 71 item 4): the tenant,
 * how many, an event per item (its id, enrollment, step and the channel's answer); the deliveries
 * (SMTP, a provider's API) are its children.
 */
export function deliver(deps: EngineDeps, items: Locked[], now: Date): Promise<SendResult[]> {
  if (items.length === 0) return deliverItems(deps, items, now);
  const one = items.length === 1 ? items[0] : undefined;
  const attributes = {
    "baton.tenant_id": items[0].client_id,
    "baton.count": items.length,
    "baton.send_item_id": one?.id,
    "baton.enrollment_id": one?.enrollment_id,
    "baton.campaign_id": one?.campaign_id,
  };
  return inSpan("baton.engine.send", attributes, async (span) => {
    const out = await deliverItems(deps, items, now);
    if (span.recording)
      for (const [i, it] of items.entries())
        span.event("baton.send_item", {
          "baton.send_item_id": it.id,
          "baton.enrollment_id": it.enrollment_id,
          "baton.step": it.step_number,
          "baton.outcome": out[i]?.status,
        });
    if (one) span.set({ "baton.outcome": out[0]?.status });
    return out;
  });
}

async function deliverItems(deps: EngineDeps, items: Locked[], now: Date): Promise<SendResult[]> {
  const email = deps.email!;
  const messages = await likeAPerson(deps.db, items, items.map(message));
  // exclusive: we hold these items' row locks (PostgreSQL), their enrollments' before they exist (a
  // step's, send-in-step.ts), or their claims (PGlite's one process)
  if (email.sendMany) return email.sendMany(messages, now, { exclusive: true });
  const out: SendResult[] = [];
  for (const m of messages) out.push(await email.send(m, now));
  return out;
}
