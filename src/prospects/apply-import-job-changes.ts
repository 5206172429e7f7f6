// The job changes an import's file shows (issue 15 item 1; docs/signals.md "Job changes"): a proven
// one moves the person as the CRM's does (job-change.ts) with a job_change signal, an unproven one
// moves nothing and asks a person; each in its own transaction, after the file's rows are written.
import { type Kysely, sql } from "kysely";
import { normalizeEmail } from "../contact-keys/index.ts";
import { retryOnLockConflict } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";
import { recordSignals } from "../signals/index.ts";
import type { PlannedJobChange } from "./contact-plan.ts";
import type { RowReport } from "./import-job.ts";
import { moveToCompany } from "./job-change.ts";

/** The source a job change from an import carries (events, signals, the suppression's reason). */
const IMPORT_SOURCE = "import";

/**
 * Runs the file's job changes (docs/signals.md "Job changes"): a proven one through job-change.ts as
 * the CRM's does, with a job_change signal on the person at the new company; an unproven one moves
 * nothing and asks a person (an import_contact_changed event with resolution needs_review and a
 * company_change_unconfirmed signal, once per person and address). Returns the report rows changed.
 */
export async function applyJobChanges(
  db: Kysely<DB>,
  clientId: string,
  changes: PlannedJobChange[],
  now: Date,
): Promise<Map<number, Partial<RowReport>>> {
  const out = new Map<number, Partial<RowReport>>();
  for (const jc of changes) {
    const key = `${jc.contactId}:${normalizeEmail(jc.email) ?? jc.email}`.slice(0, 200);
    await retryOnLockConflict(() =>
      db.transaction().execute(async (tx) => {
        if (!jc.domain) {
          const attrs = {
            company: jc.named.company,
            domain: jc.named.domain,
            email: jc.email,
            confirmed: false,
          };
          const signal = await importSignal(
            tx,
            clientId,
            "company_change_unconfirmed",
            jc.contactId,
            key,
            attrs,
            now,
          );
          if (signal)
            await appendEvents(tx, [
              {
                client_id: clientId,
                occurred_at: now,
                contact_id: jc.contactId,
                event_type: "import_contact_changed",
                resolution: "needs_review",
                lineage: NO_LINEAGE,
                details: { kind: "company_unconfirmed", ...jc.named, signal_id: signal, needs_review: true },
              },
            ]);
          return;
        }
        const m = await moveToCompany(
          tx,
          clientId,
          jc.contactId,
          { domain: jc.domain, company: jc.company, email: jc.email, source: IMPORT_SOURCE },
          now,
        );
        if (!m) {
          out.set(jc.index, { action: "skipped", reason: "job_change_done_before" });
          return;
        }
        // the CRM id names the person, who now works at the new company: a later row (or the CRM's
        // sync) finds them there, and the same file again finds them moved
        // (a row that named them by their previous address leaves the CRM id where it is)
        if (jc.crmId) {
          await sql`update contacts set external_id = null
                     where client_id = ${clientId} and contact_id = ${jc.contactId}`.execute(tx);
          await sql`update contacts set external_id = ${jc.crmId}
                     where client_id = ${clientId} and contact_id = ${m.to_contact_id}`.execute(tx);
        }
        await importSignal(
          tx,
          clientId,
          "job_change",
          m.to_contact_id,
          key,
          { from_contact_id: jc.contactId, company: jc.company, domain: jc.domain },
          now,
        );
        out.set(jc.index, { id: m.to_contact_id });
      }),
    );
  }
  return out;
}

async function importSignal(
  tx: Kysely<DB>,
  clientId: string,
  type: string,
  contactId: string,
  key: string,
  attributes: Record<string, unknown>,
  now: Date,
): Promise<string | null> {
  const r = await recordSignals(
    tx,
    { clientId, principalId: null },
    [{ type, contactId, occurredAt: now, source: IMPORT_SOURCE, externalId: `${type}:${key}`, attributes }],
    {},
    now,
  );
  return r.results[0]?.signal_id ?? null;
}
