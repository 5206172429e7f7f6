// "What would the coordinator decide?" for contacts the workspace is about to enroll (search or
// CSV): the same snapshot and the same pure decide() the activation runs (spec 001 gates 1-5),
// read in a transaction that writes nothing. The real enrollment decides again when it happens.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { contactsInBook } from "../books/index.ts";
import type { GateSnapshot } from "../coordinator/index.ts";
import {
  decide,
  loadCampaign,
  loadCapConfig,
  loadLiveEnrollments,
  loadTouches,
  lockContact,
} from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";

export interface PreviewInput {
  contact_id?: string;
  email?: string;
}

export interface PreviewRow {
  input: string;
  contact_id: string | null;
  full_name: string | null;
  action: "allow" | "hold" | "queue" | "block" | null;
  gate: number | null;
  reason: string | null;
  until: string | null;
  error: string | null;
}

export async function previewEnrollment(
  db: Kysely<DB>,
  p: Principal,
  campaignSlugOrId: string,
  inputs: PreviewInput[],
  now: Date,
): Promise<PreviewRow[]> {
  requireRole(p, "preview enrollments", "revops", "slm", "exec", "rep", "admin");
  const c = p.clientId;
  const campaign = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", c)
    .where((eb) =>
      isUuid(campaignSlugOrId)
        ? eb.or([eb("slug", "=", campaignSlugOrId), eb("id", "=", campaignSlugOrId)])
        : eb("slug", "=", campaignSlugOrId),
    )
    .executeTakeFirst();
  if (!campaign) throw new BatonError("NOT_FOUND", { entity: "Campaign", id: campaignSlugOrId });

  // resolve CSV emails and ids to contacts of this tenant, in one query each
  const emails = inputs.map((i) => i.email?.trim().toLowerCase()).filter((e): e is string => !!e);
  const ids = inputs.map((i) => i.contact_id).filter((id): id is string => !!id && isUuid(id));
  const found = new Map<string, { contact_id: string; full_name: string }>();
  if (emails.length) {
    const rows = await db
      .selectFrom("contacts")
      .select(["contact_id", "full_name", "email"])
      .where("client_id", "=", c)
      .where((eb) => eb(eb.fn("lower", ["email"]), "in", emails))
      .execute();
    for (const r of rows) if (r.email) found.set(r.email.toLowerCase(), r);
  }
  if (ids.length) {
    const rows = await db
      .selectFrom("contacts")
      .select(["contact_id", "full_name"])
      .where("client_id", "=", c)
      .where("contact_id", "in", ids)
      .execute();
    for (const r of rows) found.set(r.contact_id, r);
  }
  // issue 61 item 2: a prospect outside the person's book is answered as one that does not exist
  const inBook = await contactsInBook(
    db,
    p,
    [...found.values()].map((r) => r.contact_id),
  );
  for (const [key, r] of found) if (!inBook.has(r.contact_id)) found.delete(key);

  return db.transaction().execute(async (tx) => {
    const camp = await loadCampaign(tx, c, campaign.id);
    const config = await loadCapConfig(tx, c);
    const out: PreviewRow[] = [];
    for (const input of inputs) {
      const key = input.contact_id ?? input.email?.trim().toLowerCase() ?? "";
      const hit = found.get(key);
      if (!hit) {
        out.push({
          input: key,
          contact_id: null,
          full_name: null,
          action: null,
          gate: null,
          reason: null,
          until: null,
          error: "no contact with this id or email",
        });
        continue;
      }
      const contact = await lockContact(tx, c, hit.contact_id);
      const touches = await loadTouches(tx, c, hit.contact_id, now);
      const live = await loadLiveEnrollments(tx, c, hit.contact_id);
      const snapshot: GateSnapshot = {
        sequenceType: camp.kind,
        contact,
        account: contact.account,
        touches,
        config,
        concurrent: live.map((e) => ({ enrollmentId: e.id, sequenceType: e.sequenceType, status: e.status })),
        transition: {
          kind: "activation",
          existingStatus: null,
          campaignStatus: camp.status,
          stepCount: camp.step_count,
          alreadyEnrolled: live.some((e) => e.campaignId === camp.id),
        },
      };
      const d = decide(snapshot, now);
      out.push({
        input: key,
        contact_id: hit.contact_id,
        full_name: hit.full_name,
        action: d.action,
        gate: d.gate ?? null,
        reason: d.reason ? String(d.reason) : null,
        until: d.until ? new Date(d.until).toISOString() : null,
        error: null,
      });
    }
    return out;
  });
}
