// Attio's signed webhooks, registered for a workspace (issue 71 item 5; docs/adapters.md "Attio →
// Baton"). Attio records carry ids, not a modification time, so Baton polled them; Attio also
// pushes signed events (docs.attio.com rest-api/guides/webhooks). A revops or admin person
// registers the workspace's webhook: Baton reads the ids of the objects it reads back (GET
// /v2/objects/people, /deals, /companies; a workspace without deals subscribes to the others) and
// creates the webhook through Attio's API,
//   POST /v2/webhooks {"data":{"target_url": <PUBLIC_URL>/api/v1/inbound/crm/attio/<id>,
//     "subscriptions":[{"event_type":"record.created"|"record.updated"|"record.deleted",
//                       "filter":{"$or":[{"field":"id.object_id","operator":"equals","value":<people>},
//                                        …<deals>, …<companies>]}}]}}
// (endpoint-reference/webhooks/create-a-webhook; the key needs the webhook:read-write scope), whose
// answer carries the webhook's id, its workspace and the secret Attio signs every delivery with.
// The secret is sealed under BATON_SECRET (purpose crm-webhook-secret) and never returned. One
// webhook per workspace: registering again replaces it (the old one is deleted in Attio); a webhook
// registered before deals and companies were subscribed (issue 71) hears people only until then.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { openSecret, sealSecret } from "../auth/oidc/seal-secret.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { CrmWriteError } from "./builtin-crm.ts";
import type { CrmChange } from "./crm-adapter.ts";

export const ATTIO_WEBHOOK_PATH = "/api/v1/inbound/crm/attio";
/** The records' events Baton reads: each names a record, whose state is then read (the poll's query). */
export const ATTIO_WEBHOOK_EVENTS = ["record.created", "record.updated", "record.deleted"] as const;
/** The objects whose records' events Baton subscribes to: people, their deals, their companies. */
export const ATTIO_WEBHOOK_OBJECTS = ["people", "deals", "companies"] as const;
export type AttioWebhookObject = (typeof ATTIO_WEBHOOK_OBJECTS)[number];
export const ATTIO_WEBHOOK_SEAL = "crm-webhook-secret" as const;

const MANAGERS = ["admin", "revops"] as const;
const READERS = ["admin", "revops", "slm", "exec"] as const;

/** What the webhooks need of Attio (AttioCrm): its API, and the people's state as the poll reads it. */
export interface AttioApi {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** their state, and with movesSince their company moves set since then (attio-changes.ts) */
  readPeople(ids: string[], opts?: { movesSince?: number }): Promise<CrmChange[]>;
}

type ObjectAnswer = { data?: { id?: { object_id?: unknown }; api_slug?: unknown } };

/** An object's id in the workspace (GET /v2/objects/{slug}); null when the workspace lacks it (404). */
async function objectIdOf(api: AttioApi, slug: AttioWebhookObject): Promise<string | null> {
  try {
    const o = await api.request<ObjectAnswer>("GET", `/v2/objects/${slug}`);
    const id = o.data?.id?.object_id;
    if (typeof id !== "string") throw new Error(`GET /v2/objects/${slug} named no object_id`);
    return id;
  } catch (e) {
    if (slug !== "people" && e instanceof CrmWriteError && e.status === 404) return null;
    throw e;
  }
}

/** Object ids → slugs, as Attio answered them: ids never change, so a process asks once. */
const slugs = new Map<string, string | null>();

/** Which object an event's id.object_id is (GET /v2/objects/{id}: an object by its id); null: none Baton reads. */
export async function attioObjectSlug(api: AttioApi, objectId: string): Promise<AttioWebhookObject | null> {
  if (!slugs.has(objectId)) {
    let slug: string | null = null;
    try {
      const o = await api.request<ObjectAnswer>("GET", `/v2/objects/${encodeURIComponent(objectId)}`);
      slug = typeof o.data?.api_slug === "string" ? o.data.api_slug : null;
    } catch (e) {
      if (!(e instanceof CrmWriteError && e.status === 404)) throw e;
    }
    slugs.set(objectId, slug);
  }
  const slug = slugs.get(objectId);
  return (ATTIO_WEBHOOK_OBJECTS as readonly (string | null | undefined)[]).includes(slug)
    ? (slug as AttioWebhookObject)
    : null;
}

export interface AttioWebhookView {
  id: string;
  /** where Attio posts (BATON_PUBLIC_URL + the path) */
  url: string;
  attio_webhook_id: string;
  attio_workspace_id: string;
  events: string[];
  created_at: string;
  last_event_at: string | null;
  events_count: number;
}

type Row = {
  id: string;
  attio_webhook_id: string;
  attio_workspace_id: string;
  created_at: Date;
  last_event_at: Date | null;
  events_count: string;
};
const COLUMNS = [
  "id",
  "attio_webhook_id",
  "attio_workspace_id",
  "created_at",
  "last_event_at",
  "events_count",
] as const;

const urlOf = (publicUrl: string, id: string) => `${publicUrl.replace(/\/$/, "")}${ATTIO_WEBHOOK_PATH}/${id}`;
const view = (publicUrl: string, r: Row): AttioWebhookView => ({
  id: r.id,
  url: urlOf(publicUrl, r.id),
  attio_webhook_id: r.attio_webhook_id,
  attio_workspace_id: r.attio_workspace_id,
  events: [...ATTIO_WEBHOOK_EVENTS],
  created_at: new Date(r.created_at).toISOString(),
  last_event_at: r.last_event_at ? new Date(r.last_event_at).toISOString() : null,
  events_count: Number(r.events_count),
});

