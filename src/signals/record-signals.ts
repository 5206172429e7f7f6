// Recording signals (issue 69 items 1 and 2): one batch, from any door (the API, the webhook, the
// CLI, the MCP tool), in one transaction:
//   1. each item is checked: a type of the catalogue, a subject (a contact by id or email, or an
//      account by id or domain), a time not in the future, an evidence URL that is a URL;
//   2. its subject is matched in the tenant only (resolve-signal-subjects.ts);
//   3. inserted once by the dedup key (client_id, source, external_id): a repeat is a duplicate
//      and changes nothing;
//   4. the contacts it concerns move their last_<side>_signal(_at) forward, never back (spec 000's
//      intent signals, spec 001's signal recency): the contact of a person's signal, and for an
//      account's signal the account's contacts when the type's account_reach says all_contacts.
// The result says, per item, what happened, and which contacts changed (for the proposals that
// later work builds on this). A principal's batch comes in through ingest-signals.ts.
import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Book } from "../books/index.ts";
import { accountCellDomain, isValidEmail, normalizeEmail } from "../contact-keys/index.ts";
import { retryOnLockConflict } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { applySignalsToContacts, type Reach } from "./apply-to-contacts.ts";
import { proposeFromSignals } from "./propose-from-signals.ts";
import { keepInBook, resolveSubjects } from "./resolve-signal-subjects.ts";
import type {
  Checked,
  RecordDeps,
  RecordResult,
  SignalInput,
  SignalOutcome,
  SignalStatus,
} from "./signal-batch-types.ts";
import { loadCatalogue } from "./signal-types.ts";

