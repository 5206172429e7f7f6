// Provider webhook endpoints (issue 35 item 5): RevOps and admins add one per provider account,
// list them (never a secret), read their recent events, and remove them. What verifies requests:
//   ses       topic_arns (the SNS topics accepted; the SNS signature is checked against AWS's cert)
//   sendgrid  verification_key (the Event Webhook's public ECDSA key; not secret)
//   mailgun   signing_key (the HTTP webhook signing key; sealed)
//   postmark  basic_user + basic_password and/or path_token (Postmark signs nothing; sealed)
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { createPrincipal } from "../auth/create-principal.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { decryptSecret, encryptSecret } from "./inbox-secret.ts";
import { INBOX_MANAGER_ROLES, INBOX_READER_ROLES } from "./manage-inboxes.ts";
import type { WebhookProvider, WebhookSecrets, WebhookSettings } from "./webhook-tables.ts";

/** The tenant's webhook agent: it reports the bounces providers post (event log, send items). */
export const WEBHOOK_AGENT_ID = "AGT-1201";
export const DEFAULT_MAX_AGE_S = 300;
export const WEBHOOK_PATH = "/api/v1/inbound/webhooks";

export function ensureWebhookPrincipal(db: Kysely<DB>, clientId: string): Promise<Principal> {
  return createPrincipal(db, { clientId, displayName: "Provider webhooks", agentId: WEBHOOK_AGENT_ID });
}

export interface AddWebhookInput {
  provider: WebhookProvider;
  topicArns?: string[];
  verificationKey?: string;
  signingKey?: string;
  basicUser?: string;
  basicPassword?: string;
  pathToken?: string;
  maxAgeS?: number;
}

