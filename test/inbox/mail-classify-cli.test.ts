// `baton mail classify FILE…` (issue 35): one JSON line per message, a clear refusal for a file
// that is not there. Needs no database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import { buildMail } from "../fixtures/mail/fixtures.ts";

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
});
