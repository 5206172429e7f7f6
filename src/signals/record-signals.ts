// Recording signals (issue 69 items 1 and 2): one batch, from any door (the API, the webhook, the
// CLI, the MCP tool), in one transaction:
//   1. each item is checked: a type of the catalogue, a subject (a contact by id or email, or an
//      account by id or domain), a time not in the future, an evidence URL that is a URL;
//   2. its subject is matched in the tenant only: a contact id or account id of another tenant is
//      "not found", an address or domain of another tenant's people matches nobody here and waits;
//      an erased person's address is refused (the erasure stands: nothing of them is kept again);
//   3. inserted once by the dedup key (client_id, source, external_id): a repeat is a duplicate
//      and changes nothing;
//   4. the contacts it concerns move their last_<side>_signal(_at) forward, never back (spec 000's
//      intent signals, spec 001's signal recency): the contact of a person's signal, and for an
//      account's signal the account's contacts when the type's account_reach says all_contacts.
// The result says, per item, what happened, and which contacts changed (for the proposals that
// later work builds on this).
import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { type Book, bookOf, contactRowInBook, isWholeWorkspace } from "../books/index.ts";
import {
  accountCellDomain,
  erasedEmailHash,
  erasureKey,
  isValidEmail,
  normalizeEmail,
} from "../contact-keys/index.ts";
import { retryOnLockConflict } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { applySignalsToContacts, type Reach } from "./apply-to-contacts.ts";
import { proposeFromSignals } from "./propose-from-signals.ts";
import { loadCatalogue, type SignalType } from "./signal-types.ts";
import type { SignalSubject } from "./tables.ts";

/** People who may record a signal by hand; every agent token of the tenant may too (research agents). */
export const SIGNAL_RECORDER_ROLES = ["revops", "admin", "slm", "rep"] as const;

/** How far ahead of the server's clock an occurred_at may be (the sender's clock skew). */
export const FUTURE_SKEW_MS = 5 * 60_000;
export const MAX_BATCH = 1000;
const SOURCE = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SignalInput {
  type: string;
  contactId?: string;
  email?: string;
  accountId?: string;
  /** a domain, a URL or an address at it */
  domain?: string;
  occurredAt: Date;
  /** where it came from: api, mcp, cli, a webhook source's name, a CRM's name */
  source: string;
  /** the source's own id of the event; with source, the dedup key. Absent: derived from the item. */
  externalId?: string;
  attributes?: Record<string, unknown>;
  evidenceUrl?: string;
}

export type SignalStatus = "recorded" | "duplicate" | "refused";
export type SignalResolution = "contact" | "account" | "waiting";

export interface SignalOutcome {
  index: number;
  status: SignalStatus;
  signal_id: string | null;
  external_id: string | null;
  /** contact / account: matched; waiting: kept with its email or domain until an import matches it */
  resolved: SignalResolution | null;
  contact_id: string | null;
  account_id: string | null;
  error?: { code: string; message: string; next_action: string };
}

export interface RecordResult {
  received: number;
  recorded: number;
  duplicates: number;
  refused: number;
  waiting: number;
  /** the contacts whose last sales or marketing signal moved */
  contacts_changed: string[];
  results: SignalOutcome[];
}

export interface RecordDeps {
  /** BATON_SECRET: the erased addresses' keyed hashes are compared (needed when an item names a person by address) */
  secret?: string;
}

/** Throws FORBIDDEN_ROLE unless the principal may record signals (agents, and the recorder roles). */
export function requireSignalRecorder(actor: Principal): void {
  if (actor.kind === "agent" || hasRole(actor, ...SIGNAL_RECORDER_ROLES)) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(actor),
    action: "record signals",
    required: `an agent token or the ${SIGNAL_RECORDER_ROLES.join(", ")} role`,
  });
}

/** A principal's batch (the API, the CLI, the MCP tool). */
export async function ingestSignals(
  db: Kysely<DB>,
  actor: Principal,
  inputs: readonly SignalInput[],
  deps: RecordDeps,
  now: Date,
): Promise<RecordResult> {
  requireSignalRecorder(actor);
  // a rep under an own/team book, or an agent whose token is bound to a team or territory, records
  // signals only about the prospects it reaches (RevOps, the exec, admins and unbound agents reach
  // the workspace: no read is added for them)
  const book = await bookOf(db, actor);
  return recordSignals(
    db,
    { clientId: actor.clientId, principalId: actor.principalId, book },
    inputs,
    deps,
    now,
  );
}

interface Checked {
  index: number;
  input: SignalInput;
  type: SignalType;
  subject: SignalSubject;
  email: string | null;
  emailKey: string | null;
  domain: string | null;
  externalId: string;
  attributes: string;
  contactId: string | null;
  accountId: string | null;
}

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

/**
 * 2b. With a book that is not the whole workspace, only items about a contact or account of the book
 * go on. The others are refused as NOT_FOUND, as another workspace's would be (a book does not say
 * what is outside it), and so is an item that names nobody Baton knows yet: it would wait, and be
 * matched later to whoever is imported, inside the book or not. An account is the book's when one of
 * its contacts is.
 */
