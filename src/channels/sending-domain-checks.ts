// Deliverability checks before the first send (issue 41 item 3): each sending domain's SPF, DKIM
// (the selector Baton signs with) and DMARC records, read from DNS, and for each one that is missing
// or wrong the exact record to publish. Receivers (Gmail, Yahoo since 2024) reject or junk bulk mail
// from a domain without SPF or DKIM and DMARC, so a team should see this before its first campaign.
// The resolver is a parameter: production asks the system's resolver, tests a local DNS server.
import { promises as dnsPromises } from "node:dns";

/** The one DNS question the checks ask: the TXT records at a name (each record as its chunks). */
export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

export const RECORD_KINDS = ["spf", "dkim", "dmarc"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** ok: nothing to do · warn: works, but weaker than it should be · missing · invalid · error: DNS did not answer */
export const RECORD_STATUSES = ["ok", "warn", "missing", "invalid", "error"] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export interface RecordCheck {
  record: RecordKind;
  /** The DNS name the record lives at. */
  name: string;
  status: RecordStatus;
  /** The records found there (only those of this kind). */
  found: string[];
  /** What is right or wrong, for people. */
  detail: string;
  /** The TXT record to publish at `name` to fix it, or null when there is nothing to publish. */
  publish: string | null;
}

export interface DomainCheck {
  domain: string;
  /** The DKIM selector Baton signs this domain's mail with; null when it has no key for it. */
  dkim_selector: string | null;
  checks: RecordCheck[];
  /** Every record ok or warn. */
  ready: boolean;
}

export interface DomainToCheck {
  domain: string;
  /** Baton's signing key for the domain (`baton dkim add`), if any. */
  dkim: { selector: string; public_key_b64: string } | null;
}

/** The system resolver, with a short timeout so a page or `baton doctor` never hangs on DNS. */
export function systemTxtResolver(timeoutMs = 3_000): TxtResolver {
  const r = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 2 });
  return { resolveTxt: (name) => r.resolveTxt(name) };
}

const NO_RECORD = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN", "ENONAME"]);

/** The TXT records at a name, chunks joined (RFC 7208 3.3); [] when the name has none. */
async function txt(resolver: TxtResolver, name: string): Promise<string[] | { error: string }> {
  try {
    return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    if (NO_RECORD.has(code)) return [];
    return { error: code || String((e as Error).message ?? e).slice(0, 120) };
  }
}

/** `k=v; k=v` tags (DKIM RFC 6376 3.2, DMARC RFC 7489 6.4), keys lower-cased. */
export function tagList(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(";")) {
    const i = part.indexOf("=");
    if (i > 0) tags.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  return tags;
}

const lookupFailed = (record: RecordKind, name: string, error: string): RecordCheck => ({
  record,
  name,
  status: "error",
  found: [],
  detail: `DNS did not answer for ${name} (${error}); try again, or check the resolver`,
  publish: null,
});

/** RFC 7208: exactly one `v=spf1` record; an `all` that passes everyone is as good as none. */
export function judgeSpf(domain: string, records: string[]): RecordCheck {
  const spf = records.filter((r) => /^v=spf1(\s|$)/i.test(r.trim()));
  const base = { record: "spf" as const, name: domain, found: spf };
  const publish = "v=spf1 mx ~all";
  if (spf.length === 0)
    return {
      ...base,
      status: "missing",
      detail: `no SPF record: receivers cannot tell which servers may send as ${domain}. Publish one that lists your sending servers (your provider's include:, or mx / a: / ip4:), ending in ~all or -all`,
      publish,
    };
  if (spf.length > 1)
    return {
      ...base,
      status: "invalid",
      detail: `${spf.length} SPF records: receivers treat that as a permanent error (RFC 7208 4.5). Merge them into one`,
      publish: null,
    };
  const terms = spf[0].trim().split(/\s+/).slice(1);
  const all = terms.find((t) => /^[+?~-]?all$/i.test(t));
  if (all && /^\+?all$/i.test(all))
    return {
      ...base,
      status: "invalid",
      detail: `the record ends in ${all}, which lets any server on the internet send as ${domain}: end it in ~all or -all`,
      publish: null,
    };
  const lookups = terms.filter((t) => /^[+?~-]?(include:|a\b|a:|mx\b|mx:|ptr|exists:|redirect=)/i.test(t));
  if (lookups.length > 10)
    return {
      ...base,
      status: "invalid",
      detail: `${lookups.length} DNS-querying terms at the top level alone; more than 10 is a permanent error (RFC 7208 4.6.4)`,
      publish: null,
    };
  if (!all && !terms.some((t) => /^redirect=/i.test(t)))
    return {
      ...base,
      status: "warn",
      detail: "the record has no all term, so mail from unlisted servers is neutral: end it in ~all or -all",
      publish: null,
    };
  if (all && /^\?all$/i.test(all))
    return {
      ...base,
      status: "warn",
      detail: "?all says nothing about unlisted servers: prefer ~all or -all",
      publish: null,
    };
  return { ...base, status: "ok", detail: `one SPF record, ending in ${all ?? "a redirect"}`, publish: null };
}

const squash = (s: string) => s.replace(/\s+/g, "");

