// An import whose process stops mid-way (a server restart, a crash) does not stay 'running' for
// ever: every job beats while it works, and the server's sweep fails a job whose beat is older than
// the limit, with an error that says what was written and what to do. Finished and live jobs are
// left alone, and a job the sweep failed that finishes after all still records its real result.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createImportJob,
  finishImportJob,
  IMPORT_STALE_MS,
  reportProgress,
  sweepInterruptedImports,
} from "../../src/prospects/import-job.ts";
import { backgroundJobs } from "../../src/runtime/background.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant } from "../support/tenant.ts";

let h: TestApp;
beforeAll(async () => {
  h = await testApp();
});
afterAll(() => h.close());

describe("interrupted imports", () => {
  it("fails a running job whose process stopped beating, and only that one", async () => {
    const db = h.deps.db;
    const t = await createTenant(db);
    const job = (totalRows: number) =>
      createImportJob(
        db,
        {
          clientId: t.clientId,
          kind: "contacts",
          dryRun: false,
          onDuplicate: "skip",
          totalRows,
          principalId: null,
        },
        new Date(),
      );
    const stopped = await job(1000);
    await reportProgress(db, t.clientId, stopped, 400);
    const live = await job(1000);
    const done = await job(10);
    await finishImportJob(db, t.clientId, done, { report: [] }, new Date());
    // the stopped one's last beat was 11 minutes ago
    await db
      .updateTable("import_jobs")
      .set({ heartbeat_at: new Date(Date.now() - IMPORT_STALE_MS - 60_000) })
      .where("id", "=", stopped)
      .execute();

    expect(await sweepInterruptedImports(db, new Date())).toBeGreaterThanOrEqual(1);
    const rows = await db
      .selectFrom("import_jobs")
      .select(["id", "status", "processed_rows", "error", "finished_at"])
      .where("client_id", "=", t.clientId)
      .execute();
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(stopped)).toMatchObject({ status: "failed", processed_rows: 400 });
    expect(by.get(stopped)?.error).toMatch(/^Interrupted: .*run the same file again/);
    expect(by.get(stopped)?.finished_at).not.toBeNull();
    expect(by.get(live)).toMatchObject({ status: "running", error: null });
    expect(by.get(done)).toMatchObject({ status: "done", error: null });

    // a second sweep finds nothing more of this tenant's
    await sweepInterruptedImports(db, new Date());
    const again = await db
      .selectFrom("import_jobs")
      .select("status")
      .where("id", "=", live)
      .executeTakeFirstOrThrow();
    expect(again.status).toBe("running");

    // the slow job the sweep gave up on finishes after all: its real result wins
    await finishImportJob(
      db,
      t.clientId,
      stopped,
      { report: [{ row: 1, line: 2, action: "created" }] },
      new Date(),
    );
    const finished = await db
      .selectFrom("import_jobs")
      .select(["status", "error"])
      .where("id", "=", stopped)
      .executeTakeFirstOrThrow();
    expect(finished).toEqual({ status: "done", error: null });
  });

  it("runs in the server, at start and then every minute", () => {
    expect(backgroundJobs.map((j) => j.name)).toContain("import-sweep");
  });
});
