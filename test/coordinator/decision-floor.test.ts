// bench:coordinator's decision floor (bench/support/decision-floor.ts) runs the coordinator's own
// statements from pgbench; its figure bounds what a decision can cost only while those statements
// run and do what a decision does. Here its script's statements run for the preload's prospect 1 on
// PGlite: the contact is locked and read, the snapshot finds the enrollment, and the write updates
// the contact and appends the decision's event with its tenant, contact, account and enrollment.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { benchId, decisionFloorScript, guaranteeFloorScripts } from "../../bench/support/decision-floor.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

it("runs one allowed decision's statements on the preload's shape", async () => {
  const db = d.db;
  const { clientId } = await createTenant(db, "floor");
  // prospect 1 as bench:coordinator preloads it: account 2 (1 + 1 % 1000), campaign 2 (1 + 1 % 4)
  await sql`insert into accounts (account_id, client_id, name) values (${benchId("a000", 2)}, ${clientId}, 'A')`.execute(
    db,
  );
  await sql`insert into contacts (contact_id, client_id, account_id, full_name, email)
            values (${benchId("8000", 1)}, ${clientId}, ${benchId("a000", 2)}, 'P', 'p1@floor.test')`.execute(
    db,
  );
  await sql`insert into campaigns (id, client_id, slug, name, type, owner_role, kind, on_exit)
            values (${benchId("c000", 2)}, ${clientId}, 'floor', 'Floor', 'play', 'roles.sales', 'nurture', '{}')`.execute(
    db,
  );
  await sql`insert into campaign_sequences (client_id, campaign_id, step_number, delay_days, channel, content_type, template_instructions)
            values (${clientId}, ${benchId("c000", 2)}, 1, 0, 'email', 'follow_up', 'floor')`.execute(db);
  await sql`insert into campaign_contacts (id, client_id, contact_id, campaign_id, status, current_step, next_send_at, enrolled_at, sequence_type)
            values (${benchId("9000", 1)}, ${clientId}, ${benchId("8000", 1)}, ${benchId("c000", 2)}, 'active', 1, now(), now(), 'nurture')`.execute(
    db,
  );

  for (const pipelined of [false, true]) {
    const script = decisionFloorScript(db, { clientId, prospects: 1, pipelined });
    const lines = script.split("\n");
    expect(lines[0]).toBe("\\set i random(1, 1)");
    const body = lines.filter((l) => !l.startsWith("\\") && l !== "");
    expect(body[0]).toBe("begin;");
    expect(body.at(-1)).toBe("commit;");
    const statements = body.slice(1, -1).map((s) => s.replaceAll(":i::int", "1").replace(/;$/, ""));
    expect(statements).toHaveLength(3);
    const [lock, snapshot, write] = await db.transaction().execute(async (tx) => {
      const out = [];
      for (const s of statements) out.push((await sql.raw<Record<string, unknown>>(s).execute(tx)).rows);
      return out;
    });
    expect(lock).toEqual([
      expect.objectContaining({ contact_id: benchId("8000", 1), account_id: benchId("a000", 2) }),
    ]);
    expect(JSON.stringify(snapshot[0].enrollment)).toContain(benchId("9000", 1));
    expect(write).toHaveLength(1);
    const ev = await sql<Record<string, unknown>>`
      select client_id, contact_id, account_id, enrollment_id, campaign_id, event_type, coordinator_action
        from cadence_event_log where event_id = ${write[0].event_id}`.execute(db);
    expect(ev.rows).toEqual([
      {
        client_id: clientId,
        contact_id: benchId("8000", 1),
        account_id: benchId("a000", 2),
        enrollment_id: benchId("9000", 1),
        campaign_id: benchId("c000", 2),
        event_type: "step_allowed",
        coordinator_action: "allow",
      },
    ]);
  }
  const c = await sql<{ active_sequence_id: string }>`
    select active_sequence_id from contacts where contact_id = ${benchId("8000", 1)}`.execute(db);
  expect(c.rows[0].active_sequence_id).toBe(benchId("9000", 1));

  // the floors of what the guarantees require: each a pipeline of one transaction, whose reads find
  // the enrollment and the contact, and whose write appends the decision's event
  const floors = guaranteeFloorScripts(db, { clientId, prospects: 1 });
  expect(floors.map((f) => f.form)).toEqual([
    "lock + read by key + write",
    "lock and read in one + write",
    "lock + write",
    "write",
  ]);
  for (const f of floors) {
    const body = f.script.split("\n").filter((l) => !l.startsWith("\\") && l !== "");
    expect(f.script).toContain("\\startpipeline");
    expect([body[0], body.at(-1)]).toEqual(["begin;", "commit;"]);
    const statements = body.slice(1, -1).map((s) => s.replaceAll(":i::int", "1").replace(/;$/, ""));
    const results = await db.transaction().execute(async (tx) => {
      const out = [];
      for (const s of statements) out.push((await sql.raw<Record<string, unknown>>(s).execute(tx)).rows);
      return out;
    });
    for (const rows of results.slice(0, -1)) {
      expect(rows).toEqual([expect.objectContaining({ contact_id: benchId("8000", 1) })]);
    }
    const write = results.at(-1) ?? [];
    expect(write).toEqual([{ event_id: expect.anything() }]);
  }
  const read = guaranteeFloorScripts(db, { clientId, prospects: 1 })[1].script;
  expect(read).toContain("for update of c");
  expect(read).toContain("suppressions");
});