/** How far ahead of the server's clock an occurred_at may be (the sender's clock skew). */
export const FUTURE_SKEW_MS = 5 * 60_000;
export const MAX_BATCH = 1000;
const SOURCE = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The item's own dedup id when the caller gave none: the same fact recorded twice is one signal. */
export function derivedExternalId(i: SignalInput): string {
  const key = JSON.stringify([
    i.type,
    i.contactId ?? null,
    i.email ? normalizeEmail(i.email) : null,
    i.accountId ?? null,
    i.domain?.toLowerCase() ?? null,
    i.occurredAt.toISOString(),
    i.evidenceUrl ?? null,
  ]);
  return `sha256:${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
}

/** A verified caller's batch (the webhook, after its signature): who records it, for its tenant. */
export async function recordSignals(
  db: Kysely<DB>,
  by: { clientId: string; principalId: string | null; book?: Book },
  inputs: readonly SignalInput[],
  deps: RecordDeps,
  now: Date,
): Promise<RecordResult> {
  if (inputs.length > MAX_BATCH)
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "/signals", message: `at most ${MAX_BATCH} signals a batch` }],
    });
  const clientId = by.clientId;
  const catalogue = await loadCatalogue(db, clientId, now);
  const results: SignalOutcome[] = inputs.map((_, index) => ({
    index,
    status: "refused",
    signal_id: null,
    external_id: null,
    resolved: null,
    contact_id: null,
    account_id: null,
  }));
  const refuse = (i: number, e: BatonError): false => {
    results[i].status = "refused";
    results[i].error = e.itemError();
    return false;
  };
  const invalid = (i: number, path: string, message: string) =>
    refuse(i, new BatonError("VALIDATION_FAILED", { errors: [{ path: `/signals/${i}/${path}`, message }] }));

  // 1. each item's own checks
  const checked: Checked[] = [];
  const seen = new Set<string>();
  const checkItem = (input: SignalInput, index: number): boolean => {
    const type = catalogue.get(input.type);
    if (!type) return refuse(index, new BatonError("SIGNAL_TYPE_UNKNOWN", { type: input.type }));
    if (!SOURCE.test(input.source)) return invalid(index, "source", "is a-z, 0-9, _ . : - (at most 64)");
    if (Number.isNaN(input.occurredAt.getTime())) return invalid(index, "occurred_at", "is not a time");
    if (input.occurredAt.getTime() > now.getTime() + FUTURE_SKEW_MS)
      return invalid(index, "occurred_at", "is in the future");
    if (input.contactId !== undefined && !UUID.test(input.contactId))
      return invalid(index, "contact_id", "is not a uuid");
    if (input.accountId !== undefined && !UUID.test(input.accountId))
      return invalid(index, "account_id", "is not a uuid");
    if (input.email !== undefined && !isValidEmail(input.email))
      return invalid(index, "email", "is not an email address");
    const domain = input.domain !== undefined ? accountCellDomain(input.domain) : null;
    if (input.domain !== undefined && !domain) return invalid(index, "domain", "is not a domain");
    if (input.evidenceUrl !== undefined && !/^https?:\/\/\S+$/i.test(input.evidenceUrl))
      return invalid(index, "evidence_url", "is not an http(s) URL");
    const attributes = JSON.stringify(input.attributes ?? {});
    if (attributes.length > 8192) return invalid(index, "attributes", "is larger than 8 KB");
    const personal = input.contactId !== undefined || input.email !== undefined;
    if (!personal && input.accountId === undefined && !domain)
      return invalid(index, "", "names no contact_id, email, account_id or domain");
    const externalId = input.externalId ?? derivedExternalId(input);
    if (externalId.length < 1 || externalId.length > 200)
      return invalid(index, "external_id", "is 1 to 200 characters");
    results[index].external_id = externalId;
    const key = `${input.source}\u0000${externalId}`;
    if (seen.has(key)) {
      results[index].status = "duplicate";
      return false;
    }
    seen.add(key);
    const email = input.email?.trim() ?? null;
    checked.push({
      index,
      input,
      type,
      subject: personal ? "contact" : "account",
      email,
      emailKey: normalizeEmail(email),
      // a person's signal finds their company by their address's domain
      domain: domain ?? (personal && email ? accountCellDomain(email) : null),
      externalId,
      attributes,
      contactId: input.contactId ?? null,
      accountId: input.accountId ?? null,
    });
    return true;
  };
  for (const [index, input] of inputs.entries()) checkItem(input, index);

  const run = async (tx: Kysely<DB>): Promise<RecordResult> => {
    const resolved = await resolveSubjects(tx, clientId, checked, deps, refuse);
    const ok = by.book ? await keepInBook(tx, clientId, by.book, resolved, refuse) : resolved;
    // 3. insert once by the dedup key
    const col = <T>(f: (c: Checked) => T) => ok.map(f);
    const inserted = ok.length
      ? (
          await sql<{ signal_id: string; source: string; external_id: string }>`
        insert into signals (client_id, type, subject, contact_id, account_id, email, domain, occurred_at, received_at,
                             source, external_id, attributes, evidence_url, recorded_by_principal_id, resolved_at)
        select ${clientId}, v.type, v.subject, v.contact_id, v.account_id, v.email, v.domain, v.occurred_at, ${now},
               v.source, v.external_id, v.attributes::jsonb, v.evidence_url, ${by.principalId}::uuid,
               case when (v.subject = 'contact' and v.contact_id is not null)
                      or (v.subject = 'account' and v.account_id is not null) then ${now}::timestamptz end
          from unnest(${col((c) => c.type.name)}::text[], ${col((c) => c.subject)}::text[],
                      ${col((c) => c.contactId)}::uuid[], ${col((c) => c.accountId)}::uuid[],
                      ${col((c) => c.email)}::text[], ${col((c) => c.domain)}::text[],
                      ${col((c) => c.input.occurredAt.toISOString())}::timestamptz[],
                      ${col((c) => c.input.source)}::text[], ${col((c) => c.externalId)}::text[],
                      ${col((c) => c.attributes)}::text[], ${col((c) => c.input.evidenceUrl ?? null)}::text[])
               as v(type, subject, contact_id, account_id, email, domain, occurred_at, source, external_id,
                    attributes, evidence_url)
        on conflict (client_id, source, external_id) do nothing
        returning signal_id, source, external_id`.execute(tx)
        ).rows
      : [];
    const idOf = new Map(inserted.map((r) => [`${r.source}\u0000${r.external_id}`, r.signal_id]));
    const reach: Reach[] = [];
    for (const c of ok) {
      const r = results[c.index];
      const id = idOf.get(`${c.input.source}\u0000${c.externalId}`);
      r.contact_id = c.contactId;
      r.account_id = c.accountId;
      r.resolved =
        c.subject === "contact" ? (c.contactId ? "contact" : "waiting") : c.accountId ? "account" : "waiting";
      if (!id) {
        r.status = "duplicate";
        continue;
      }
      r.status = "recorded";
      r.signal_id = id;
      if (c.subject === "contact" && c.contactId)
        reach.push({ contactId: c.contactId, side: c.type.side, type: c.type.name, at: c.input.occurredAt });
      if (c.subject === "account" && c.accountId && c.type.account_reach === "all_contacts")
        reach.push({ accountId: c.accountId, side: c.type.side, type: c.type.name, at: c.input.occurredAt });
    }
    // 4. the contacts they concern, forward only
    const changed = await applySignalsToContacts(tx, clientId, reach, now, by.book);
    const count = (s: SignalStatus) => results.filter((r) => r.status === s).length;
    return {
      received: inputs.length,
      recorded: count("recorded"),
      duplicates: count("duplicate"),
      refused: count("refused"),
      waiting: results.filter((r) => r.status === "recorded" && r.resolved === "waiting").length,
      contacts_changed: changed,
      results,
    };
  };
  if (db.isTransaction) return run(db);
  const result = await retryOnLockConflict(() => db.transaction().execute(run));
  // issue 69 item 3 (propose-from-signals.ts): once recorded, the raised contacts are proposed for the plays they now match
  await proposeFromSignals(db, clientId, result.contacts_changed, now);
  return result;
}
