// `baton simulate --server`: the simulation in a throw-away database on a PostgreSQL server (issue 14
// item 7). The engine takes the server's path there (the gate's transaction holds the items' row
// locks while the channel's ledger writes on a second connection), PostgreSQL 15 plans the
// statements, and the seed still gives the pinned report, every figure and the printed text. The
// database is gone afterwards, also when the run is stopped by Ctrl-C. Without DATABASE_URL the flag
// is refused before anything runs.
import { spawn } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { runSimulation } from "../../src/simulation/simulate.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { withSimulationLock } from "../support/simulation-lock.ts";

const pinned = JSON.parse(
  fs.readFileSync(new URL("../fixtures/simulate-report-30d-500c-seed1.json", import.meta.url), "utf8"),
);

async function simulationDatabases(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 'baton\\_simulation\\_%'",
    );
    return r.rows.map((x) => x.datname);
  } finally {
    await client.end();
  }
}

describeMultiConnection("baton simulate --server", () => {
  const url = process.env.TEST_DATABASE_URL as string;

  it("gives the pinned report on PostgreSQL, and drops its database", { timeout: 600_000 }, async () => {
    await withSimulationLock(url, async () => {
      const before = await simulationDatabases(url);
      const report = await runSimulation({ days: 30, contacts: 500, seed: 1, serverUrl: url }, buildEngine);
      expect(JSON.parse(JSON.stringify(report))).toEqual(pinned);
      expect(await simulationDatabases(url)).toEqual(before);
    });
  });

  it("stopped by Ctrl-C (SIGINT), drops its database before it exits", { timeout: 120_000 }, async () => {
    await withSimulationLock(url, async () => {
      const before = await simulationDatabases(url);
      const child = spawn(
        process.execPath,
        ["bin/baton.js", "simulate", "--days", "60", "--contacts", "2000", "--server"],
        {
          cwd: new URL("../..", import.meta.url).pathname,
          env: { ...process.env, DATABASE_URL: url, BATON_MIGRATE_DATABASE_URL: "", BATON_FROM_SOURCE: "1" },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      // until its database exists and is migrated (the campaigns table is there)
      let mine: string | undefined;
      for (let i = 0; i < 600 && !mine; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const now = (await simulationDatabases(url)).filter((d) => !before.includes(d));
        if (now.length === 1) {
          const c = new pg.Client({
            connectionString: Object.assign(new URL(url), { pathname: `/${now[0]}` }).toString(),
          });
          await c.connect();
          const r = await c.query("select to_regclass('campaign_contacts') is not null as ready");
          await c.end();
          if (r.rows[0].ready) mine = now[0];
        }
      }
      expect(mine).toBeDefined();
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      expect(await simulationDatabases(url)).toEqual(before);
    });
  });

  it("says why when the server refuses a database, and leaves none", { timeout: 60_000 }, async () => {
    await withSimulationLock(url, async () => {
      // a role without CREATEDB
      const role = `baton_nocreatedb_${process.pid}`;
      const before = await simulationDatabases(url);
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`create role ${role} login`);
        const target = new URL(url);
        target.username = role;
        const lines: string[] = [];
        const saved = process.env.DATABASE_URL;
        process.env.DATABASE_URL = target.toString();
        try {
          expect(
            await runCli(["simulate", "--days", "1", "--contacts", "5", "--server"], (l) => lines.push(l)),
          ).toBe(2);
        } finally {
          if (saved === undefined) delete process.env.DATABASE_URL;
          else process.env.DATABASE_URL = saved;
        }
        expect(lines.join("\n")).toMatch(/^baton simulate: cannot create a throw-away database .*CREATEDB/);
        expect(await simulationDatabases(url)).toEqual(before);
      } finally {
        await admin.query(`drop role if exists ${role}`);
        await admin.end();
      }
    });
  });
});

describe("baton simulate --server without DATABASE_URL", () => {
  it("is refused in a line, with nothing run", async () => {
    const lines: string[] = [];
    const saved = { url: process.env.DATABASE_URL, migrate: process.env.BATON_MIGRATE_DATABASE_URL };
    delete process.env.DATABASE_URL;
    delete process.env.BATON_MIGRATE_DATABASE_URL;
    try {
      expect(await runCli(["simulate", "--server"], (l) => lines.push(l))).toBe(2);
    } finally {
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
      if (saved.migrate !== undefined) process.env.BATON_MIGRATE_DATABASE_URL = saved.migrate;
    }
    expect(lines).toEqual([
      "baton simulate: --server needs DATABASE_URL, the PostgreSQL server to simulate on",
    ]);
  });
});