export interface WebhookView {
  id: string;
  provider: WebhookProvider;
  /** the URL to give the provider (postmark: add /<path token> and the Basic credentials) */
  url: string;
  topic_arns: string[] | null;
  verification_key: string | null;
  basic_user: string | null;
  /** which secrets are set, never their values */
  secrets: string[];
  max_age_s: number | null;
  subscribed_at: string | null;
  last_event_at: string | null;
  events_count: string;
  created_at: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOPIC_ARN = /^arn:aws(-[a-z]+)*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

function invalid(provider: string, why: string, hint?: string): never {
  throw new BatonError("WEBHOOK_CONFIG_INVALID", { provider, why, hint });
}

/** A base64 DER SPKI of an EC P-256 key, or a PEM of one: the canonical base64 DER, or throws. */
export function parseVerificationKey(key: string): crypto.KeyObject {
  const pem = key.includes("BEGIN")
    ? key
    : `-----BEGIN PUBLIC KEY-----\n${key.replace(/\s+/g, "")}\n-----END PUBLIC KEY-----\n`;
  const k = crypto.createPublicKey(pem);
  if (k.asymmetricKeyType !== "ec" || k.asymmetricKeyDetails?.namedCurve !== "prime256v1")
    throw new Error("not an ECDSA P-256 public key");
  return k;
}

/** What verifies the endpoint's requests, checked: its settings and the secrets to seal. */
function configOf(input: AddWebhookInput): { settings: WebhookSettings; secrets: WebhookSecrets } {
  const p = input.provider;
  const settings: WebhookSettings = {};
  const secrets: WebhookSecrets = {};
  switch (p) {
    case "ses": {
      const arns = [...new Set(input.topicArns ?? [])];
      if (arns.length === 0)
        invalid(p, "topic_arns is required", "Give the ARN of the SNS topic your SES identity notifies.");
      for (const a of arns) if (!TOPIC_ARN.test(a)) invalid(p, `${a.slice(0, 80)} is not an SNS topic ARN`);
      settings.topic_arns = arns;
      break;
    }
    case "sendgrid": {
      if (!input.verificationKey) invalid(p, "verification_key is required");
      let k: crypto.KeyObject;
      try {
        k = parseVerificationKey(input.verificationKey);
      } catch {
        invalid(p, "verification_key is not an ECDSA P-256 public key (base64 or PEM)");
      }
      settings.verification_key = (k.export({ type: "spki", format: "der" }) as Buffer).toString("base64");
      break;
    }
    case "mailgun": {
      if (!input.signingKey || input.signingKey.length < 8) invalid(p, "signing_key is required");
      secrets.signing_key = input.signingKey;
      break;
    }
    case "postmark": {
      const basic = input.basicUser !== undefined || input.basicPassword !== undefined;
      if (basic && (!input.basicUser || !input.basicPassword || input.basicUser.includes(":")))
        invalid(p, "basic_user (no ':') and basic_password go together");
      if (input.pathToken !== undefined && !/^[A-Za-z0-9_-]{24,200}$/.test(input.pathToken))
        invalid(p, "path_token must be 24 to 200 characters of A-Z a-z 0-9 _ -");
      if (!basic && input.pathToken === undefined)
        invalid(p, "give basic_user and basic_password, a path_token, or both");
      if (basic) {
        settings.basic_user = input.basicUser;
        secrets.basic_password = input.basicPassword;
      }
      if (input.pathToken) secrets.path_token = input.pathToken;
      break;
    }
    default:
      invalid(String(p), "unknown provider (ses, sendgrid, mailgun, postmark)");
  }
  if (input.maxAgeS !== undefined) {
    if (!Number.isInteger(input.maxAgeS) || input.maxAgeS < 30 || input.maxAgeS > 86_400)
      invalid(p, "max_age_s is between 30 and 86400");
    settings.max_age_s = input.maxAgeS;
  }
  settings.secret_names = Object.keys(secrets);
  return { settings, secrets };
}

const seal = (secret: string, secrets: WebhookSecrets) =>
  Object.keys(secrets).length > 0 ? encryptSecret(secret, JSON.stringify(secrets)) : null;

export async function addWebhook(
  db: Kysely<DB>,
  actor: Principal,
  secret: string,
  publicUrl: string,
  input: AddWebhookInput,
  now: Date,
): Promise<WebhookView> {
  requireRole(actor, "configure provider webhooks", ...INBOX_MANAGER_ROLES);
  const { settings, secrets } = configOf(input);
  const row = await db
    .insertInto("mail_webhooks")
    .values({
      client_id: actor.clientId,
      provider: input.provider,
      settings: JSON.stringify(settings),
      secret_enc: seal(secret, secrets),
      created_by_principal_id: actor.kind === "person" ? actor.principalId : null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ensureWebhookPrincipal(db, actor.clientId);
  return view(row, publicUrl);
}

/**
 * New keys for an endpoint (a rotated signing key, new Postmark credentials, other topics): its
 * URL and its event record stay; everything it verified with before is replaced.
 */
export async function replaceWebhookKeys(
  db: Kysely<DB>,
  actor: Principal,
  secret: string,
  publicUrl: string,
  id: string,
  input: AddWebhookInput,
  now: Date,
): Promise<WebhookView> {
  requireRole(actor, "configure provider webhooks", ...INBOX_MANAGER_ROLES);
  if (!UUID.test(id)) throw new BatonError("NOT_FOUND", { entity: "webhook", id: id.slice(0, 40) });
  const { settings, secrets } = configOf(input);
  const row = await db
    .updateTable("mail_webhooks")
    .set({ settings: JSON.stringify(settings), secret_enc: seal(secret, secrets), updated_at: now })
    .where("client_id", "=", actor.clientId)
    .where("id", "=", id)
    .where("provider", "=", input.provider)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new BatonError("NOT_FOUND", { entity: `${input.provider} webhook`, id });
  return view(row, publicUrl);
}

type Row = {
  id: string;
  provider: WebhookProvider;
  settings: WebhookSettings;
  secret_enc: string | null;
  subscribed_at: Date | null;
  last_event_at: Date | null;
  events_count: string;
  created_at: Date;
};

function view(r: Row, publicUrl: string): WebhookView {
  const s = r.settings ?? {};
  return {
    id: r.id,
    provider: r.provider,
    url: `${publicUrl.replace(/\/$/, "")}${WEBHOOK_PATH}/${r.provider}/${r.id}`,
    topic_arns: s.topic_arns ?? null,
    verification_key: s.verification_key ?? null,
    basic_user: s.basic_user ?? null,
    secrets: s.secret_names ?? [],
    max_age_s: s.max_age_s ?? null,
    subscribed_at: r.subscribed_at?.toISOString() ?? null,
    last_event_at: r.last_event_at?.toISOString() ?? null,
    events_count: String(r.events_count),
    created_at: r.created_at.toISOString(),
  };
}

export async function listWebhooks(
  db: Kysely<DB>,
  actor: Principal,
  publicUrl: string,
): Promise<WebhookView[]> {
  requireRole(actor, "read provider webhooks", ...INBOX_READER_ROLES);
  const rows = await db
    .selectFrom("mail_webhooks")
    .selectAll()
    .where("client_id", "=", actor.clientId)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => view(r, publicUrl));
}

export async function removeWebhook(
  db: Kysely<DB>,
  actor: Principal,
  id: string,
): Promise<{ id: string; removed: true }> {
  requireRole(actor, "remove provider webhooks", ...INBOX_MANAGER_ROLES);
  if (!UUID.test(id)) throw new BatonError("NOT_FOUND", { entity: "webhook", id: id.slice(0, 40) });
  const r = await db
    .deleteFrom("mail_webhooks")
    .where("client_id", "=", actor.clientId)
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();
  if (!r) throw new BatonError("NOT_FOUND", { entity: "webhook", id });
  return { id, removed: true };
}

export interface WebhookEventView {
  provider_event_id: string;
  kind: string;
  outcome: string;
  why: string;
  recipient: string | null;
  status: string | null;
  reason: string | null;
  hard: boolean | null;
  sender_fault: boolean | null;
  feedback_type: string | null;
  original_message_id: string | null;
  contact_id: string | null;
  occurred_at: string | null;
  received_at: string;
  details: Record<string, unknown>;
}

export async function listWebhookEvents(
  db: Kysely<DB>,
  actor: Principal,
  id: string,
  args: PageArgs = {},
): Promise<Page<WebhookEventView>> {
  requireRole(actor, "read provider webhook events", ...INBOX_READER_ROLES);
  if (!UUID.test(id)) throw new BatonError("NOT_FOUND", { entity: "webhook", id: id.slice(0, 40) });
  const hook = await db
    .selectFrom("mail_webhooks")
    .select("id")
    .where("client_id", "=", actor.clientId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!hook) throw new BatonError("NOT_FOUND", { entity: "webhook", id });
  const q = db
    .selectFrom("mail_webhook_events")
    .selectAll()
    .where("client_id", "=", actor.clientId)
    .where("webhook_id", "=", id);
  const key = [
    { column: "received_at", kind: "time" },
    { column: "provider_event_id", kind: "text" },
  ] as const;
  const limit = Number.isFinite(args.limit) ? args.limit : undefined;
  const spec = { list: `webhook-events:${id}`, tenant: actor.clientId, key, direction: "desc" } as const;
  const page = await keysetPage(q, spec, { limit, cursor: args.cursor }, 50);
  const items = page.items.map((r) => ({
    provider_event_id: r.provider_event_id,
    kind: r.kind,
    outcome: r.outcome,
    why: r.why,
    recipient: r.recipient,
    status: r.status,
    reason: r.reason,
    hard: r.hard,
    sender_fault: r.sender_fault,
    feedback_type: r.feedback_type,
    original_message_id: r.original_message_id,
    contact_id: r.contact_id,
    occurred_at: r.occurred_at?.toISOString() ?? null,
    received_at: r.received_at.toISOString(),
    details: r.details,
  }));
  return { items, next_cursor: page.next_cursor };
}

export interface LoadedWebhook {
  clientId: string;
  id: string;
  provider: WebhookProvider;
  settings: WebhookSettings;
  secrets: WebhookSecrets;
  subscribedAt: Date | null;
}

/** The endpoint a receiving URL names, its secrets unsealed; WEBHOOK_NOT_FOUND otherwise. */
export async function loadWebhook(
  db: Kysely<DB>,
  secret: string,
  provider: string,
  id: string,
): Promise<LoadedWebhook> {
  const notFound = () => new BatonError("WEBHOOK_NOT_FOUND", { provider, id: id.slice(0, 40) });
  if (!UUID.test(id)) throw notFound();
  const r = await db
    .selectFrom("mail_webhooks")
    .selectAll()
    .where("id", "=", id)
    .where("provider", "=", provider as WebhookProvider)
    .executeTakeFirst();
  if (!r) throw notFound();
  let secrets: WebhookSecrets = {};
  if (r.secret_enc) {
    const plain = decryptSecret(secret, r.secret_enc);
    // sealed under another BATON_SECRET: nothing can verify, so nothing is accepted
    if (plain === null)
      throw new BatonError("WEBHOOK_SIGNATURE_INVALID", {
        provider,
        why: "the endpoint's key cannot be read (BATON_SECRET changed); add the endpoint again",
      });
    secrets = JSON.parse(plain) as WebhookSecrets;
  }
  return {
    clientId: r.client_id,
    id: r.id,
    provider: r.provider,
    settings: r.settings ?? {},
    secrets,
    subscribedAt: r.subscribed_at,
  };
}
