// issue 10 "Must show": graceful shutdown on PostgreSQL. During a run of 2,000 due steps, SIGTERM a
// `baton engine work` process of three workers (--concurrency 3): it exits within 10 s, leaves no
// claimed step or send item of any of them behind (their leases are handed back at once, not left to
// run out), and nothing is sent twice (messages counted at a real SMTP server on loopback, by
// idempotency key, as in kill-test.test.ts). A process of one worker then finishes the run.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { OUTCOME_UNKNOWN } from "../../src/engine/send-approved.ts";
import { stepWorkers } from "../support/lock-waits.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { ownServerDatabase } from "../support/template.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { dueEnrollments, oneStepNurture } from "./engine-harness.ts";

const STEPS = 2_000;
const ROOT = path.resolve(import.meta.dirname, "../..");
let url = "";

describeMultiConnection("engine worker: SIGTERM is graceful", () => {
  let database: Database;
  let own: Awaited<ReturnType<typeof ownServerDatabase>> | undefined;
  let t: Tenant;
  let smtp: SMTPServer;
  let port = 0;
  const received = new Map<string, number>();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, cb) {
        let head = "";
        stream.on("data", (b: Buffer) => {
          if (head.length < 8192) head += b.toString("utf8");
        });
        stream.on("end", () => {
          const key = /^X-Baton-Idempotency-Key:\s*(\S+)/im.exec(head)?.[1] ?? "?";
          received.set(key, (received.get(key) ?? 0) + 1);
          cb();
        });
      },
    });
    smtp.on("error", () => {});
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
    port = (smtp.server.address() as { port: number }).port;
    // a database of its own: workers claim due work across all tenants
    own = await ownServerDatabase("sigterm");
    url = own.url;
    database = await openDatabase({ url, poolSize: 3 });
    t = await createTenant(database.db, "sigterm");
    const now = new Date();
    const c = await oneStepNurture(database.db, t.revops, "sigterm_nurture", now);
    await dueEnrollments(database.db, t.clientId, c.id, STEPS, "Term", now);
  }, 120_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await database?.close();
    await own?.drop();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  });

  function start(
    workerId: string,
    concurrency = 1,
  ): {
    child: ChildProcess;
    started: Promise<void>;
    exited: Promise<number | null>;
    out: string[];
  } {
    const env = {
      ...process.env,
      DATABASE_URL: url,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(port),
      SMTP_SECURE: "false",
      SMTP_FROM: "engine@baton.test",
      BATON_DEMO: "false",
      LLM_BASE_URL: "",
      ATTIO_API_KEY: "",
    };
    // the default 30 s lease: a lease left behind would still be held when we look
    const args = [
      "bin/baton.js",
      "engine",
      "work",
      "--worker-id",
      workerId,
      "--batch",
      "50",
      "--tick-ms",
      "200",
      ...(concurrency > 1 ? ["--concurrency", String(concurrency)] : []),
    ];
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    const out: string[] = [];
    const started = new Promise<void>((resolve) => {
      child.stdout?.on("data", (b: Buffer) => {
        out.push(b.toString());
        if (b.toString().includes('"started"')) resolve();
      });
    });
    child.stderr?.on("data", (b: Buffer) => out.push(b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, started, exited, out };
  }

  const count = async () =>
    (
      await sql<{ sent: number; live: number; open_items: number }>`
        select (select count(*)::int from sales_send_queue where client_id = ${t.clientId} and status = 'sent') as sent,
               (select count(*)::int from campaign_contacts where client_id = ${t.clientId} and status = 'active') as live,
               (select count(*)::int from sales_send_queue where client_id = ${t.clientId}
                 and status not in ('sent', 'failed', 'cancelled')) as open_items`.execute(database.db)
    ).rows[0];

  it(`SIGTERM during ${STEPS} due steps: exits within 10 s, no lease left, nothing sent twice`, async () => {
    const a = start("term-a", 3);
    await a.started;
    // let it get well into the run, then SIGTERM it mid-flight; meanwhile, which of its workers held claims
    const claimants = new Set<string>();
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      // a step's claim is a row lock (issue 39 item 3): its transaction names the worker in
      // pg_stat_activity while it holds the steps
      const who = await sql<{ by: string }>`
        select distinct claimed_by as by from sales_send_queue where claimed_by like 'term-a%'`.execute(
        database.db,
      );
      for (const w of await stepWorkers(database.db, "term-a%")) claimants.add(w);
      for (const w of who.rows) claimants.add(w.by);
      const c = await count();
      if ((c.sent >= 200 && claimants.size >= 2) || c.live < STEPS - 600) break;
    }
    const before = await count();
    const signalled = Date.now();
    a.child.kill("SIGTERM");
    const code = await a.exited;
    const exitMs = Date.now() - signalled;
    const held = await sql<{ steps: number; sends: number }>`
        select (select count(*)::int from campaign_contacts where claimed_by like 'term-a%') as steps,
               (select count(*)::int from sales_send_queue where claimed_by like 'term-a%') as sends`.execute(
      database.db,
    );
    const said = a.out.join("");
    console.log(
      `sigterm test: ${JSON.stringify({ before, exitMs, code, held: held.rows[0], claimants: [...claimants] })}; the worker said: ${said
        .slice(said.indexOf('"stopped"') - 40)
        .replace(/\s+/g, " ")
        .slice(0, 400)}`,
    );
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(10_000);
    expect(held.rows[0]).toEqual({ steps: 0, sends: 0 }); // no lease of the stopped workers remains
    // the process ran three workers, each claiming under its own name
    expect([...claimants].every((w) => /^term-a-[123]$/.test(w))).toBe(true);
    expect(claimants.size).toBeGreaterThanOrEqual(2);
    const mid = await count();
    expect(mid.live + mid.open_items).toBeGreaterThan(0); // it was stopped mid-run

    // another worker finishes the run at once (no lease to wait out)
    const b = start("term-b");
    const began = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 300));
      const c = await count();
      if (c.live === 0 && c.open_items === 0) break;
      if (Date.now() - began > 300_000) throw new Error(`not done: ${JSON.stringify(c)}`);
    }
    b.child.kill("SIGTERM");
    expect(await b.exited).toBe(0);

    const items = await database.db
      .selectFrom("sales_send_queue")
      .select(["idempotency_key", "status", "error"])
      .where("client_id", "=", t.clientId)
      .execute();
    const dupes = [...received.values()].filter((n) => n > 1).length;
    expect(dupes).toBe(0); // nothing sent twice
    expect(items.length).toBe(STEPS);
    expect(items.filter((i) => i.status === "sent").length).toBe(STEPS);
    expect(items.filter((i) => i.error?.startsWith(OUTCOME_UNKNOWN))).toEqual([]); // a clean stop leaves no unknown outcome
    expect(items.every((i) => received.get(i.idempotency_key) === 1)).toBe(true);
  }, 420_000);
});
