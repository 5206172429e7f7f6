// Webhook sources of signals (issue 69 item 2): a Segment or RudderStack destination posting track
// and page events to Baton. Each has a name (the signals' `source`), a shared secret that signs its
// requests (sealed under BATON_SECRET, purpose "signal-source-secret"; shown once, when Baton makes
// it, and never again), and how old a signed event may be. RevOps and admins manage them; the
// receiving URL names the tenant and the source.
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { openSecret, sealSecret } from "../auth/oidc/seal-secret.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { SignalSourceKind } from "./tables.ts";

export const SOURCE_MANAGER_ROLES = ["revops", "admin"] as const;
export const SIGNAL_WEBHOOK_PATH = "/api/v1/inbound/signals";
export const DEFAULT_MAX_AGE_S = 3600;
const SEAL = "signal-source-secret";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SourceView {
  source_id: string;
  kind: SignalSourceKind;
  name: string;
  /** the URL to give the destination */
  url: string;
  max_age_s: number;
  created_at: string;
  last_event_at: string | null;
  events_count: string;
  refused_count: string;
  last_refusal: string | null;
}

type Row = {
  client_id: string;
  source_id: string;
  kind: SignalSourceKind;
  name: string;
  max_age_s: number;
  created_at: Date;
  last_event_at: Date | null;
  events_count: string;
  refused_count: string;
  last_refusal: string | null;
};

export function sourceUrl(publicUrl: string, clientId: string, sourceId: string): string {
  return `${publicUrl.replace(/\/$/, "")}${SIGNAL_WEBHOOK_PATH}/${encodeURIComponent(clientId)}/${sourceId}`;
}

function view(r: Row, publicUrl: string): SourceView {
  return {
    source_id: r.source_id,
    kind: r.kind,
    name: r.name,
    url: sourceUrl(publicUrl, r.client_id, r.source_id),
    max_age_s: r.max_age_s,
    created_at: r.created_at.toISOString(),
    last_event_at: r.last_event_at?.toISOString() ?? null,
    events_count: String(r.events_count),
    refused_count: String(r.refused_count),
    last_refusal: r.last_refusal,
  };
}

const COLUMNS = [
  "client_id",
  "source_id",
  "kind",
  "name",
  "max_age_s",
  "created_at",
  "last_event_at",
  "events_count",
  "refused_count",
  "last_refusal",
] as const;

export interface AddSourceInput {
  kind: SignalSourceKind;
  name: string;
  /** the destination's shared secret; absent: Baton makes one and returns it once */
  secret?: string;
  maxAgeS?: number;
}

/** A new source; the answer holds the shared secret only when Baton made it. */
export async function addSignalSource(
  db: Kysely<DB>,
  actor: Principal,
  deps: { secret: string; publicUrl: string },
  input: AddSourceInput,
  now: Date,
): Promise<SourceView & { secret?: string }> {
  requireRole(actor, "configure signal sources", ...SOURCE_MANAGER_ROLES);
  const made = input.secret === undefined ? randomBytes(32).toString("hex") : undefined;
  const shared = input.secret ?? (made as string);
  const row = await db
    .insertInto("signal_sources")
    .values({
      client_id: actor.clientId,
      kind: input.kind,
      name: input.name,
      secret_sealed: sealSecret(shared, deps.secret, SEAL),
      max_age_s: input.maxAgeS ?? DEFAULT_MAX_AGE_S,
      created_by_principal_id: actor.kind === "person" ? actor.principalId : null,
      created_at: now,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...view(row, deps.publicUrl), ...(made ? { secret: made } : {}) };
}

/** A new shared secret for a source (rotated in the destination at the same time). */
export async function rotateSignalSourceSecret(
  db: Kysely<DB>,
  actor: Principal,
  deps: { secret: string; publicUrl: string },
  sourceId: string,
  secret: string | undefined,
): Promise<SourceView & { secret?: string }> {
  requireRole(actor, "configure signal sources", ...SOURCE_MANAGER_ROLES);
  if (!UUID.test(sourceId)) throw new BatonError("SIGNAL_SOURCE_NOT_FOUND", { id: sourceId.slice(0, 40) });
  const made = secret === undefined ? randomBytes(32).toString("hex") : undefined;
  const row = await db
    .updateTable("signal_sources")
    .set({ secret_sealed: sealSecret(secret ?? (made as string), deps.secret, SEAL) })
    .where("client_id", "=", actor.clientId)
    .where("source_id", "=", sourceId)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw new BatonError("SIGNAL_SOURCE_NOT_FOUND", { id: sourceId });
  return { ...view(row, deps.publicUrl), ...(made ? { secret: made } : {}) };
}

export async function listSignalSources(
  db: Kysely<DB>,
  actor: Principal,
  publicUrl: string,
): Promise<SourceView[]> {
  requireRole(actor, "read signal sources", ...SOURCE_MANAGER_ROLES);
  const rows = await db
    .selectFrom("signal_sources")
    .select(COLUMNS)
    .where("client_id", "=", actor.clientId)
    .orderBy("name")
    .execute();
  return rows.map((r) => view(r, publicUrl));
}

export async function removeSignalSource(
  db: Kysely<DB>,
  actor: Principal,
  sourceId: string,
): Promise<{ source_id: string; removed: true }> {
  requireRole(actor, "remove signal sources", ...SOURCE_MANAGER_ROLES);
  if (!UUID.test(sourceId)) throw new BatonError("SIGNAL_SOURCE_NOT_FOUND", { id: sourceId.slice(0, 40) });
  const r = await db
    .deleteFrom("signal_sources")
    .where("client_id", "=", actor.clientId)
    .where("source_id", "=", sourceId)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new BatonError("SIGNAL_SOURCE_NOT_FOUND", { id: sourceId });
  return { source_id: sourceId, removed: true };
}

export interface LoadedSource {
  clientId: string;
  sourceId: string;
  kind: SignalSourceKind;
  name: string;
  maxAgeS: number;
  /** the shared secret, unsealed */
  shared: string;
}

/** The source a receiving URL names, its secret unsealed; SIGNAL_SOURCE_NOT_FOUND otherwise. */
export async function loadSignalSource(
  db: Kysely<DB>,
  secret: string,
  clientId: string,
  sourceId: string,
): Promise<LoadedSource> {
  const notFound = () => new BatonError("SIGNAL_SOURCE_NOT_FOUND", { id: sourceId.slice(0, 40) });
  if (!UUID.test(sourceId) || clientId.length === 0 || clientId.length > 200) throw notFound();
  const r = await db
    .selectFrom("signal_sources")
    .select(["client_id", "source_id", "kind", "name", "max_age_s", "secret_sealed"])
    .where("client_id", "=", clientId)
    .where("source_id", "=", sourceId)
    .executeTakeFirst();
  if (!r) throw notFound();
  let shared: string;
  try {
    shared = openSecret(r.secret_sealed, secret, SEAL);
  } catch {
    // sealed under another BATON_SECRET: nothing can verify, so nothing is accepted
    throw new BatonError("SIGNAL_SIGNATURE_INVALID", {
      why: "the source's secret cannot be read (BATON_SECRET changed); rotate it",
    });
  }
  return {
    clientId: r.client_id,
    sourceId: r.source_id,
    kind: r.kind,
    name: r.name,
    maxAgeS: r.max_age_s,
    shared,
  };
}
