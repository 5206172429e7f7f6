// Issue 36 item 14: bytes that are not UTF-8 were stored as U+FFFD without a word. Now the row that
// holds them is refused, with its row, line and the byte offset of the first bad byte; the other
// rows import. Through the API (the JSON body's decoder leaves U+FFFD), the CLI's path (a file read
// as UTF-8) and accounts; a bad header refuses the file.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "../../src/prospects/import-contacts.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant } from "../support/tenant.ts";

let h: TestApp;
beforeAll(async () => {
  h = await testApp();
}, 120_000);
afterAll(async () => h?.close());

const mapping = { email: "email", first_name: "first", last_name: "last" };

/** The JSON body as bytes, with raw bytes spliced into the csv string where BAD stands. */
function bodyWithBytes(csvWithMarker: string, bad: Buffer, extra: object): Buffer {
  const json = JSON.stringify({ kind: "contacts", csv: csvWithMarker, mapping, ...extra });
  const [before, after] = json.split("BAD");
  return Buffer.concat([Buffer.from(before), bad, Buffer.from(after)]);
}

describe("invalid UTF-8 in an import", () => {
  it("refuses the row that holds it, with its byte offset; the others import; nothing stores U+FFFD", async () => {
    const t = await createTenant(h.deps.db, "utf");
    const csv =
      'email,first,last\nann@utf.example,Ann,Ok\nbob@utf.example,BBADb,Bad\n"cy@utf.example",Cy,Ok\n';
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: { ...t.revops.auth, "content-type": "application/json" },
      // 0xFF and a lone continuation byte 0x80 are never UTF-8
      payload: bodyWithBytes(csv, Buffer.from([0xff, 0x80]), { legal_basis: "legitimate_interest" }),
    });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    expect(job.counts).toMatchObject({ rows: 3, created: 2, refused: 1 });
    const offset = Buffer.byteLength("email,first,last\nann@utf.example,Ann,Ok\nbob@utf.example,B");
    expect(job.report[1]).toEqual({
      row: 2,
      line: 3,
      action: "refused",
      reason: "invalid_utf8",
      byte_offset: offset,
    });
    const refused = await h.app.inject({
      method: "GET",
      url: `/api/v1/imports/${job.id}?action=refused`,
      headers: t.revops.auth,
    });
    expect(refused.json().report).toEqual([job.report[1]]);
    const stored = await sql<{ n: number }>`
      select count(*)::int as n from contacts
       where client_id = ${t.clientId} and (full_name like ${"%\uFFFD%"} or email like ${"%\uFFFD%"})`.execute(
      h.deps.db,
    );
    expect(stored.rows[0].n).toBe(0);
    const all = await h.deps.db
      .selectFrom("contacts")
      .select("email")
      .where("client_id", "=", t.clientId)
      .orderBy("email")
      .execute();
    expect(all.map((c) => c.email)).toEqual(["ann@utf.example", "cy@utf.example"]);
  });

  it("a file read as UTF-8 (the CLI's path): each bad row reported, with its offset in the text", async () => {
    const t = await createTenant(h.deps.db, "utc");
    const bytes = Buffer.concat([
      Buffer.from("email,first,last\r\nok1@utf.example,Émile,Zoë\r\nbad1@utf.example,A"),
      Buffer.from([0xc3]), // a lead byte with no continuation
      Buffer.from(',X\r\nok2@utf.example,"multi\r\nline",Y\r\nbad2@utf.example,Z,"'),
      Buffer.from([0xe2, 0x82]), // a truncated euro sign
      Buffer.from('"\r\n'),
    ]);
    const csv = bytes.toString("utf8");
    expect(bytes.indexOf(0xc3, 60)).toBe(65); // É and ë before it are good UTF-8
    const r = await runImport(
      h.deps.db,
      t.revops,
      { kind: "contacts", csv, mapping, dryRun: true, onDuplicate: "skip", legalBasis: "consent" },
      { secret: "s" },
      new Date(),
    );
    expect(r.report.map((x) => [x.row, x.line, x.action, x.reason ?? null, x.byte_offset ?? null])).toEqual([
      [1, 2, "created", null, null],
      [2, 3, "refused", "invalid_utf8", 65],
      [3, 4, "created", null, null],
      // the offset in the text as decoded: the file's own up to its first bad byte, then each bad
      // sequence counts as the 3 bytes of the U+FFFD that replaced it (0xC3: 1 byte, so +2)
      [4, 6, "refused", "invalid_utf8", bytes.indexOf(Buffer.from([0xe2, 0x82])) + 2],
    ]);
  });

  it("accounts too", async () => {
    const t = await createTenant(h.deps.db, "uta");
    const r = await runImport(
      h.deps.db,
      t.revops,
      {
        kind: "accounts",
        csv: "name,domain\nGood Co,good.example\nBad \uFFFD Co,bad.example\n",
        mapping: { name: "name", domain: "domain" },
        dryRun: false,
        onDuplicate: "skip",
      },
      { secret: "s" },
      new Date(),
    );
    expect(r.counts).toMatchObject({ created: 1, refused: 1 });
    expect(r.report[1]).toMatchObject({ row: 2, reason: "invalid_utf8", byte_offset: 37 });
  });

  it("a header with bytes that are not UTF-8 refuses the file", async () => {
    const t = await createTenant(h.deps.db, "uth");
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: { ...t.revops.auth, "content-type": "application/json" },
      payload: bodyWithBytes("emBAD,first,last\na@utf.example,A,B\n", Buffer.from([0xfe]), { dry_run: true }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("IMPORT_CSV_INVALID");
    expect(res.json().error.message).toMatch(
      /header row holds bytes that are not UTF-8 \(U\+FFFD at byte 2\)/,
    );
  });
});
