// baton signals … end to end on an embedded database (issue 69 item 2): a RevOps person adds a type
// and a page rule and a webhook source (its secret made and printed once, never listed), records one
// signal from flags and a JSON Lines file of them (a repeat changes nothing); a person whose role may
// not record is refused before anything is written. The file's first recording runs `bin/baton.js`
// as a process of its own; the other calls run the CLI's entry in this process
// (test/support/cli-in-process.ts): 13 spawned calls cost about 80 CPU-seconds at load.
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
async function batonProcess(token: string, ...args: string[]) {
  const r = await run(process.execPath, [BIN, ...args], {
    env: { ...env, BATON_TOKEN: token },
    cwd: dir,
    maxBuffer: 10 * 1024 * 1024,
  });
  return JSON.parse(r.stdout);
}

/** `baton …args` through the CLI's entry in this process; throws its output when it exits non-zero */
async function baton(token: string | undefined, ...args: string[]) {
  const r = await batonInProcess({ ...env, ...(token ? { BATON_TOKEN: token } : {}) }, args);
  if (r.exit !== 0)
    throw Object.assign(new Error(`baton ${args.join(" ")}: exit ${r.exit}`), { stdout: r.out });
  return r.json();
}

async function refusedCode(token: string, ...args: string[]): Promise<string> {
  try {
    await baton(token, ...args);
  } catch (e) {
    const out = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
    return /"code":\s*"([A-Z_]+)"/.exec(out)?.[1] ?? /([A-Z]+_[A-Z_]+)/.exec(out)?.[1] ?? out;
  }
  return "not refused";
}

let revops: string;
let exec: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-signals-cli-"));
  env = {
    PATH: process.env.PATH,
    BATON_DATA_DIR: path.join(dir, "data"),
    BATON_DEMO: "false",
    LOG_LEVEL: "silent",
  };
  await templateDataDir(env.BATON_DATA_DIR!);
  await baton(undefined, "migrate");
  revops = (
    await baton(undefined, "tokens", "create", "--client", "acme", "--name", "Riley", "--roles", "revops")
  ).token;
  exec = (
    await baton(undefined, "tokens", "create", "--client", "acme", "--name", "Justin", "--roles", "exec")
  ).token;
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("baton signals", () => {
  it("sets up the catalogue, a page rule and a source; records from flags and from a file", async () => {
    const type = await baton(
      revops,
      "signals",
      "types",
      "set",
      "--name",
      "g2_intent",
      "--side",
      "sales",
      "--weight",
      "40",
    );
    expect(type).toMatchObject({ name: "g2_intent", created: true, weight: 40 });
    const rule = await baton(
      revops,
      "signals",
      "rules",
      "add",
      "--pattern",
      "/pricing/*",
      "--type",
      "pricing_page_visit",
    );
    expect(rule).toMatchObject({ kind: "page", pattern: "/pricing/*" });
    const source = await baton(revops, "signals", "sources", "add", "--kind", "segment", "--name", "website");
    expect(source.secret).toMatch(/^[0-9a-f]{64}$/);
    const listed = await baton(revops, "signals", "sources", "list");
    expect(JSON.stringify(listed)).not.toContain(source.secret);

    const one = await baton(
      revops,
      "signals",
      "record",
      "--type",
      "g2_intent",
      "--domain",
      "initech.example",
      "--occurred-at",
      new Date(Date.now() - 3600_000).toISOString(),
      "--evidence-url",
      "https://www.g2.com/compare",
      "--attributes",
      '{"category":"outreach"}',
    );
    expect(one).toMatchObject({ received: 1, recorded: 1, waiting: 1 });
    const file = path.join(dir, "signals.jsonl");
    const at = new Date(Date.now() - 7200_000).toISOString();
    fs.writeFileSync(
      file,
      [
        { type: "webinar_attended", email: "pat@initech.example", occurred_at: at, external_id: "w-1" },
        { type: "webinar_attended", email: "sam@initech.example", occurred_at: at, external_id: "w-2" },
        { type: "no_such_type", email: "sam@initech.example", occurred_at: at, external_id: "w-3" },
      ]
        .map((x) => JSON.stringify(x))
        .join("\n"),
    );
    const batch = await batonProcess(revops, "signals", "record", "--file", file, "--source", "webinar-tool");
    expect(batch).toMatchObject({ received: 3, recorded: 2, refused: 1, waiting: 2 });
    const again = await baton(revops, "signals", "record", "--file", file, "--source", "webinar-tool");
    expect(again).toMatchObject({ recorded: 0, duplicates: 2, refused: 1 });
  }, 240_000);

  it("refuses the exec, and a catalogue change by someone other than RevOps or an admin", async () => {
    expect(
      await refusedCode(
        exec,
        "signals",
        "record",
        "--type",
        "demo_request",
        "--domain",
        "initech.example",
        "--occurred-at",
        new Date().toISOString(),
      ),
    ).toBe("FORBIDDEN_ROLE");
    expect(await refusedCode(exec, "signals", "types", "set", "--name", "x_y", "--side", "sales")).toBe(
      "FORBIDDEN_ROLE",
    );
  }, 240_000);
});