/** The record at `<selector>._domainkey.<domain>` must carry the public key Baton signs with. */
export function judgeDkim(domain: string, key: DomainToCheck["dkim"], records: string[]): RecordCheck {
  if (!key)
    return {
      record: "dkim",
      name: `_domainkey.${domain}`,
      status: "missing",
      found: [],
      detail: `Baton has no DKIM key for ${domain}, so its mail goes out unsigned: run 'baton dkim add --domain ${domain} --selector <name>' and publish the record it prints`,
      publish: null,
    };
  const name = `${key.selector}._domainkey.${domain}`;
  const publish = `v=DKIM1; k=rsa; p=${key.public_key_b64}`;
  const dkim = records.filter((r) => /(^|;)\s*p=/i.test(r));
  const base = { record: "dkim" as const, name, found: dkim };
  if (dkim.length === 0)
    return {
      ...base,
      status: "missing",
      detail: `no DKIM key at ${name}: receivers cannot verify the signature Baton adds`,
      publish,
    };
  const keys = dkim.map((r) => squash(tagList(r).get("p") ?? ""));
  if (keys.includes(squash(key.public_key_b64)))
    return { ...base, status: "ok", detail: `the key at ${name} is the one Baton signs with`, publish: null };
  if (keys.every((k) => k === ""))
    return {
      ...base,
      status: "invalid",
      detail: `the key at ${name} is revoked (empty p=): publish Baton's key`,
      publish,
    };
  return {
    ...base,
    status: "invalid",
    detail: `the key published at ${name} is not the one Baton signs with, so every signature fails: replace it`,
    publish,
  };
}

/** RFC 7489: one `v=DMARC1` record with a policy, at `_dmarc.<domain>` (or the organizational domain's). */
export function judgeDmarc(name: string, records: string[], inherited: boolean): RecordCheck {
  const dmarc = records.filter((r) => /^v=DMARC1\s*(;|$)/i.test(r.trim()));
  const base = { record: "dmarc" as const, name, found: dmarc };
  const rua = name.replace(/^_dmarc\./, "");
  if (dmarc.length === 0)
    return {
      ...base,
      status: "missing",
      detail:
        "no DMARC record: Gmail and Yahoo require one from bulk senders. Start with p=none and its reports, then move to quarantine",
      publish: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${rua}`,
    };
  if (dmarc.length > 1)
    return {
      ...base,
      status: "invalid",
      detail: `${dmarc.length} DMARC records: receivers ignore them all (RFC 7489 6.6.3). Keep one`,
      publish: null,
    };
  const p = tagList(dmarc[0]).get("p")?.toLowerCase();
  if (!p || !["none", "quarantine", "reject"].includes(p))
    return {
      ...base,
      status: "invalid",
      detail: "the record has no valid p= policy (none, quarantine or reject)",
      publish: null,
    };
  const from = inherited ? ` (inherited from ${rua})` : "";
  if (p === "none")
    return {
      ...base,
      status: "warn",
      detail: `p=none${from}: reports only; once SPF and DKIM pass, move to p=quarantine`,
      publish: null,
    };
  return { ...base, status: "ok", detail: `p=${p}${from}`, publish: null };
}

/** The organizational domain, naively: the last two labels (three under a two-letter second level such as co.uk). */
export function organizationalDomain(domain: string): string {
  const labels = domain.split(".");
  const n = labels.length >= 3 && labels.at(-2)!.length <= 3 && labels.at(-1)!.length === 2 ? 3 : 2;
  return labels.slice(-n).join(".");
}

export async function checkSendingDomain(resolver: TxtResolver, target: DomainToCheck): Promise<DomainCheck> {
  const domain = target.domain.toLowerCase();
  const [apex, dkim, dmarc] = await Promise.all([
    txt(resolver, domain),
    target.dkim ? txt(resolver, `${target.dkim.selector}._domainkey.${domain}`) : Promise.resolve([]),
    txt(resolver, `_dmarc.${domain}`),
  ]);
  const checks: RecordCheck[] = [];
  checks.push("error" in apex ? lookupFailed("spf", domain, apex.error) : judgeSpf(domain, apex));
  checks.push(
    "error" in dkim
      ? lookupFailed("dkim", `${target.dkim?.selector}._domainkey.${domain}`, dkim.error)
      : judgeDkim(domain, target.dkim, dkim),
  );
  if ("error" in dmarc) checks.push(lookupFailed("dmarc", `_dmarc.${domain}`, dmarc.error));
  else {
    const org = organizationalDomain(domain);
    const own = dmarc.some((r) => /^v=DMARC1/i.test(r.trim()));
    if (own || org === domain) checks.push(judgeDmarc(`_dmarc.${domain}`, dmarc, false));
    else {
      // RFC 7489 6.6.3: a subdomain without its own record falls back to the organizational domain's
      const parent = await txt(resolver, `_dmarc.${org}`);
      checks.push(
        "error" in parent
          ? lookupFailed("dmarc", `_dmarc.${org}`, parent.error)
          : parent.some((r) => /^v=DMARC1/i.test(r.trim()))
            ? judgeDmarc(`_dmarc.${org}`, parent, true)
            : judgeDmarc(`_dmarc.${domain}`, [], false),
      );
    }
  }
  return {
    domain,
    dkim_selector: target.dkim?.selector ?? null,
    checks,
    ready: checks.every((c) => c.status === "ok" || c.status === "warn"),
  };
}
