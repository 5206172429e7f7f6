// Issue 15 "Must show", through the real engine on PostgreSQL: 1,000 enrollments at one domain have
// a due step while four engine workers (runEngineOnce, each on its own connections) execute them
// and a domain suppression is added. No message reaches the channel whose send started after the
// suppression committed, the channel's ledger and the touch events agree with what was sent, and
// the steps not sent were stopped with the suppression.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { EmailChannel } from "../../src/channels/channel.ts";
import type { Database } from "../../src/db/connect.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { addSuppression } from "../../src/prospects/suppress-address.ts";
import { addContact, engineDeps, oneStepNurture } from "../engine/engine-harness.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";

describeMultiConnection("suppression racing the engine", () => {
  let d: Database;
  beforeAll(async () => {
    d = await ownServerTestDatabase("supeng", 20);
  });
  afterAll(async () => d?.close());

  it("a domain suppression racing 1,000 due steps: 0 sends start after it commits", async () => {
    const db = d.db;
    const now = new Date("2026-06-01T09:00:00Z");
    const t = await createTenant(db, "supeng");
    await oneStepNurture(db, t.revops, "supeng_nurture", now);
    const domain = `engrace-${randomUUID().slice(0, 8)}.example`;
    const N = 1000;
    const enrollments: string[] = [];
    const pending = Array.from({ length: N }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (pending.length) {
          const i = pending.shift()!;
          const c = await addContact(db, t.clientId, `Race Person ${i}`, {
            email: `p${i}@${i % 2 ? "eu." : ""}${domain}`,
          });
          const r = await enrollContact(db, t.exec, { campaign: "supeng_nurture", contactId: c }, now);
          enrollments.push(r.enrollment_id!);
        }
      }),
    );
    expect(enrollments).toHaveLength(N);

    const base = await engineDeps(d);
    const real = base.email!;
    const sendStarts: number[] = [];
    const counted: EmailChannel = {
      async send(m, at) {
        sendStarts.push(performance.now());
        return real.send(m, at);
      },
    };
    const deps = { ...base, email: counted };
    let stop = false;
    const worker = async (w: number) => {
      let idle = 0;
      while (!stop && idle < 3) {
        const s = await runEngineOnce(deps, now, { workerId: `w${w}`, batch: 10 });
        idle = s.claimed || Object.keys(s.sends).length ? 0 : idle + 1;
      }
    };
    const workers = Array.from({ length: 4 }, (_, w) => worker(w));
    while (sendStarts.length < 50) await new Promise((r) => setTimeout(r, 2));
    const r = await addSuppression(
      db,
      {
        clientId: t.clientId,
        kind: "domain",
        value: domain,
        reason: "asked to be left alone",
        source: "manual",
      },
      now,
    );
    const committedAt = performance.now();
    await Promise.all(workers);
    stop = true;
    // one more pass after the commit: everything still due is stopped, nothing is sent
    const before = sendStarts.length;
    await runEngineOnce(deps, now, { workerId: "after", batch: 1000 });
    expect(sendStarts.length).toBe(before);

    expect(r.contacts).toBe(N);
    expect(sendStarts.filter((s) => s > committedAt)).toEqual([]);
    // the channel's ledger and the event log count exactly the messages sent
    const delivered = await db
      .selectFrom("channel_deliveries")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    const touches = await db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "touch")
      .executeTakeFirstOrThrow();
    expect(Number(delivered.n)).toBe(sendStarts.length);
    expect(Number(touches.n)).toBe(sendStarts.length);
    expect(sendStarts.length).toBeLessThan(N);
    // per contact: a 'suppressed' event, and no touch after it
    const ev = await db
      .selectFrom("cadence_event_log")
      .select(["event_id", "event_type", "contact_id"])
      .where("client_id", "=", t.clientId)
      .orderBy("event_id")
      .execute();
    const byContact = new Map<string, string[]>();
    for (const e of ev) {
      if (!e.contact_id) continue;
      byContact.set(e.contact_id, [...(byContact.get(e.contact_id) ?? []), e.event_type]);
    }
    expect(byContact.size).toBe(N);
    let stopped = 0;
    for (const types of byContact.values()) {
      const at = types.indexOf("suppressed");
      expect(at).toBeGreaterThanOrEqual(0);
      expect(types.slice(at).includes("touch")).toBe(false);
      if (!types.includes("touch")) stopped++;
    }
    expect(stopped).toBe(N - sendStarts.length);
    // the unsent steps: nothing left to send (items staged in time are cancelled), each stopped with
    // the suppression's reason
    const queue = await db
      .selectFrom("sales_send_queue")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("client_id", "=", t.clientId)
      .groupBy("status")
      .execute();
    const reasons = await db
      .selectFrom("cadence_event_log")
      .select([
        "event_type",
        "suppressed_reason",
        "compliance_status",
        (eb) => eb.fn.countAll<number>().as("n"),
      ])
      .where("client_id", "=", t.clientId)
      .groupBy(["event_type", "suppressed_reason", "compliance_status"])
      .execute();
    // items staged before the commit but not yet sent are cancelled by it; nothing else is left
    const byStatus = Object.fromEntries(queue.map((q) => [q.status, Number(q.n)]));
    expect(byStatus.sent).toBe(sendStarts.length);
    expect(Object.keys(byStatus).filter((k) => k !== "sent" && k !== "cancelled")).toEqual([]);
    const suppressedEvents = reasons.filter((x) => x.event_type === "suppressed");
    expect(suppressedEvents.map((x) => [x.suppressed_reason, x.compliance_status, Number(x.n)])).toEqual([
      ["compliance_block", "blocked", N],
    ]);
    expect(reasons.some((x) => x.event_type === "send_allowed" && Number(x.n) !== sendStarts.length)).toBe(
      false,
    );
    // every enrollment whose step was not sent was stopped by the domain suppression
    const touched = new Set(
      [...byContact.entries()].filter(([, types]) => types.includes("touch")).map(([c]) => c),
    );
    const rows = await db
      .selectFrom("campaign_contacts")
      .select(["contact_id", "status", "exit_reason"])
      .where("client_id", "=", t.clientId)
      .execute();
    const unsent = rows.filter((x) => !touched.has(x.contact_id));
    expect(unsent).toHaveLength(N - sendStarts.length);
    for (const x of unsent) expect([x.status, x.exit_reason]).toEqual(["cancelled", "suppressed:domain"]);
  }, 120_000);
});
