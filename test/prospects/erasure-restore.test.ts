// Issue 36 item 17: a restore cannot bring an erased person back. A backup is taken, the person is
// erased (the erasure list beside the data directory gains their row ids and the keyed hash of
// their address, and nothing readable), and the old backup is restored with `baton restore`: the
// list is applied and the person is erased again, without anyone asking. `baton erasures export`
// and `baton erasures apply` do the same by hand (the pg_restore path).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { eraseContact } from "../../src/prospects/erase-contact.ts";
import { erasureListPath } from "../../src/prospects/erasure-list.ts";
import { templateDataDir } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";

const SECRET = "erasure-restore-secret-0123456789abcdef";
let tmp: string;
let dataDir: string;

async function cli(argv: string[]) {
  const env = { BATON_DATA_DIR: dataDir, BATON_SECRET: SECRET, DATABASE_URL: undefined, BATON_DEMO: "false" };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const lines: string[] = [];
  try {
    const exit = await runCli(argv, (s) => lines.push(s));
    return { exit, out: lines.join("\n"), json: () => JSON.parse(lines.join("\n")) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function contactRow(id: string) {
  const d = await openDatabase({ dataDir });
  try {
    const r = await sql<{ email: string | null; full_name: string; erased_at: Date | null }>`
      select email, full_name, erased_at from contacts where contact_id = ${id}::uuid`.execute(d.db);
    return r.rows[0];
  } finally {
    await d.close();
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baton-erasure-restore-"));
  dataDir = path.join(tmp, "data");
  await templateDataDir(dataDir);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("a restore does not bring an erased person back (PGlite)", () => {
  it("re-applies the erasure list kept beside the data directory", async () => {
    const email = "wilhelmina.farthingale@restore.example";
    let contactId: string;
    let revops: Awaited<ReturnType<typeof createTenant>>["revops"];
    {
      const d = await openDatabase({ dataDir });
      try {
        const t = await createTenant(d.db, "restore");
        revops = t.revops;
        const c = await sql<{ contact_id: string }>`
          insert into contacts (client_id, full_name, email) values (${t.clientId}, 'Wilhelmina Farthingale', ${email})
          returning contact_id`.execute(d.db);
        contactId = c.rows[0].contact_id;
      } finally {
        await d.close();
      }
    }
    const old = path.join(tmp, "before-erasure.tar.gz");
    expect((await cli(["backup", old])).exit).toBe(0);

    const list = erasureListPath({ dataDir });
    expect(list).toBe(path.join(tmp, "erasure-list.jsonl"));
    {
      const d = await openDatabase({ dataDir });
      try {
        await eraseContact(
          d.db,
          revops,
          { contactId, requestReference: "DSR-restore" },
          { secret: SECRET, crm: "builtin", erasureList: list },
          new Date(),
        );
      } finally {
        await d.close();
      }
    }
    const text = fs.readFileSync(list!, "utf8");
    expect(text).toContain(contactId);
    expect(text).not.toMatch(/wilhelmina|farthingale|restore\.example/i);
    expect(
      text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).kind),
    ).toEqual(["contact", "email_hash"]);

    // the old backup holds the person; the restore erases them again by itself
    const restored = await cli(["restore", old, "--force"]);
    expect(restored.exit, restored.out).toBe(0);
    expect(restored.json().erasures_reapplied).toMatchObject({ entries: 2, erased: 1, hashes_restored: 1 });
    const row = await contactRow(contactId);
    expect(row).toMatchObject({ email: null, full_name: "[erased]" });
    expect(row.erased_at).not.toBeNull();

    // by hand, as after pg_restore: export the list from a database, apply it to an old copy
    const exported = path.join(tmp, "exported.jsonl");
    const ex = await cli(["erasures", "export", exported]);
    expect(ex.json()).toMatchObject({ entries: 2, appended: 2 });
    expect((await cli(["erasures", "export", exported])).json()).toMatchObject({ appended: 0 });
    expect(
      (await cli(["restore", old, "--force", "--erasure-list", path.join(tmp, "none.jsonl")])).json(),
    ).toMatchObject({
      erasures_reapplied: null,
    });
    expect((await contactRow(contactId)).email).toBe(email);
    const applied = await cli(["erasures", "apply", exported]);
    expect(applied.json()).toMatchObject({ erased: 1 });
    expect((await contactRow(contactId)).email).toBeNull();
    expect((await cli(["erasures", "apply", exported])).json()).toMatchObject({ erased: 0 });
  }, 180_000);
});