async function keepInBook(
  tx: Kysely<DB>,
  clientId: string,
  book: Book,
  items: Checked[],
  refuse: (i: number, e: BatonError) => false,
): Promise<Checked[]> {
  if (isWholeWorkspace(book)) return items;
  const contactIds = [
    ...new Set(items.flatMap((c) => (c.subject === "contact" && c.contactId ? [c.contactId] : []))),
  ];
  const accountIds = [
    ...new Set(items.flatMap((c) => (c.subject === "account" && c.accountId ? [c.accountId] : []))),
  ];
  const inBook = new Set<string>();
  if (contactIds.length || accountIds.length) {
    const rows = await sql<{ id: string }>`
      select c.contact_id::text as id from contacts c
       where c.client_id = ${clientId} and c.contact_id = any(${contactIds}::uuid[])
         and ${contactRowInBook(book, clientId, "c")}
      union
      select distinct c.account_id::text from contacts c
       where c.client_id = ${clientId} and c.account_id = any(${accountIds}::uuid[])
         and c.erased_at is null and ${contactRowInBook(book, clientId, "c")}`.execute(tx);
    for (const r of rows.rows) inBook.add(r.id);
  }
  return items.filter((c) => {
    const id = c.subject === "contact" ? c.contactId : c.accountId;
    if (id && inBook.has(id)) return true;
    const entity = c.subject === "contact" ? "Contact" : "Account";
    return refuse(c.index, new BatonError("NOT_FOUND", { entity, id: id ?? c.email ?? c.domain ?? "" }));
  });
}

/**
 * 2. Each item's subject, in its tenant: contact and account ids checked, addresses matched to the
 * oldest live contact with the same dedupe key, domains to the oldest account with that domain.
 * Refuses (through `refuse`) the ids not found, and erased people; returns the items that go on.
 */
async function resolveSubjects(
  tx: Kysely<DB>,
  clientId: string,
  items: Checked[],
  deps: RecordDeps,
  refuse: (i: number, e: BatonError) => false,
): Promise<Checked[]> {
  const uniq = <T>(xs: (T | null)[]) => [...new Set(xs.filter((x): x is T => x !== null))];
  const contactIds = uniq(items.map((c) => c.contactId));
  const emailKeys = uniq(items.map((c) => (c.contactId ? null : c.emailKey)));
  const accountIds = uniq(items.map((c) => c.accountId));
  const domains = uniq(items.map((c) => (c.accountId ? null : c.domain)));
  const contacts = contactIds.length
    ? (
        await sql<{ contact_id: string; account_id: string | null; erased_at: Date | null }>`
          select contact_id, account_id, erased_at from contacts
           where client_id = ${clientId} and contact_id = any(${contactIds}::uuid[])`.execute(tx)
      ).rows
    : [];
  const byId = new Map(contacts.map((c) => [c.contact_id, c]));
  const byKey = new Map<string, { contact_id: string; account_id: string | null }>();
  if (emailKeys.length) {
    const rows = await sql<{ contact_id: string; account_id: string | null; email_key: string }>`
      select contact_id, account_id, email_key from contacts
       where client_id = ${clientId} and email_key = any(${emailKeys}::text[]) and erased_at is null
       order by created_at, contact_id`.execute(tx);
    for (const r of rows.rows) if (!byKey.has(r.email_key)) byKey.set(r.email_key, r);
  }
  const hashes = new Map<string, string>();
  const unmatched = emailKeys.filter((k) => !byKey.has(k));
  if (unmatched.length && deps.secret === undefined)
    throw new Error("recordSignals: an address matched nobody and no secret was given to check erasures");
  const hashKey = erasureKey(deps.secret ?? "");
  for (const k of unmatched) hashes.set(erasedEmailHash(hashKey, k)!, k);
  const erased = new Set<string>();
  if (hashes.size) {
    const rows = await sql<{ value: string }>`
      select value from suppressions where client_id = ${clientId} and kind = 'email_hash'
         and value = any(${[...hashes.keys()]}::text[])`.execute(tx);
    for (const r of rows.rows) erased.add(hashes.get(r.value)!);
  }
  const accounts = accountIds.length
    ? new Set(
        (
          await sql<{ account_id: string }>`
            select account_id from accounts where client_id = ${clientId} and account_id = any(${accountIds}::uuid[])`.execute(
            tx,
          )
        ).rows.map((r) => r.account_id),
      )
    : new Set<string>();
  const byDomain = new Map<string, string>();
  if (domains.length) {
    const rows = await sql<{ account_id: string; domain: string }>`
      select account_id, lower(domain) as domain from accounts
       where client_id = ${clientId} and lower(domain) = any(${domains}::text[])
       order by created_at, account_id`.execute(tx);
    for (const r of rows.rows) if (!byDomain.has(r.domain)) byDomain.set(r.domain, r.account_id);
  }
  const ok: Checked[] = [];
  for (const c of items) {
    if (c.contactId) {
      const found = byId.get(c.contactId);
      if (!found) {
        refuse(c.index, new BatonError("NOT_FOUND", { entity: "contact", id: c.contactId }));
        continue;
      }
      if (found.erased_at) {
        refuse(c.index, new BatonError("CONTACT_ERASED", { contact_id: c.contactId }));
        continue;
      }
      c.accountId = c.accountId ?? found.account_id;
    } else if (c.emailKey) {
      if (erased.has(c.emailKey)) {
        refuse(c.index, new BatonError("CONTACT_ERASED", {}));
        continue;
      }
      const found = byKey.get(c.emailKey);
      c.contactId = found?.contact_id ?? null;
      c.accountId = c.accountId ?? found?.account_id ?? null;
    }
    if (c.input.accountId && !accounts.has(c.input.accountId)) {
      refuse(c.index, new BatonError("NOT_FOUND", { entity: "account", id: c.input.accountId }));
      continue;
    }
    if (!c.accountId && c.domain) c.accountId = byDomain.get(c.domain) ?? null;
    ok.push(c);
  }
  return ok;
}
