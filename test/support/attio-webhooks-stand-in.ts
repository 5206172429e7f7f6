// The Attio stand-in's webhooks (issue 71 item 5), as docs.attio.com documents them:
//   GET    /v2/objects/{object} (people, deals, companies; by slug or by object id: "A UUID or slug
//          to identify the object", endpoint-reference/objects/get-an-object)
//          → {"data":{"id":{"workspace_id","object_id"},"api_slug","singular_noun","plural_noun",…}};
//          unknown → 404
//   POST   /v2/webhooks {"data":{"target_url","subscriptions":[{"event_type","filter"}]}}
//          → {"data":{target_url, subscriptions, "id":{"workspace_id","webhook_id"}, status, created_at,
//          "secret"}} (endpoint-reference/webhooks/create-a-webhook). Strict: target_url is https,
//          event types are Attio's, a filter is {"$and"|"$or":[{field, operator: equals|not_equals,
//          value}]} (guides/webhooks, "Filtering"), else 400 validation_type.
//   DELETE /v2/webhooks/{webhook_id} → {} ; unknown → 404
// A delivery is what Attio posts: {"webhook_id","events":[{event_type, id:{workspace_id, object_id,
// record_id, attribute_id?}, actor}]}, one event of a record of any of the objects, signed with the webhook's secret (HMAC-SHA256 of the
// body, hex) in Attio-Signature and X-Attio-Signature, with an Idempotency-Key per message that a
// retry repeats. Attio sends only what a subscription's filter lets through: delivery() refuses the rest.
import { createHmac, randomBytes, randomUUID } from "node:crypto";

const EVENT_TYPES = new Set([
  "record.created",
  "record.updated",
  "record.deleted",
  "record.merged",
  "list-entry.created",
  "list-entry.updated",
  "list-entry.deleted",
  "note.created",
  "note.updated",
  "note.deleted",
  "task.created",
  "task.updated",
  "task.deleted",
  "comment.created",
  "comment.resolved",
  "comment.unresolved",
  "comment.deleted",
]);

/** The standard objects' nouns (Attio's people, companies and deals). */
const NOUNS: Record<string, [string, string]> = {
  people: ["Person", "People"],
  companies: ["Company", "Companies"],
  deals: ["Deal", "Deals"],
};

export interface AttioWebhook {
  webhook_id: string;
  target_url: string;
  subscriptions: Array<{ event_type: string; filter: unknown }>;
  secret: string;
}

export interface AttioDeliveryRequest {
  body: string;
  headers: Record<string, string>;
}

type Send = (status: number, body: unknown) => void;
type Fail = (status: number, code: string, message: string) => void;

const get = (o: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as any)[k] : undefined), o);

function validFilter(f: any): boolean {
  if (f === undefined || f === null) return true;
  const key = Array.isArray(f.$and) ? "$and" : Array.isArray(f.$or) ? "$or" : null;
  if (!key || Object.keys(f).length !== 1) return false;
  return f[key].every(
    (c: any) =>
      typeof c?.field === "string" &&
      (c.operator === "equals" || c.operator === "not_equals") &&
      c.value !== undefined,
  );
}

function passes(f: any, event: unknown): boolean {
  if (f === undefined || f === null) return true;
  const test = (c: any) => (c.operator === "equals") === (get(event, c.field) === c.value);
  return Array.isArray(f.$and) ? f.$and.every(test) : f.$or.some(test);
}

export function attioWebhooks(workspaceId: string, objectIds: Record<string, string>) {
  const hooks = new Map<string, AttioWebhook>();

  /** Answers a webhooks or object request; false when the path is not one of them. */
  function route(method: string, path: string, body: any, send: Send, fail: Fail): boolean {
    const object = /^\/v2\/objects\/([^/]+)$/.exec(path);
    if (object && method === "GET") {
      const given = decodeURIComponent(object[1] as string);
      const slug = Object.keys(objectIds).find((k) => k === given || objectIds[k] === given);
      const nouns = slug ? NOUNS[slug] : undefined;
      if (!slug || !nouns) fail(404, "not_found", `Object with slug/ID "${given}" not found.`);
      else
        send(200, {
          data: {
            id: { workspace_id: workspaceId, object_id: objectIds[slug] },
            api_slug: slug,
            singular_noun: nouns[0],
            plural_noun: nouns[1],
            created_at: "2022-11-21T13:22:49.061281000Z",
          },
        });
      return true;
    }
    if (path === "/v2/webhooks" && method === "POST") {
      const d = body?.data;
      if (typeof d?.target_url !== "string" || !d.target_url.startsWith("https://"))
        fail(400, "validation_type", "target_url must be an https URL");
      else if (!Array.isArray(d.subscriptions) || d.subscriptions.length === 0)
        fail(400, "validation_type", "subscriptions is required");
      else if (d.subscriptions.some((s: any) => !EVENT_TYPES.has(s?.event_type) || !validFilter(s.filter)))
        fail(400, "validation_type", "Invalid subscription: unknown event_type or filter");
      else {
        const hook: AttioWebhook = {
          webhook_id: randomUUID(),
          target_url: d.target_url,
          subscriptions: d.subscriptions.map((s: any) => ({
            event_type: s.event_type,
            filter: s.filter ?? null,
          })),
          secret: randomBytes(32).toString("hex"),
        };
        hooks.set(hook.webhook_id, hook);
        send(200, {
          data: {
            target_url: hook.target_url,
            subscriptions: hook.subscriptions,
            id: { workspace_id: workspaceId, webhook_id: hook.webhook_id },
            status: "active",
            created_at: new Date().toISOString(),
            secret: hook.secret,
          },
        });
      }
      return true;
    }
    const one = /^\/v2\/webhooks\/([^/]+)$/.exec(path);
    if (one && method === "DELETE") {
      if (!hooks.delete(one[1] as string)) fail(404, "not_found", `Webhook with ID "${one[1]}" not found.`);
      else send(200, {});
      return true;
    }
    return false;
  }

  /** What Attio posts for one event on a record, signed; throws when no subscription lets it through. */
  function delivery(
    webhookId: string,
    event: { event_type: string; record_id: string; object?: string; actor?: string },
    opts: { idempotencyKey?: string; workspaceId?: string } = {},
  ): AttioDeliveryRequest {
    const hook = hooks.get(webhookId);
    if (!hook) throw new Error(`no webhook ${webhookId}`);
    const ev = {
      event_type: event.event_type,
      id: {
        workspace_id: opts.workspaceId ?? workspaceId,
        object_id: objectIds[event.object ?? "people"] ?? randomUUID(),
        record_id: event.record_id,
        ...(event.event_type === "record.updated" ? { attribute_id: randomUUID() } : {}),
      },
      actor: { type: "workspace-member", id: event.actor ?? "50cf242c-7fa3-4cad-87d0-75b1af71c57b" },
    };
    if (!hook.subscriptions.some((s) => s.event_type === ev.event_type && passes(s.filter, ev)))
      throw new Error(`Attio sends no ${ev.event_type} of ${event.object ?? "people"} to this webhook`);
    const body = JSON.stringify({ webhook_id: webhookId, events: [ev] });
    const signature = createHmac("sha256", hook.secret).update(body, "utf8").digest("hex");
    return {
      body,
      headers: {
        "content-type": "application/json",
        "attio-signature": signature,
        "x-attio-signature": signature,
        "idempotency-key": opts.idempotencyKey ?? randomUUID(),
      },
    };
  }

  return { hooks, route, delivery };
}
