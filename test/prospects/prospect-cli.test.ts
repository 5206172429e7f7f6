// The prospect-data CLI (issue 15) end to end on an embedded database: baton import contacts (dry
// run, then run), baton suppressions add/list, baton contacts erase. The dry run runs `bin/baton.js`
// as a process of its own; the other calls run the CLI's entry in this process
// (test/support/cli-in-process.ts): a spawned call loads the CLI again, 5-7 CPU-seconds at load.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batonInProcess } from "../support/cli-in-process.ts";
import { templateDataDir } from "../support/db.ts";

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, "../../bin/baton.js");
let dir: string;
let env: NodeJS.ProcessEnv;

/** `baton …args` as a process of its own */
async function batonProcess(...args: string[]) {
  const r = await run(process.execPath, [BIN, ...args], { env, cwd: dir, maxBuffer: 10 * 1024 * 1024 });
  return JSON.parse(r.stdout);
}

/** `baton …args` through the CLI's entry in this process */
async function baton(...args: string[]) {
  const r = await batonInProcess(env, args);
  expect(r.exit, r.out).toBe(0);
  return r.json();
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-prospect-cli-"));
  env = {
    PATH: process.env.PATH,
    BATON_DATA_DIR: path.join(dir, "data"),
    BATON_DEMO: "false",
    LOG_LEVEL: "silent",
  };
  // the data directory from the migrated test template (as test/mcp/stdio-client.ts does): a fresh
  // directory's initdb and every migration took 14 s of this file's 37 (migrate.test.ts and the
  // production install test open fresh directories); `baton migrate` then finds nothing to apply
  await templateDataDir(env.BATON_DATA_DIR!);
  await baton("migrate");
  env.BATON_TOKEN = (
    await baton("tokens", "create", "--client", "acme", "--name", "Riley", "--roles", "revops")
  ).token;
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("baton import / suppressions / contacts erase", () => {
  it("imports with a mapping, dry run first; suppresses; erases", async () => {
    const file = path.join(dir, "x.csv");
    fs.writeFileSync(
      file,
      "Email,First,Last\r\nann@acme.example,Ann,Lee\r\nANN@acme.example,Ann,Lee\r\nbad,X,Y\r\n",
    );
    const map = "email=Email,first_name=First,last_name=Last";
    const dry = await batonProcess("import", "contacts", "--file", file, "--map", map, "--dry-run");
    expect(dry).toMatchObject({ dry_run: true, counts: { created: 1, skipped: 1, refused: 1 } });
    expect(dry.report.map((r: { reason: string }) => r.reason)).toEqual(["duplicate_in_file", "bad_email"]);
    const done = await baton(
      "import",
      "contacts",
      "--file",
      file,
      "--map",
      map,
      "--on-duplicate",
      "update",
      "--report",
      "all",
    );
    expect(done.counts).toMatchObject({ created: 1, updated: 1, refused: 1 });
    const contactId = done.report[0].id;
    const added = await baton("suppressions", "add", "--domain", "rival.example", "--reason", "competitor");
    expect(added).toMatchObject({ kind: "domain", value: "rival.example", created: true });
    expect((await baton("suppressions", "list")).items).toHaveLength(1);
    const erased = await baton("contacts", "erase", contactId, "--reference", "DSR-7");
    expect(erased).toMatchObject({ contact_ids: [contactId], request_reference: "DSR-7" });
    const again = await baton("import", "contacts", "--file", file, "--map", map);
    expect(again.report.filter((r: { reason: string }) => r.reason === "erased")).toHaveLength(2); // both spellings
  }, 120_000);
});
