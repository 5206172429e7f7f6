// `baton mail classify FILE…` (issues 35, 56): one JSON line per message, a clear refusal for a
// file that is not there. Needs no database. Also reads the project's own synthetic messages in
// test/fixtures/mail/classify/ (written for issue 56, not from any corpus): challenge-response
// mail and automatic replies in the seven languages, persons' replies that only look automatic,
// and bounces that name our own mailbox; each file's name says what it is.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import { buildMail } from "../fixtures/mail/fixtures.ts";

const CLASSIFY_FIXTURES = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  "../fixtures/mail/classify",
);

const values = {
  mailbox: "rep@acme.test",
  contact: "dana.buyer@example.org",
  originalMessageId: "<step1-abc@baton.dev>",
};
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-mail-classify-"));
  fs.writeFileSync(path.join(dir, "dsn.eml"), buildMail("postfix-dsn", values));
  fs.writeFileSync(path.join(dir, "reply.eml"), buildMail("gmail-reply", values));
  fs.writeFileSync(path.join(dir, "ooo.eml"), buildMail("out-of-office", values));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]) {
  const lines: string[] = [];
  const exit = await runCli(argv, (s) => lines.push(s));
  return { exit, lines };
}

describe("baton mail classify", () => {
  it("prints one JSON line per file: a hard bounce with its recipient, status and reason; a reply; an auto-reply", async () => {
    const { exit, lines } = await cli([
      "mail",
      "classify",
      path.join(dir, "dsn.eml"),
      path.join(dir, "reply.eml"),
      path.join(dir, "ooo.eml"),
    ]);
    expect(exit).toBe(0);
    expect(lines).toHaveLength(3);
    const [dsn, reply, ooo] = lines.map((l) => JSON.parse(l));
    expect(dsn).toMatchObject({
      file: path.join(dir, "dsn.eml"),
      kind: "bounce",
      bounce: {
        recipient: values.contact,
        status: "5.1.1",
        reason: "userunknown",
        hard: true,
        sender_fault: false,
      },
      original_message_id: values.originalMessageId,
    });
    expect(reply).toEqual({ file: path.join(dir, "reply.eml"), kind: "reply" });
    expect(ooo).toMatchObject({ kind: "auto_reply" });
  });

  it("reads a directory as its files", async () => {
    const { exit, lines } = await cli(["mail", "classify", dir]);
    expect(exit).toBe(0);
    expect(lines.map((l) => JSON.parse(l).file)).toEqual(
      ["dsn.eml", "ooo.eml", "reply.eml"].map((f) => path.join(dir, f)),
    );
  });

  it("refuses a missing file, naming it, with a non-zero exit and nothing classified", async () => {
    const { exit, lines } = await cli([
      "mail",
      "classify",
      path.join(dir, "reply.eml"),
      path.join(dir, "nope.eml"),
    ]);
    expect(exit).not.toBe(0);
    expect(lines.join("\n")).toContain(`no such file or directory: ${path.join(dir, "nope.eml")}`);
    expect(lines.join("\n")).toContain("VALIDATION_FAILED");
  });

  it("reads the synthetic challenges, automatic replies and replies as their names say", async () => {
    const { exit, lines } = await cli(["mail", "classify", CLASSIFY_FIXTURES]);
    expect(exit).toBe(0);
    const got = lines.map((l) => JSON.parse(l) as { file: string; kind: string; auto_reply_by?: string });
    const want = (file: string) =>
      ({ challenge: "challenge", auto: "auto_reply", reply: "reply", bounce: "bounce" })[
        path.basename(file).split("-")[0]!
      ];
    const wrong = got
      .filter((g) => g.kind !== want(g.file))
      .map((g) => `${path.basename(g.file)}: ${g.kind}`);
    const count = (kind: string) => got.filter((g) => want(g.file) === kind).length;
    console.log(
      `synthetic fixtures: ${got.length - wrong.length}/${got.length} right (challenges ${count("challenge")}, auto-replies ${count("auto_reply")}, replies ${count("reply")}, bounces ${count("bounce")})`,
    );
    expect(wrong).toEqual([]);
    expect(count("challenge")).toBeGreaterThanOrEqual(6);
    expect(count("auto_reply")).toBeGreaterThanOrEqual(7);
  });

  it("never names our own mailbox as the failed recipient; --own adds the tenant's addresses", async () => {
    const { lines } = await cli([
      "mail",
      "classify",
      path.join(CLASSIFY_FIXTURES, "bounce-aol-own-mailbox.eml"),
    ]);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      kind: "bounce",
      bounce: { recipient: "dana.buyer@aol.example", status: "5.1.1", reason: "userunknown", hard: true },
    });
    expect(lines[0]).not.toContain('"recipient":"rep@acme.test"');
    // recipients written without blank lines between them (AOL) are two, each with its own reason
    const run = await cli(["mail", "classify", path.join(CLASSIFY_FIXTURES, "bounce-dsn-run-together.eml")]);
    expect(JSON.parse(run.lines[0]!)).toMatchObject({
      bounce: { recipient: "full.box@example.org", reason: "mailboxfull", hard: false },
      recipients: 2,
    });
    // a tenant address the message itself does not prove is ours: named with --own
    const own = await cli([
      "mail",
      "classify",
      "--own",
      "full.box@example.org",
      path.join(CLASSIFY_FIXTURES, "bounce-dsn-run-together.eml"),
    ]);
    expect(JSON.parse(own.lines[0]!)).toMatchObject({ bounce: { recipient: "dana.buyer@example.org" } });
  });
});