const refused = (e: unknown) =>
  new BatonError("CRM_WEBHOOK_REGISTER_FAILED", {
    provider: "attio",
    why: (e as Error).message.slice(0, 300),
  });

interface Created {
  data?: { id?: { workspace_id?: unknown; webhook_id?: unknown }; secret?: unknown };
}

/** Deletes Attio's webhook; true when it is gone (a 404 is gone already). */
async function deleteInAttio(api: AttioApi, attioId: string): Promise<boolean> {
  try {
    await api.request("DELETE", `/v2/webhooks/${encodeURIComponent(attioId)}`);
    return true;
  } catch (e) {
    return e instanceof CrmWriteError && e.status === 404;
  }
}

async function dropRow(tx: Kysely<DB>, clientId: string, id: string) {
  await tx
    .deleteFrom("attio_webhook_deliveries")
    .where("client_id", "=", clientId)
    .where("webhook_id", "=", id)
    .execute();
  await tx.deleteFrom("attio_webhooks").where("client_id", "=", clientId).where("id", "=", id).execute();
}

export async function registerAttioWebhook(
  db: Kysely<DB>,
  actor: Principal,
  deps: { api: AttioApi; secret: string; publicUrl: string },
  now: Date,
): Promise<AttioWebhookView & { replaced: string | null }> {
  requireRole(actor, "register the Attio webhook", ...MANAGERS);
  const id = randomUUID();
  let created: Created;
  let peopleObjectId: string;
  try {
    const ids: string[] = [];
    for (const slug of ATTIO_WEBHOOK_OBJECTS) {
      const objectId = await objectIdOf(deps.api, slug);
      if (objectId) ids.push(objectId);
    }
    peopleObjectId = ids[0] as string;
    // the people's, their deals' and their companies' records (Attio's filters join conditions by $or)
    const filter = { $or: ids.map((value) => ({ field: "id.object_id", operator: "equals", value })) };
    created = await deps.api.request<Created>("POST", "/v2/webhooks", {
      data: {
        target_url: urlOf(deps.publicUrl, id),
        subscriptions: ATTIO_WEBHOOK_EVENTS.map((event_type) => ({ event_type, filter })),
      },
    });
  } catch (e) {
    throw refused(e);
  }
  const d = created.data;
  const [webhookId, workspaceId, secret] = [d?.id?.webhook_id, d?.id?.workspace_id, d?.secret];
  if (
    typeof webhookId !== "string" ||
    typeof workspaceId !== "string" ||
    typeof secret !== "string" ||
    !secret
  )
    throw refused(new Error("the answer lacks the webhook's id, workspace or secret"));
  const previous = await db.transaction().execute(async (tx) => {
    const old = await tx
      .selectFrom("attio_webhooks")
      .select(["id", "attio_webhook_id"])
      .where("client_id", "=", actor.clientId)
      .forUpdate()
      .executeTakeFirst();
    if (old) await dropRow(tx, actor.clientId, old.id);
    await tx
      .insertInto("attio_webhooks")
      .values({
        client_id: actor.clientId,
        id,
        attio_webhook_id: webhookId,
        attio_workspace_id: workspaceId,
        people_object_id: peopleObjectId,
        secret_sealed: sealSecret(secret, deps.secret, ATTIO_WEBHOOK_SEAL),
        created_by: actor.kind === "person" ? actor.principalId : null,
        created_at: now,
      })
      .execute();
    return old?.attio_webhook_id ?? null;
  });
  // the replaced webhook stops in Attio too (its deliveries would find no URL here anyway)
  if (previous) await deleteInAttio(deps.api, previous);
  const row = await db
    .selectFrom("attio_webhooks")
    .select(COLUMNS)
    .where("client_id", "=", actor.clientId)
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { ...view(deps.publicUrl, row), replaced: previous };
}

export async function readAttioWebhook(
  db: Kysely<DB>,
  actor: Principal,
  publicUrl: string,
): Promise<AttioWebhookView | null> {
  requireRole(actor, "read the Attio webhook", ...READERS);
  const row = await db
    .selectFrom("attio_webhooks")
    .select(COLUMNS)
    .where("client_id", "=", actor.clientId)
    .executeTakeFirst();
  return row ? view(publicUrl, row) : null;
}

/** Removes the workspace's webhook here and in Attio; the poll goes on alone. */
export async function removeAttioWebhook(
  db: Kysely<DB>,
  actor: Principal,
  api: AttioApi,
): Promise<{ removed: true; removed_in_attio: boolean }> {
  requireRole(actor, "remove the Attio webhook", ...MANAGERS);
  const row = await db
    .selectFrom("attio_webhooks")
    .select(["id", "attio_webhook_id"])
    .where("client_id", "=", actor.clientId)
    .executeTakeFirst();
  if (!row) throw new BatonError("CRM_WEBHOOK_NOT_FOUND", { provider: "attio", id: "(none registered)" });
  await db.transaction().execute((tx) => dropRow(tx, actor.clientId, row.id));
  return { removed: true, removed_in_attio: await deleteInAttio(api, row.attio_webhook_id) };
}

/** The registered webhook a receiving URL names, with its secret opened; null when none. */
export async function attioWebhookOf(db: Kysely<DB>, secret: string, id: string) {
  const row = await db
    .selectFrom("attio_webhooks")
    .select([
      "client_id",
      "id",
      "attio_webhook_id",
      "attio_workspace_id",
      "people_object_id",
      "secret_sealed",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  let key: string | null;
  try {
    key = openSecret(row.secret_sealed, secret, ATTIO_WEBHOOK_SEAL);
  } catch {
    key = null;
  }
  return { ...row, key };
}
