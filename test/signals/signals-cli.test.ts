// baton signals … end to end in a process of its own, on an embedded database (issue 69 item 2): a
// RevOps person adds a type and a page rule and a webhook source (its secret made and printed
// once, never listed), records one signal from flags and a JSON Lines file of them (a repeat
// changes nothing); a person whose role may not record is refused before anything is written.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templateDataDir } from "../support/db.ts";

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, "../../bin/baton.js");
let dir: string;
let env: NodeJS.ProcessEnv;

async function baton(token: string | undefined, ...args: string[]) {
  const r = await run(process.execPath, [BIN, ...args], {
    env: { ...env, ...(token ? { BATON_TOKEN: token } : {}) },
    cwd: dir,
    maxBuffer: 10 * 1024 * 1024,
  });
  return JSON.parse(r.stdout);
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
  await run(process.execPath, [BIN, "migrate"], { env, cwd: dir });
  revops = (
    await baton(undefined, "tokens", "create", "--client", "acme", "--name", "Riley", "--roles", "revops")
  ).token;
  exec = (
    await baton(undefined, "tokens", "create", "--client", "acme", "--name", "Justin", "--roles", "exec")
  ).token;
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("baton signals", () => {
  // each `baton` call is a process that opens the embedded database: 9 of them took over 60 s at load 10
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
    const batch = await baton(revops, "signals", "record", "--file", file, "--source", "webinar-tool");
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
