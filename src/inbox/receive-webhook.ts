// One request a provider posted to its webhook URL (issue 35 item 5): find the tenant's endpoint,
// prove the request is the provider's (refused with a code otherwise, and nothing changes), read
// its bounces and complaints, and apply each once (apply-mail-event.ts).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { assertNever } from "../plays/index.ts";
import { applyMailEvent, webhookEventRecorder } from "./apply-mail-event.ts";
import type { MailEvent } from "./mail-event.ts";
import {
  DEFAULT_MAX_AGE_S,
  ensureWebhookPrincipal,
  type LoadedWebhook,
  loadWebhook,
} from "./manage-webhooks.ts";
import { mailgunEvents, verifyMailgun } from "./webhook-mailgun.ts";
import { postmarkEvents, verifyPostmark } from "./webhook-postmark.ts";
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  sendgridEvents,
  verifySendgrid,
} from "./webhook-sendgrid.ts";
import {
  confirmSubscription,
  defaultSnsTransport,
  type SnsTransport,
  sesEvents,
  snsMessageOf,
  verifySns,
} from "./webhook-ses.ts";

export interface WebhookRequest {
  provider: string;
  id: string;
  /** the URL's last segment after the id (postmark's path token) */
  pathToken?: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface ReceiveDeps {
  db: Kysely<DB>;
  /** BATON_SECRET: unseals the endpoint's keys */
  secret: string;
  softBounceLimit: number;
  /** SNS certificate and SubscribeURL fetching (default: https from sns.<region>.amazonaws.com) */
  sns?: SnsTransport;
}

export interface ReceiveResult {
  received: number;
  applied: number;
  unmatched: number;
  ignored: number;
  duplicate: number;
  events: { provider_event_id: string; kind: string; outcome: string; why: string; duplicate: boolean }[];
  /** ses: what a SubscriptionConfirmation / UnsubscribeConfirmation did */
  subscription?: "confirmed" | "unsubscribed";
}

export function header(h: WebhookRequest["headers"], name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function parseJson(provider: string, raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new BatonError("WEBHOOK_PAYLOAD_INVALID", { provider, why: "not JSON" });
  }
}

export async function receiveWebhook(
  deps: ReceiveDeps,
  req: WebhookRequest,
  now: Date,
): Promise<ReceiveResult> {
  const hook = await loadWebhook(deps.db, deps.secret, req.provider, req.id);
  switch (hook.provider) {
    case "mailgun":
      return receiveMailgun(deps, hook, req, now);
    case "ses":
      return receiveSes(deps, hook, req, now);
    case "sendgrid": {
      verifySendgrid(
        hook.settings.verification_key ?? "",
        header(req.headers, SENDGRID_SIGNATURE_HEADER),
        header(req.headers, SENDGRID_TIMESTAMP_HEADER),
        req.rawBody,
        now,
        hook.settings.max_age_s ?? DEFAULT_MAX_AGE_S,
      );
      const { events, ignored } = sendgridEvents(parseJson("sendgrid", req.rawBody));
      return applyAll(deps, hook, events, ignored, now);
    }
    case "postmark": {
      verifyPostmark(hook.settings, hook.secrets, header(req.headers, "authorization"), req.pathToken);
      const { events, ignored } = postmarkEvents(parseJson("postmark", req.rawBody));
      return applyAll(deps, hook, events, ignored, now);
    }
    default:
      return assertNever(hook.provider);
  }
}

async function receiveSes(
  deps: ReceiveDeps,
  hook: LoadedWebhook,
  req: WebhookRequest,
  now: Date,
): Promise<ReceiveResult> {
  const m = snsMessageOf(parseJson("ses", req.rawBody));
  const transport = deps.sns ?? defaultSnsTransport;
  await verifySns(m, hook.settings.topic_arns ?? [], transport, now);
  if (m.Type === "SubscriptionConfirmation") {
    await confirmSubscription(m, transport);
    await deps.db
      .updateTable("mail_webhooks")
      .set({ subscribed_at: now, updated_at: now })
      .where("client_id", "=", hook.clientId)
      .where("id", "=", hook.id)
      .execute();
    return { ...(await applyAll(deps, hook, [], 0, now)), subscription: "confirmed" };
  }
  if (m.Type === "UnsubscribeConfirmation") {
    await deps.db
      .updateTable("mail_webhooks")
      .set({ subscribed_at: null, updated_at: now })
      .where("client_id", "=", hook.clientId)
      .where("id", "=", hook.id)
      .execute();
    return { ...(await applyAll(deps, hook, [], 0, now)), subscription: "unsubscribed" };
  }
  const { events, ignored } = sesEvents(m);
  return applyAll(deps, hook, events, ignored, now);
}

async function receiveMailgun(
  deps: ReceiveDeps,
  hook: LoadedWebhook,
  req: WebhookRequest,
  now: Date,
): Promise<ReceiveResult> {
  const body = parseJson("mailgun", req.rawBody);
  const sig = verifyMailgun(
    body,
    hook.secrets.signing_key ?? "",
    now,
    hook.settings.max_age_s ?? DEFAULT_MAX_AGE_S,
  );
  const { events, ignored } = mailgunEvents(body);
  // the token is taken before anything acts; given back if applying fails (the provider retries)
  const taken = await deps.db
    .insertInto("mail_webhook_tokens")
    .values({ client_id: hook.clientId, webhook_id: hook.id, token: sig.token, seen_at: now })
    .onConflict((oc) => oc.columns(["client_id", "webhook_id", "token"]).doNothing())
    .returning("token")
    .executeTakeFirst();
  if (!taken) throw new BatonError("WEBHOOK_REPLAYED", { provider: "mailgun" });
  await deps.db
    .deleteFrom("mail_webhook_tokens")
    .where("client_id", "=", hook.clientId)
    .where("webhook_id", "=", hook.id)
    .where("seen_at", "<", new Date(now.getTime() - 86_400_000))
    .execute();
  try {
    return await applyAll(deps, hook, events, ignored, now);
  } catch (e) {
    await deps.db
      .deleteFrom("mail_webhook_tokens")
      .where("client_id", "=", hook.clientId)
      .where("webhook_id", "=", hook.id)
      .where("token", "=", sig.token)
      .execute();
    throw e;
  }
}

export async function applyAll(
  deps: ReceiveDeps,
  hook: LoadedWebhook,
  events: MailEvent[],
  ignored: number,
  now: Date,
): Promise<ReceiveResult> {
  const out: ReceiveResult = {
    received: events.length + ignored,
    applied: 0,
    unmatched: 0,
    ignored,
    duplicate: 0,
    events: [],
  };
  if (events.length === 0) return out;
  const actor = await ensureWebhookPrincipal(deps.db, hook.clientId);
  const ctx = {
    db: deps.db,
    clientId: hook.clientId,
    actor,
    softBounceLimit: deps.softBounceLimit,
    recorder: webhookEventRecorder({ clientId: hook.clientId, webhookId: hook.id }),
  };
  for (const e of events) {
    const r = await applyMailEvent(ctx, e, now);
    if (r.duplicate) out.duplicate++;
    else out[r.outcome]++;
    out.events.push({
      provider_event_id: r.providerEventId,
      kind: r.kind,
      outcome: r.outcome,
      why: r.why,
      duplicate: r.duplicate,
    });
  }
  return out;
}
