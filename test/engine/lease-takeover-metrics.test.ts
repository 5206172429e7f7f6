// Lease take-overs are counted (issue 10 metrics): a send claimed by a worker that never finished it
// is claimed again by another once the lease ran out, and the take-over shows in the counter; a
// fresh claim does not. (A step's claim is a row lock since issue 39 item 3: it has no lease to
// take over; the send claims of items a person approved still do.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { claimDueSends } from "../../src/engine/send-approved.ts";
import { prometheusMetrics } from "../../src/metrics/prometheus-metrics.ts";
import { testDatabase } from "../support/db.ts";
import { oneStepTenant } from "./engine-harness.ts";

const T0 = new Date("2026-03-02T10:00:00Z");

describe("lease take-over metric", () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
    // three steps executed with no channel: three approved email items, due, claimed by nobody
    const { deps, enroll } = await oneStepTenant(database, "lease", T0, { email: null });
    for (const n of ["Lease 1", "Lease 2", "Lease 3"]) await enroll(n);
    await runEngineOnce(deps, T0, { workerId: "stager", batch: 10 });
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
        .find((l) => l.startsWith('baton_engine_lease_takeovers_total{table="sales_send_queue"}'));
      return line ? Number(line.split(" ").pop()) : 0;
    };
    const t0 = new Date(T0.getTime() + 1000);
    const first = await claimDueSends(database.db, t0, {
      workerId: "dies",
      batch: 10,
      leaseMs: 30_000,
      metrics,
    });
    expect(first).toHaveLength(3);
    expect(await value()).toBe(0);
    // within the lease: nothing to take
    const early = await claimDueSends(database.db, new Date(t0.getTime() + 10_000), {
      workerId: "other",
      batch: 10,
      leaseMs: 30_000,
      metrics,
    });
    expect(early).toHaveLength(0);
    // after it: the other worker takes all three over
    const late = await claimDueSends(database.db, new Date(t0.getTime() + 31_000), {
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
