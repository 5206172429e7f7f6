// issue 12 "DKIM: a test verifies the signature of a sent message with a DKIM verifier library":
// a key added for the tenant's sending domain signs the message over a real SMTP conversation to
// the local test server, and mailauth 4 verifies the received raw message, resolving the public key
// through a stand-in DNS resolver that serves the TXT record `baton dkim add` printed.
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDkimKey, listDkimKeys } from "../../src/channels/dkim-keys.ts";
import { SmtpEmailChannel } from "../../src/channels/smtp-email-channel.ts";
import { verpAddress } from "../../src/channels/verp-address.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let database: Database;
let smtp: TestSmtp;
let tenant: Tenant;
let channel: SmtpEmailChannel;
const now = new Date("2026-03-03T10:00:00Z");
const config = { ...loadConfig({}), publicUrl: "https://baton.example", secret: "dkim-test-secret" };
const dns = new Map<string, string>();
const resolver = async (name: string, rr: string) => {
  const txt = rr === "TXT" ? dns.get(name) : undefined;
  if (!txt) throw Object.assign(new Error(`no ${rr} for ${name}`), { code: "ENOTFOUND" });
  // TXT records come in strings of at most 255 characters
  return [txt.match(/.{1,255}/g) as string[]];
};

beforeAll(async () => {
  database = await testDatabase();
  smtp = await startTestSmtp();
  tenant = await createTenant(database.db);
  channel = new SmtpEmailChannel(database.db, { ...config, smtp: smtp.config("sales@acme.example") });
});
afterAll(async () => {
  channel.close();
  await smtp.close();
  await database.close();
});

describe("DKIM signing per sending domain", () => {
  it("signs with the tenant's key for the From domain; mailauth verifies the received message", async () => {
    const key = await addDkimKey(
      database.db,
      config.secret,
      tenant.clientId,
      {
        domain: "acme.example",
        selector: "baton2026",
      },
      now,
    );
    expect(key.dns_name).toBe("baton2026._domainkey.acme.example");
    dns.set(key.dns_name, key.dns_txt);
    // the private key is never read back
    const listed = await listDkimKeys(database.db, tenant.clientId);
    expect(JSON.stringify(listed)).not.toMatch(/PRIVATE KEY|private_key/);
    const stored = await database.db
      .selectFrom("dkim_keys")
      .select("private_key_enc")
      .executeTakeFirstOrThrow();
    expect(stored.private_key_enc).not.toMatch(/BEGIN/);

    const r = await channel.send(
      {
        clientId: tenant.clientId,
        to: "dana@prospect.example",
        subject: "Hello <Dana> & team",
        text: "Hi Dana,\n\n<script>alert(1)</script> & more.\nBest",
        headers: {},
        idempotencyKey: `dkim:${Math.random()}`,
        transactional: true,
      },
      now,
    );
    expect(r.status).toBe("sent");
    const got = smtp.messages.at(-1)!;
    expect(got.headers["dkim-signature"]).toMatch(/d=acme\.example/);
    expect(got.headers["dkim-signature"]).toMatch(/s=baton2026/);
    const v = await dkimVerify(Buffer.from(got.raw), { resolver });
    expect(v.results).toHaveLength(1);
    expect(v.results[0].status.result).toBe("pass");
    expect(v.results[0].signingDomain).toBe("acme.example");

    // the Message-ID is ours, on the sending domain, and the ledger had it before SMTP
    const row = await database.db
      .selectFrom("channel_deliveries")
      .select(["message_id", "mailbox"])
      .where("client_id", "=", tenant.clientId)
      .executeTakeFirstOrThrow();
    expect(r.status === "sent" && r.messageId).toBe(row.message_id);
    expect(row.message_id).toMatch(/^<[0-9a-f-]{36}@acme\.example>$/);
    expect(got.headers["message-id"]).toBe(row.message_id);
    // the SMTP envelope sender is the send's own VERP return path (issue 35), the From is the mailbox
    expect(got.from).toBe(verpAddress(config.secret, tenant.clientId, row.message_id!));
    expect(got.from).toMatch(/^bounces\+[0-9a-f]{48}@acme\.example$/);

    // text and HTML alternatives; the HTML escapes everything
    expect(got.headers["content-type"]).toMatch(/multipart\/alternative/);
    expect(got.raw).toMatch(/Content-Type: text\/plain/);
    expect(got.raw).toMatch(/Content-Type: text\/html/);
    expect(got.raw).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more.");
    expect(got.raw.slice(got.raw.indexOf("Content-Type: text/html"))).not.toContain("<script>");

    // a tampered body fails verification
    const tampered = got.raw.replace("more.", "less.");
    const bad = await dkimVerify(Buffer.from(tampered), { resolver });
    expect(bad.results[0].status.result).not.toBe("pass");
  });

  it("sends unsigned from a domain without a key", async () => {
    const other = new SmtpEmailChannel(database.db, { ...config, smtp: smtp.config("sales@other.example") });
    const r = await other.send(
      {
        clientId: tenant.clientId,
        to: "dana@prospect.example",
        subject: "Hi",
        text: "Hi",
        headers: {},
        idempotencyKey: `dkim2:${Math.random()}`,
        transactional: true,
      },
      now,
    );
    other.close();
    expect(r.status).toBe("sent");
    expect(smtp.messages.at(-1)!.headers["dkim-signature"]).toBeUndefined();
  });
});
