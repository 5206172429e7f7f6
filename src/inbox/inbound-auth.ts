// Is an inbound message authenticated as coming from its From: domain (issue 35 item 1)? Two ways:
//   1. the receiving server said so in Authentication-Results (RFC 8601), under an authserv-id the
//      mailbox trusts: dmarc=pass for the From domain, or dkim=pass / spf=pass aligned with it
//      (DMARC relaxed alignment, RFC 7489 3.1). Only the topmost header(s) that receiver added
//      count: from the first Authentication-Results with a trusted authserv-id down to the next
//      Received header (the receiver's own trace line); anything below was in the message when it
//      arrived, and a sender can write anything there.
//   2. a DKIM signature Baton verifies itself (mailauth), with d= aligned with the From domain.
// Reads the raw message itself (the parsed message has no header list); the DNS resolver is a
// parameter so tests run offline.

export interface RawHeader {
  /** lower case */
  name: string;
  value: string;
}

/** The top-level header fields of a raw RFC 5322 message, in order, unfolded. */
export function readHeaders(raw: Buffer | string): RawHeader[] {
  const text = typeof raw === "string" ? raw : raw.subarray(0, 256 * 1024).toString("latin1");
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  const out: RawHeader[] = [];
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    out.push({ name: line.slice(0, i).trim().toLowerCase(), value: line.slice(i + 1).trim() });
  }
  return out;
}

export interface AuthResult {
  method: string;
  result: string;
  /** ptype.property → value, e.g. "header.d" → "example.org" */
  props: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: AuthResult[];
}

/** Removes RFC 5322 comments "(…)" (nested) outside quoted strings. */
function stripComments(v: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (quoted) {
      out += ch;
      if (ch === "\\" && i + 1 < v.length) out += v[++i];
      else if (ch === '"') quoted = false;
    } else if (ch === '"' && depth === 0) {
      quoted = true;
      out += ch;
    } else if (ch === "(") depth++;
    else if (ch === ")" && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

const unquote = (s: string) => s.replace(/^"(.*)"$/, "$1");

/** One Authentication-Results value, or null when it has no authserv-id. */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const parts = stripComments(value).split(";");
  // authserv-id [ CFWS authres-version ]
  const authservId = parts[0]?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return null;
  const results: AuthResult[] = [];
  for (const part of parts.slice(1)) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    const head = tokens[0];
    if (!head || head.toLowerCase() === "none") continue;
    const eq = head.indexOf("=");
    if (eq <= 0) continue;
    const method = head.slice(0, eq).split("/")[0]!.toLowerCase();
    const result = unquote(head.slice(eq + 1)).toLowerCase();
    const props: Record<string, string> = {};
    for (const t of tokens.slice(1)) {
      const e = t.indexOf("=");
      if (e <= 0) continue;
      props[t.slice(0, e).toLowerCase()] = unquote(t.slice(e + 1));
    }
    results.push({ method, result, props });
  }
  return { authservId, results };
}

/**
 * The Authentication-Results the trusted receiver added: from the first header with a trusted
 * authserv-id down to the next Received header; only those with a trusted authserv-id.
 */
export function trustedAuthenticationResults(
  headers: RawHeader[],
  trustedIds: readonly string[],
): AuthenticationResults[] {
  const trusted = new Set(trustedIds.map((x) => x.toLowerCase()));
  const out: AuthenticationResults[] = [];
  for (const h of headers) {
    if (h.name === "received" && out.length > 0) break;
    if (h.name !== "authentication-results") continue;
    const ar = parseAuthenticationResults(h.value);
    if (ar && trusted.has(ar.authservId)) out.push(ar);
  }
  return out;
}

/** The domain of an address ("a@B.org" → "b.org"), or of "user@domain" inside angle brackets. */
export function domainOfAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const m = /@([^@>\s]+)>?\s*$/.exec(address.trim());
  return m ? m[1]!.toLowerCase().replace(/\.$/, "") : null;
}

type Aligned = (fromDomain: string, domain: string) => boolean;

/** DMARC relaxed alignment: the same organizational domain (the public suffix list, via mailauth). */
export async function relaxedAlignment(): Promise<Aligned> {
  const { getAlignment } = await import("mailauth/lib/tools.js");
  return (fromDomain, domain) => getAlignment(fromDomain, [domain], false) !== false;
}

export type AuthCheck = "authentication_results" | "dkim_verified" | "none";

