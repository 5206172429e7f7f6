// Lease take-overs are counted (issue 10 metrics): a step claimed by a worker that never finished it
// is claimed again by another once the lease ran out, and the take-over shows in the counter; a
// fresh claim does not.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { claimDueEnrollments } from "../../src/engine/execute-step.ts";
import { prometheusMetrics } from "../../src/metrics/prometheus-metrics.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { oneStepNurture } from "./engine-harness.ts";

describe("lease take-over metric", () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
    const t = await createTenant(database.db, "lease");
    const now = new Date("2026-03-02T10:00:00Z");
    const c = await oneStepNurture(database.db, t.revops, "lease_nurture", now);
    await sql`insert into contacts (client_id, full_name, email)
              select ${t.clientId}, 'Lease ' || g, 'lease' || g || '@example.test' from generate_series(1, 3) g`.execute(
      database.db,
    );
    await sql`insert into campaign_contacts (client_id, contact_id, campaign_id, status, current_step, next_send_at, enrolled_at, sequence_type)
              select client_id, contact_id, ${c.id}, 'active', 1, ${now}, ${now}, 'nurture'
                from contacts where client_id = ${t.clientId}`.execute(database.db);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  it("counts rows claimed after another worker's lease ran out", async () => {
    const metrics = prometheusMetrics();
    const value = async () => {
      const text = (await metrics.exposition())?.text ?? "";
      const line = text
        .split("\n")
        .find((l) => l.startsWith('baton_engine_lease_takeovers_total{table="campaign_contacts"}'));
      return line ? Number(line.split(" ").pop()) : 0;
    };
    const t0 = new Date("2026-03-02T10:00:01Z");
    const first = await claimDueEnrollments(database.db, t0, {
      workerId: "dies",
      batch: 10,
      leaseMs: 30_000,
      metrics,
    });
    expect(first).toHaveLength(3);
    expect(await value()).toBe(0);
    // within the lease: nothing to take
    const early = await claimDueEnrollments(database.db, new Date(t0.getTime() + 10_000), {
      workerId: "other",
      batch: 10,
      leaseMs: 30_000,
      metrics,
    });
    expect(early).toHaveLength(0);
    // after it: the other worker takes all three over
    const late = await claimDueEnrollments(database.db, new Date(t0.getTime() + 31_000), {
      workerId: "other",
      batch: 10,
      leaseMs: 30_000,
      metrics,
    });
    expect(late).toHaveLength(3);
    expect(late[0]).toEqual({ id: expect.any(String), client_id: expect.any(String) });
    expect(await value()).toBe(3);
  });
});
