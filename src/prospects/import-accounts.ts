// Accounts from CSV: dedupe by domain (lower-cased, scheme and path dropped), then by name
// (case-folded). A segment must exist; an ICP tier must be T1, T2 or T3.
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { normalizeDomain } from "../contact-keys/index.ts";
import type { DB } from "../db/database.ts";
import { matchWaitingSignals } from "../signals/match-waiting-signals.ts";
import type { ImportRow } from "./contact-plan.ts";
import type { RowReport } from "./import-job.ts";
import { slicer } from "./slice-work.ts";

interface AccountValues {
  id: string;
  create: boolean;
  name: string;
  domain: string | null;
  segment: string | null;
  tier: string | null;
  vertical: string | null;
}

export async function importAccountRows(
  db: Kysely<DB>,
  clientId: string,
  rows: ImportRow[],
  req: { dryRun: boolean; onDuplicate: "update" | "skip" },
  progress: (done: number) => Promise<void>,
  now: Date,
  /** rows per write statement (importChunks in import-chunks.ts) */
  chunkRows = 2000,
): Promise<RowReport[]> {
  const existing = await sql<{ account_id: string; domain: string | null; name: string }>`
    select account_id, domain, name from accounts where client_id = ${clientId} order by created_at`.execute(
    db,
  );
  const segments = new Set(
    (
      await sql<{ segment: string }>`select segment from segments where client_id = ${clientId}`.execute(db)
    ).rows.map((r) => r.segment),
  );
  const byKey = new Map<string, string>();
  for (const a of existing.rows) {
    const d = a.domain ? normalizeDomain(a.domain) : null;
    if (d && !byKey.has(`d:${d}`)) byKey.set(`d:${d}`, a.account_id);
    if (!byKey.has(`n:${a.name.trim().toLowerCase()}`))
      byKey.set(`n:${a.name.trim().toLowerCase()}`, a.account_id);
  }
  const report: RowReport[] = [];
  const writes: AccountValues[] = [];
  const inFile = new Map<string, AccountValues>();
  const planRow = ({ get, line, invalidUtf8At }: ImportRow, i: number) => {
    const row = i + 1;
    if (invalidUtf8At !== undefined)
      return report.push({
        row,
        line,
        action: "refused",
        reason: "invalid_utf8",
        byte_offset: invalidUtf8At,
      });
    const name = get("name");
    if (!name) return report.push({ row, line, action: "refused", reason: "missing_required_field:name" });
    const rawDomain = get("domain")
      .replace(/^https?:\/\/(www\.)?/i, "")
      .replace(/\/.*$/, "");
    const domain = rawDomain ? normalizeDomain(rawDomain) : null;
    if (rawDomain && !domain) return report.push({ row, line, action: "refused", reason: "bad_domain" });
    const segment = get("segment") || null;
    if (segment && !segments.has(segment))
      return report.push({ row, line, action: "refused", reason: "unknown_segment" });
    const tier = get("icp_tier").toUpperCase() || null;
    if (tier && !["T1", "T2", "T3"].includes(tier))
      return report.push({ row, line, action: "refused", reason: "bad_icp_tier" });
    const v: Omit<AccountValues, "id" | "create"> = {
      name,
      domain,
      segment,
      tier,
      vertical: get("vertical") || null,
    };
    const keys = [domain ? `d:${domain}` : null, `n:${name.toLowerCase()}`].filter((k): k is string => !!k);
    const earlier = keys.map((k) => inFile.get(k)).find((x) => x);
    if (earlier) {
      if (req.onDuplicate === "skip")
        return report.push({ row, line, action: "skipped", reason: "duplicate_in_file", id: earlier.id });
      Object.assign(earlier, Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)));
      return report.push({ row, line, action: "updated", reason: "duplicate_in_file", id: earlier.id });
    }
    const found = keys.map((k) => byKey.get(k)).find((x) => x);
    const w: AccountValues = { id: found ?? randomUUID(), create: !found, ...v };
    for (const k of keys) inFile.set(k, w);
    if (found && req.onDuplicate === "skip")
      return report.push({ row, line, action: "skipped", reason: "exists", id: found });
    writes.push(w);
    report.push({
      row,
      line,
      action: found ? "updated" : "created",
      reason: found ? "exists" : undefined,
      id: w.id,
    });
  };
  const slice = slicer();
  for (let i = 0; i < rows.length; i++) {
    planRow(rows[i], i);
    if ((i & 255) === 255) await slice();
  }
  if (req.dryRun) {
    await progress(rows.length);
    return report;
  }
  for (let i = 0; i < writes.length; i += chunkRows) {
    const chunk = writes.slice(i, i + chunkRows);
    const col = (f: (w: AccountValues) => string | null) => chunk.map(f);
    // one statement per chunk: new rows inserted, existing ones updated (ON CONFLICT on the key)
    await sql`
      insert into accounts (account_id, client_id, name, domain, segment, icp_tier, vertical, created_at)
      select v.id, ${clientId}, v.name, v.domain, v.segment, coalesce(v.tier, 'T2'), v.vertical, ${now}
        from unnest(${col((w) => w.id)}::uuid[], ${col((w) => w.name)}::text[], ${col((w) => w.domain)}::text[],
                    ${col((w) => w.segment)}::text[], ${col((w) => w.tier)}::text[], ${col((w) => w.vertical)}::text[])
             as v(id, name, domain, segment, tier, vertical)
      on conflict (account_id, client_id) do update set name = excluded.name,
         domain = coalesce(excluded.domain, accounts.domain), segment = coalesce(excluded.segment, accounts.segment),
         icp_tier = case when ${sql.raw("excluded.icp_tier")} is null then accounts.icp_tier else excluded.icp_tier end,
         vertical = coalesce(excluded.vertical, accounts.vertical)
       where accounts.client_id = ${clientId}`.execute(db);
    await slice();
    await progress(Math.round((rows.length * Math.min(i + chunkRows, writes.length)) / writes.length));
  }
  if (writes.length === 0) await progress(rows.length);
  // signals that waited for these companies (by domain) find them now (docs/signals.md)
  else await matchWaitingSignals(db, clientId, [], now);
  return report;
}
