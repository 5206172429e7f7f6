// Meeting webhook endpoints (issue 41 item 2): RevOps and admins add one per Calendly or Cal.com
// account with the signing key they set there (sealed, never returned), list them with the URL to
// give the tool, and remove them (the meetings they brought stay). Senders set their booking link.
import type { Kysely } from "kysely";
import { createPrincipal } from "../auth/create-principal.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import { encryptSecret } from "../inbox/index.ts";
import { validBookingUrl } from "./booking-link.ts";
import { MEETING_PROVIDERS, type MeetingProvider } from "./tables.ts";

export const MEETING_WEBHOOK_PATH = "/api/v1/inbound/meetings";
/** The agent that reports what the scheduling tools post (actor of the exits and events). */
export const MEETING_AGENT_ID = "AGT-1202";
const MANAGERS = ["admin", "revops"] as const;
const READERS = ["admin", "revops", "slm", "exec"] as const;
export const DEFAULT_MEETING_MAX_AGE_S = 300;

export function ensureMeetingPrincipal(db: Kysely<DB>, clientId: string): Promise<Principal> {
  return createPrincipal(db, { clientId, displayName: "Scheduling webhooks", agentId: MEETING_AGENT_ID });
}

export interface MeetingWebhookView {
  id: string;
  provider: MeetingProvider;
  /** the URL to give the scheduling tool's webhook */
  url: string;
  max_age_s: number;
  last_event_at: string | null;
  events_count: string;
  created_at: string;
}

type Row = {
  id: string;
  provider: MeetingProvider;
  max_age_s: number;
  last_event_at: Date | null;
  events_count: string;
  created_at: Date;
};
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const view = (publicUrl: string, r: Row): MeetingWebhookView => ({
  id: r.id,
  provider: r.provider,
  url: `${publicUrl.replace(/\/$/, "")}${MEETING_WEBHOOK_PATH}/${r.provider}/${r.id}`,
  max_age_s: r.max_age_s,
  last_event_at: iso(r.last_event_at),
  events_count: String(r.events_count),
  created_at: new Date(r.created_at).toISOString(),
});
const COLUMNS = ["id", "provider", "max_age_s", "last_event_at", "events_count", "created_at"] as const;

export async function addMeetingWebhook(
  db: Kysely<DB>,
  actor: Principal,
  secret: string,
  publicUrl: string,
  input: { provider: string; signingKey: string; maxAgeS?: number },
): Promise<MeetingWebhookView> {
  requireRole(actor, "configure meeting webhooks", ...MANAGERS);
  const provider = input.provider as MeetingProvider;
  if (!(MEETING_PROVIDERS as readonly string[]).includes(provider))
    throw new BatonError("MEETING_WEBHOOK_CONFIG_INVALID", {
      provider: input.provider,
      why: "unknown provider (calendly, calcom)",
    });
  if (input.signingKey.trim().length < 8)
    throw new BatonError("MEETING_WEBHOOK_CONFIG_INVALID", {
      provider,
      why: "signing_key is at least 8 characters",
    });
  const row = await db
    .insertInto("meeting_webhooks")
    .values({
      client_id: actor.clientId,
      provider,
      secret_enc: encryptSecret(secret, input.signingKey.trim()),
      max_age_s: input.maxAgeS ?? DEFAULT_MEETING_MAX_AGE_S,
      created_by_principal_id: actor.principalId,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return view(publicUrl, row);
}

export async function listMeetingWebhooks(db: Kysely<DB>, actor: Principal, publicUrl: string) {
  requireRole(actor, "read meeting webhooks", ...READERS);
  const rows = await db
    .selectFrom("meeting_webhooks")
    .select(COLUMNS)
    .where("client_id", "=", actor.clientId)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => view(publicUrl, r));
}

export async function removeMeetingWebhook(db: Kysely<DB>, actor: Principal, id: string): Promise<void> {
  requireRole(actor, "remove meeting webhooks", ...MANAGERS);
  if (!isUuid(id)) throw new BatonError("MEETING_WEBHOOK_NOT_FOUND", { provider: "meeting", id });
  // the meetings it booked keep their rows and lose the link (0316: Citus refuses the foreign key's
  // ON DELETE SET NULL, so this does it)
  const r = await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("meetings")
      .set({ webhook_id: null })
      .where("client_id", "=", actor.clientId)
      .where("webhook_id", "=", id)
      .execute();
    return tx
      .deleteFrom("meeting_webhooks")
      .where("client_id", "=", actor.clientId)
      .where("id", "=", id)
      .executeTakeFirst();
  });
  if (Number(r.numDeletedRows) === 0)
    throw new BatonError("MEETING_WEBHOOK_NOT_FOUND", { provider: "meeting", id });
}

/** A person's own booking link (null removes it); offered to templates as the sender's booking link. */
export async function setBookingUrl(
  db: Kysely<DB>,
  actor: Principal,
  url: string | null,
): Promise<{ booking_url: string | null }> {
  requireRole(actor, "set a booking link", "admin", "revops", "slm", "exec", "rep");
  const booking_url = url === null ? null : validBookingUrl(url);
  await db
    .updateTable("principals")
    .set({ booking_url })
    .where("client_id", "=", actor.clientId)
    .where("principal_id", "=", actor.principalId)
    .execute();
  return { booking_url };
}
