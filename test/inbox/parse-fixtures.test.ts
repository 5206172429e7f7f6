// Parser and classifier on the project's own mail fixtures (issue 12 "Must show": classification
// reply / auto-reply / hard bounce / soft bounce / unmatched), without a database.
import { describe, expect, it } from "vitest";
import { classifyInbound } from "../../src/inbox/classify-inbound.ts";
import { classifyMail } from "../../src/inbox/classify-mail.ts";
import { decryptSecret, encryptSecret } from "../../src/inbox/inbox-secret.ts";
import { candidateIds } from "../../src/inbox/match-inbound.ts";
import { parseInbound } from "../../src/inbox/parse-inbound.ts";
import { classifyReply } from "../../src/replies/rule-classifier.ts";
import { buildMail, type MailFixture } from "../fixtures/mail/fixtures.ts";

const values = {
  mailbox: "rep@acme.test",
  contact: "dana.buyer@example.org",
  originalMessageId: "<step1-abc@baton.dev>",
};
const at = new Date("2026-03-02T16:00:00Z");

async function classify(name: MailFixture) {
  const m = await parseInbound(Buffer.from(buildMail(name, values)));
  return { m, c: classifyInbound(m, at) };
}

/** Matching without a database: a message is unmatched when none of its ids is ours. */
function matchesOurs(m: Awaited<ReturnType<typeof classify>>["m"]) {
  return candidateIds(m, classifyMail(m, at)).some((x) => x.id === values.originalMessageId);
}
const REPLY = { kind: "reply", originalMessageId: null } as const;

describe("inbound mail fixtures", () => {
  it("a Gmail reply is a reply to step 1 (In-Reply-To)", async () => {
    const { m, c } = await classify("gmail-reply");
    expect(c.kind).toBe("reply");
    expect(m.from).toBe(values.contact);
    expect(m.inReplyTo).toBe(values.originalMessageId);
    expect(candidateIds(m, classifyMail(m, at))[0]).toEqual({
      id: values.originalMessageId,
      by: "in_reply_to",
    });
    expect(m.text).toMatch(/^Yes, this sounds interesting/);
  });

  it("an Outlook reply is a reply (quoted-printable body, References with an older id)", async () => {
    const { m, c } = await classify("outlook-reply");
    expect(c.kind).toBe("reply");
    expect(m.references).toEqual(["<older-thread-start@example.org>", values.originalMessageId]);
    expect(m.text).toContain("does that work?");
    expect(matchesOurs(m)).toBe(true);
  });

  it("an Outlook reply without In-Reply-To matches by References; with only Thread-Index, by nothing but its sender", async () => {
    const raw = buildMail("outlook-reply", values);
    const refsOnly = await parseInbound(Buffer.from(raw.replace(/^In-Reply-To: .*\r\n/m, "")));
    expect(candidateIds(refsOnly, REPLY)).toEqual([
      { id: values.originalMessageId, by: "references" },
      { id: "<older-thread-start@example.org>", by: "references" },
    ]);
    const bare = await parseInbound(
      Buffer.from(raw.replace(/^In-Reply-To: .*\r\n/m, "").replace(/^References: .*\r\n/m, "")),
    );
    expect(candidateIds(bare, REPLY)).toEqual([]);
    expect(bare.from).toBe(values.contact);
    // the quoted original under Outlook's rule is not part of what the classifier reads
    expect(classifyReply(bare.text, at)).toMatchObject({ intent: "meeting" });
  });

  it("an out-of-office is an auto-reply by its RFC 3834 header, with its return date", async () => {
    const { m, c } = await classify("out-of-office");
    expect(c).toEqual({ kind: "auto_reply", by: "Auto-Submitted: auto-replied" });
    expect(m.text).toContain("back on March 16, 2026");
  });

  it("an out-of-office without the headers is still one, by the classifier", async () => {
    const raw = buildMail("out-of-office", values)
      .replace(/Auto-Submitted: .*\r\n/, "")
      .replace(/Precedence: .*\r\n/, "")
      .replace(/X-Auto-Response-Suppress: .*\r\n/, "");
    const m = await parseInbound(Buffer.from(raw));
    expect(m.autoHeader).toBeNull();
    expect(classifyInbound(m, at)).toEqual({ kind: "auto_reply", by: "classifier" });
  });

  it("a Postfix DSN with 5.1.1 is a hard bounce; the original Message-ID comes from its message/rfc822 part", async () => {
    const { m, c } = await classify("postfix-dsn");
    expect(c.kind).toBe("hard_bounce");
    expect(m.inReplyTo).toBeNull();
    expect(m.dsn?.originalMessageId).toBe(values.originalMessageId);
    expect(m.dsn?.recipients).toEqual([
      {
        finalRecipient: values.contact,
        originalRecipient: values.contact,
        action: "failed",
        status: "5.1.1",
        diagnostic: expect.stringContaining("550 5.1.1"),
      },
    ]);
    expect(candidateIds(m, classifyMail(m, at))[0]).toEqual({
      id: values.originalMessageId,
      by: "original_message_id",
    });
  });

  it("a Postfix 4.2.2 (mailbox full) is a soft bounce; the id comes from text/rfc822-headers", async () => {
    const { m, c } = await classify("postfix-delayed");
    expect(c.kind).toBe("soft_bounce");
    expect(c.kind === "soft_bounce" && c.recipient.status).toBe("4.2.2");
    expect(m.dsn?.originalMessageId).toBe(values.originalMessageId);
  });

  it("an Exchange NDR (5.1.10, nested alternative, text/rfc822-headers) is a hard bounce", async () => {
    const { m, c } = await classify("exchange-ndr");
    expect(c.kind).toBe("hard_bounce");
    expect(c.kind === "hard_bounce" && c.recipient).toMatchObject({
      finalRecipient: values.contact,
      status: "5.1.10",
      diagnostic: expect.stringContaining("RESOLVER.ADR.RecipientNotFound"),
    });
    expect(m.dsn?.originalMessageId).toBe(values.originalMessageId);
  });

  it("a newsletter answers nothing of ours: unmatched", async () => {
    const { m, c } = await classify("newsletter");
    // Precedence: bulk and List-Unsubscribe mark list mail: automatic, not a person (issue 56)
    expect(c.kind).toBe("auto_reply");
    expect(candidateIds(m, classifyMail(m, at))).toEqual([]);
    expect(matchesOurs(m)).toBe(false);
  });

  it("Auto-Submitted: no is a person's mail", async () => {
    const raw = buildMail("gmail-reply", values).replace(
      "MIME-Version: 1.0",
      "Auto-Submitted: no\r\nMIME-Version: 1.0",
    );
    const m = await parseInbound(Buffer.from(raw));
    expect(classifyInbound(m, at).kind).toBe("reply");
  });
});

describe("mailbox passwords", () => {
  it("are sealed with BATON_SECRET and unreadable under another", () => {
    const sealed = encryptSecret("secret-a", "hunter2");
    expect(sealed).not.toContain("hunter2");
    expect(decryptSecret("secret-a", sealed)).toBe("hunter2");
    expect(decryptSecret("secret-b", sealed)).toBeNull();
  });
});
