// issue 41 item 3: each sending domain's SPF, DKIM (the selector Baton signs with) and DMARC, read
// from a local DNS server over UDP and TCP by Node's own resolver, through the API as the Mailboxes
// page reads them, and what to publish when a record is missing or wrong.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDkimKey } from "../../src/channels/dkim-keys.ts";
import { setMailboxLimit } from "../../src/channels/mailbox-limits.ts";
import { checkSendingDomain } from "../../src/channels/sending-domain-checks.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type DnsStandIn, startDnsStandIn } from "../support/dns-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let t: TestApp;
let dns: DnsStandIn;
let tenant: Tenant;
let other: Tenant;
let publicKey = "";
const now = new Date("2026-11-25T10:00:00Z");

beforeAll(async () => {
  t = await testApp();
  dns = await startDnsStandIn();
  t.deps.resolveTxt = dns.resolver();
  tenant = await createTenant(t.database.db);
  other = await createTenant(t.database.db, "other");
  const key = await addDkimKey(
    t.database.db,
    t.deps.config.secret,
    tenant.clientId,
    { domain: "acme.example", selector: "baton2026" },
    now,
  );
  publicKey = key.dns_txt.replace(/^.*p=/, "");
  await setMailboxLimit(t.database.db, tenant.clientId, "sales@acme.example", 200, now);
  await setMailboxLimit(t.database.db, tenant.clientId, "news@mail.acme.example", 200, now);
  await setMailboxLimit(t.database.db, other.clientId, "x@other.example", 50, now);
}, 60_000);
afterAll(async () => {
  await dns.close();
  await t.close();
});

const get = async (auth: { authorization: string }) => {
  const res = await t.app.inject({ method: "GET", url: "/api/v1/sending-domains", headers: auth });
  return { status: res.statusCode, body: res.json() };
};

describe("GET /api/v1/sending-domains", () => {
  it("a domain with nothing published: each record missing, with the record to publish", async () => {
    const { status, body } = await get(tenant.revops.auth);
    expect(status).toBe(200);
    // the tenant's domains only; the configured From (unset here) adds none
    expect(body.items.map((d: { domain: string }) => d.domain)).toEqual([
      "acme.example",
      "mail.acme.example",
    ]);
    const acme = body.items[0];
    expect(acme.ready).toBe(false);
    expect(acme.dkim_selector).toBe("baton2026");
    expect(acme.checks.map((c: { record: string; status: string }) => `${c.record}:${c.status}`)).toEqual([
      "spf:missing",
      "dkim:missing",
      "dmarc:missing",
    ]);
    const dkim = acme.checks[1];
    expect(dkim.name).toBe("baton2026._domainkey.acme.example");
    expect(dkim.publish).toBe(`v=DKIM1; k=rsa; p=${publicKey}`);
    // no key in Baton for the subdomain: the check says how to add one
    expect(body.items[1].checks[1].detail).toMatch(/baton dkim add --domain mail.acme.example/);
  });

  it("once published as told, the domain is ready; the subdomain inherits the organizational DMARC", async () => {
    dns.zone.set("acme.example", ["v=spf1 include:_spf.mailer.example ~all", "site-verification=abc"]);
    // a 2048-bit key's record is longer than one 255-byte string
    dns.zone.set("baton2026._domainkey.acme.example", [`v=DKIM1; k=rsa; p=${publicKey}`]);
    dns.zone.set("_dmarc.acme.example", ["v=DMARC1; p=quarantine; rua=mailto:dmarc@acme.example"]);
    dns.zone.set("mail.acme.example", ["v=spf1 mx -all"]);
    const { body } = await get(tenant.slm.auth);
    const [acme, sub] = body.items;
    expect(acme.checks.map((c: { status: string }) => c.status)).toEqual(["ok", "ok", "ok"]);
    expect(acme.ready).toBe(true);
    expect(sub.checks[2]).toMatchObject({ record: "dmarc", name: "_dmarc.acme.example", status: "ok" });
    expect(sub.checks[2].detail).toMatch(/inherited from acme.example/);
  });

  it("a wrong DKIM key and a second SPF record are named, with the fix", async () => {
    dns.zone.set("baton2026._domainkey.acme.example", [
      "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAold",
    ]);
    dns.zone.set("acme.example", ["v=spf1 include:_spf.mailer.example ~all", "v=spf1 mx ~all"]);
    const { body } = await get(tenant.revops.auth);
    const [spf, dkim] = body.items[0].checks;
    expect(spf).toMatchObject({ status: "invalid" });
    expect(spf.detail).toMatch(/2 SPF records.*Merge them/);
    expect(dkim).toMatchObject({ status: "invalid", publish: `v=DKIM1; k=rsa; p=${publicKey}` });
  });

  it("answers larger than a UDP message come over TCP", async () => {
    const many = Array.from({ length: 8 }, (_, i) => `verification-${i}=${"x".repeat(200)}`);
    dns.zone.set("acme.example", ["v=spf1 mx ~all", ...many]);
    const before = dns.tcpQueries;
    const c = await checkSendingDomain(t.deps.resolveTxt!, { domain: "acme.example", dkim: null });
    expect(dns.tcpQueries).toBeGreaterThan(before);
    expect(c.checks[0]).toMatchObject({ status: "ok", found: ["v=spf1 mx ~all"] });
  });

  it("a DNS server that does not answer is an error, not a missing record", async () => {
    dns.silent.add("_dmarc.silent.example");
    dns.zone.set("silent.example", ["v=spf1 -all"]);
    const c = await checkSendingDomain(dns.resolver(300), { domain: "silent.example", dkim: null });
    expect(c.checks[2]).toMatchObject({ record: "dmarc", status: "error" });
    expect(c.checks[2].detail).toMatch(/DNS did not answer/);
    expect(c.ready).toBe(false);
  });

  it("reps and agents may not read it; another tenant sees only its own domains", async () => {
    expect((await get(tenant.rep.auth)).status).toBe(403);
    expect((await get(tenant.sales.auth)).status).toBe(403);
    const { body } = await get(other.revops.auth);
    expect(body.items.map((d: { domain: string }) => d.domain)).toEqual(["other.example"]);
  });
});