export interface AuthVerdict {
  authenticated: boolean;
  check: AuthCheck;
  /** authentication_results: the authserv-id and which method passed (dmarc, dkim, spf) */
  authservId?: string;
  method?: string;
  /** the aligned domain that passed (DKIM d=, SPF MAIL FROM domain, or DMARC header.from) */
  domain?: string;
  /** why not, when not */
  why?: string;
}

/** What a trusted receiver's Authentication-Results say about the From domain (pure). */
export function verdictFromResults(
  sets: AuthenticationResults[],
  fromDomain: string,
  aligned: Aligned,
): AuthVerdict | null {
  // DMARC's own verdict first, then an aligned DKIM pass, then an aligned SPF pass
  const rank = (m: string) => (m === "dmarc" ? 0 : m === "dkim" ? 1 : 2);
  for (const ar of sets) {
    for (const r of [...ar.results].sort((a, b) => rank(a.method) - rank(b.method))) {
      if (r.result !== "pass") continue;
      if (r.method === "dmarc") {
        const d = (r.props["header.from"] ?? fromDomain).toLowerCase();
        if (d === fromDomain)
          return {
            authenticated: true,
            check: "authentication_results",
            authservId: ar.authservId,
            method: "dmarc",
            domain: d,
          };
      } else if (r.method === "dkim") {
        const d = (r.props["header.d"] ?? domainOfAddress(r.props["header.i"]) ?? "").toLowerCase();
        if (d && aligned(fromDomain, d))
          return {
            authenticated: true,
            check: "authentication_results",
            authservId: ar.authservId,
            method: "dkim",
            domain: d,
          };
      } else if (r.method === "spf") {
        const d = domainOfAddress(r.props["smtp.mailfrom"]) ?? r.props["smtp.mailfrom"]?.toLowerCase() ?? "";
        if (d && aligned(fromDomain, d))
          return {
            authenticated: true,
            check: "authentication_results",
            authservId: ar.authservId,
            method: "spf",
            domain: d,
          };
      }
    }
  }
  return null;
}

export type DnsResolver = (name: string, rr: string) => Promise<unknown>;

export interface AuthOptions {
  /** authserv-ids the mailbox trusts (mailbox_inboxes.trusted_authserv_ids) */
  trustedAuthservIds: readonly string[];
  /** DNS for Baton's own DKIM check (default: mailauth's, the system resolver) */
  resolver?: DnsResolver;
}

/** Whether the message is authenticated as coming from its From: domain, and by which check. */
export async function authenticateInbound(
  raw: Buffer | string,
  from: string | null,
  opts: AuthOptions,
): Promise<AuthVerdict> {
  const fromDomain = domainOfAddress(from);
  if (!fromDomain) return { authenticated: false, check: "none", why: "no From address" };
  const aligned = await relaxedAlignment();
  const headers = readHeaders(raw);
  const sets = trustedAuthenticationResults(headers, opts.trustedAuthservIds);
  const byResults = verdictFromResults(sets, fromDomain, aligned);
  if (byResults) return byResults;
  const why: string[] = [];
  if (opts.trustedAuthservIds.length === 0) why.push("the mailbox trusts no authserv-id");
  else if (sets.length === 0)
    why.push(`no Authentication-Results from ${opts.trustedAuthservIds.join(", ")}`);
  else why.push(`Authentication-Results from ${sets[0]!.authservId} show no pass aligned with ${fromDomain}`);
  if (headers.some((h) => h.name === "dkim-signature")) {
    const { dkimVerify } = await import("mailauth/lib/dkim/verify.js");
    const buf = typeof raw === "string" ? Buffer.from(raw) : raw;
    try {
      const v = await dkimVerify(buf, opts.resolver ? { resolver: opts.resolver } : {});
      const pass = v.results.find(
        (r) =>
          r.status.result === "pass" && r.signingDomain && aligned(fromDomain, r.signingDomain.toLowerCase()),
      );
      if (pass)
        return { authenticated: true, check: "dkim_verified", domain: pass.signingDomain!.toLowerCase() };
      const first = v.results[0];
      why.push(
        first
          ? `DKIM ${first.signingDomain ?? "?"}: ${first.status.result}${first.status.result === "pass" ? ` (not aligned with ${fromDomain})` : ""}`
          : "DKIM: no signature verified",
      );
    } catch (e) {
      why.push(`DKIM check failed: ${(e as Error).message}`.slice(0, 200));
    }
  } else why.push("no DKIM signature");
  return { authenticated: false, check: "none", why: why.join("; ") };
}
