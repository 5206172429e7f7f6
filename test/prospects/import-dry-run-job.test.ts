// Issue 58, Deliver 4: a 615,903-row CSV dry run was cut by the socket's idle timeout (60 s) with
// no answer. A large dry run is now a job, as the import is: 202 with the job's id at once, its
// progress and then its result read with GET /api/v1/imports/:id, and nothing written. A small
// dry run still answers 200 with its result; a request that waits is answered 202 with the running
// job once it has waited half the socket's idle time. Beside them: another tenant's job is not
// found, and a role that may not import is refused before anything runs.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INLINE_IMPORT_ROWS } from "../../src/api/routes/imports-routes.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { bulkContactsCsv } from "./bulk-csv.ts";

const mapping = {
  email: "Email",
  first_name: "First Name",
  last_name: "Last Name",
  title: "Title",
  legal_basis: "Basis",
};

describe("a large dry run is a job with progress", () => {
  let h: TestApp;
  let t: Tenant;
  const large = bulkContactsCsv(INLINE_IMPORT_ROWS + 1, 0, randomUUID().slice(0, 6));

  beforeAll(async () => {
    h = await testApp();
    t = await createTenant(h.deps.db, "drj");
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (payload: object, who = t.revops) =>
    h.app.inject({ method: "POST", url: "/api/v1/imports", headers: who.auth, payload });
  const read = async (id: string, who = t.revops) =>
    h.app.inject({ method: "GET", url: `/api/v1/imports/${id}?limit=0`, headers: who.auth });

  async function contacts(): Promise<number> {
    const r = await h.deps.db
      .selectFrom("contacts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  it(`answers 202 at once above ${INLINE_IMPORT_ROWS} rows; GET shows progress, then the result`, async () => {
    const started = await post({ csv: large, mapping, dry_run: true });
    expect(started.statusCode).toBe(202);
    const job = started.json();
    expect(job).toMatchObject({ status: "running", dry_run: true, total_rows: INLINE_IMPORT_ROWS + 1 });

    // polled as the workspace polls it: progress only grows, and never past the total
    const seen: number[] = [];
    let now = job;
    while (now.status === "running") {
      await new Promise((r) => setTimeout(r, 200));
      now = (await read(job.id)).json();
      seen.push(now.processed_rows);
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(Math.max(...seen)).toBeLessThanOrEqual(INLINE_IMPORT_ROWS + 1);
    expect(now).toMatchObject({
      status: "done",
      dry_run: true,
      processed_rows: INLINE_IMPORT_ROWS + 1,
      counts: { rows: INLINE_IMPORT_ROWS + 1, created: INLINE_IMPORT_ROWS + 1, refused: 0 },
      error: null,
    });
    // a dry run changes nothing
    expect(await contacts()).toBe(0);
  }, 180_000);

  it("answers a small dry run inline, 200 with its result; wait=false makes even that a job", async () => {
    const small = bulkContactsCsv(20, 0, "small");
    const inline = await post({ csv: small, mapping, dry_run: true });
    expect(inline.statusCode).toBe(200);
    expect(inline.json()).toMatchObject({ status: "done", counts: { rows: 20, created: 20 } });
    const queued = await post({ csv: small, mapping, dry_run: true, wait: false });
    expect(queued.statusCode).toBe(202);
    expect(await contacts()).toBe(0);
  });

  it("answers a request that waits with 202 and the running job after half the idle timeout", async () => {
    // an idle timeout of 100 ms: a request waits 50 ms for its job, far less than the job takes
    const short = await testApp(h.database, { BATON_HTTP_IDLE_TIMEOUT_MS: "100" });
    try {
      const r = await short.app.inject({
        method: "POST",
        url: "/api/v1/imports",
        headers: t.revops.auth,
        payload: { csv: large, mapping, dry_run: true, wait: true },
      });
      expect(r.statusCode).toBe(202);
      expect(r.json()).toMatchObject({ status: "running", total_rows: INLINE_IMPORT_ROWS + 1 });
      let now = r.json();
      while (now.status === "running") {
        await new Promise((resolve) => setTimeout(resolve, 200));
        now = (await read(now.id)).json();
      }
      expect(now).toMatchObject({ status: "done", counts: { rows: INLINE_IMPORT_ROWS + 1 } });
    } finally {
      await short.app.close();
    }
  }, 180_000);

  it("refuses a role that may not import before anything runs, and hides one tenant's job from another", async () => {
    const refused = await post({ csv: large, mapping, dry_run: true }, t.rep);
    expect(refused.statusCode).toBe(403);
    const mine = (await post({ csv: bulkContactsCsv(3, 0, "own"), mapping, dry_run: true })).json();
    const other = await createTenant(h.deps.db, "drk");
    const theirs = await read(mine.id, other.revops);
    expect(theirs.statusCode).toBe(404);
    expect((await read(mine.id)).statusCode).toBe(200);
  });
});
