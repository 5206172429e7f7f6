// Notification delivery failures are counted (issue 10 metrics): a webhook delivery a receiver
// refuses moves baton_webhook_delivery_failures_total{outcome="retrying"}, then {outcome="failed"}
// once given up; a drain pass that fails as a whole (the database went away) moves
// baton_notification_drain_failures_total{outcome="retrying"} and still throws, so the job logs it.
import { Kysely, PostgresDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { prometheusMetrics } from "../../src/metrics/prometheus-metrics.ts";
import { drainNotificationsPass } from "../../src/notifications/drain-job.ts";
import { notify } from "../../src/notifications/notify.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";

/** The value of one sample line (`name{labels} value`), 0 when absent. */
async function sample(metrics: ReturnType<typeof prometheusMetrics>, name: string, labels: string) {
  const text = (await metrics.exposition())?.text ?? "";
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}} `));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe("notification delivery failure metrics", () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  it("counts webhook deliveries a receiver refused: retrying, then failed once given up", async () => {
    const t = await createTenant(database.db, "nmet");
    await database.db
      .insertInto("notification_webhooks")
      .values({
        client_id: t.clientId,
        url: "http://127.0.0.1:9/hook",
        secret: "whsec-0123456789abcdef",
        event_types: [],
        created_by: null,
      })
      .execute();
    const t0 = new Date("2026-11-20T12:00:00Z");
    await notify(database.db, {
      clientId: t.clientId,
      kind: "flag.stall",
      recipient: { role: "revops" },
      payload: { message: "test" },
      now: t0,
    });
    const metrics = prometheusMetrics();
    let calls = 0;
    const refuse = async () => {
      calls++;
      return 500;
    };
    // the receiver is on loopback: the setting BATON_WEBHOOK_ALLOW_LOOPBACK=true gives
    const addressPolicy = { allowLoopback: true };
    await drainNotificationsPass(database.db, t0, metrics, { post: refuse, maxAttempts: 2, addressPolicy });
    expect(calls).toBe(1);
    expect(await sample(metrics, "baton_webhook_delivery_failures_total", 'outcome="retrying"')).toBe(1);
    expect(await sample(metrics, "baton_webhook_delivery_failures_total", 'outcome="failed"')).toBe(0);
    // after the backoff: the second and last attempt fails too, and the delivery is given up
    await drainNotificationsPass(database.db, new Date(t0.getTime() + 3600_000), metrics, {
      post: refuse,
      maxAttempts: 2,
      addressPolicy,
    });
    expect(calls).toBe(2);
    expect(await sample(metrics, "baton_webhook_delivery_failures_total", 'outcome="failed"')).toBe(1);
    expect(await sample(metrics, "baton_notification_drain_failures_total", 'outcome="retrying"')).toBe(0);
  });

  it("counts a drain pass that failed as a whole, and rethrows its error", async () => {
    // a database that went away: every connection attempt is refused
    const gone = new Kysely<DB>({
      dialect: new PostgresDialect({
        pool: {
          connect: async () => {
            throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
          },
          end: async () => {},
        } as never,
      }),
    });
    const metrics = prometheusMetrics();
    await expect(drainNotificationsPass(gone, new Date(), metrics)).rejects.toThrow(/ECONNREFUSED/);
    expect(await sample(metrics, "baton_notification_drain_failures_total", 'outcome="retrying"')).toBe(1);
    await expect(drainNotificationsPass(gone, new Date(), metrics)).rejects.toThrow(/ECONNREFUSED/);
    expect(await sample(metrics, "baton_notification_drain_failures_total", 'outcome="retrying"')).toBe(2);
  });
});
