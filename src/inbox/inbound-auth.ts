// Is an inbound message authenticated as coming from its From: domain (issue 35 item 1; issue 56
// item 4)? Two ways:
//   1. the receiving server said so in Authentication-Results (RFC 8601), under an authserv-id the
//      mailbox trusts: dmarc=pass for the From domain, or dkim=pass / spf=pass aligned with it
//      (DMARC relaxed alignment, RFC 7489 3.1). Only the receiver's own headers count: those
//      above the first Received header. A receiver prepends what it adds (RFC 8601 §2.1, RFC 5321
//      §4.4), so everything below its trace line was in the message when it arrived, and a sender
//      can write anything there, a "pass" under the receiver's name included (RFC 8601 §5 and
//      §7.2: a receiver removes or ignores such look-alikes; so does Baton). A receiver that wrote
//      none leaves the message unauthenticated by this route. Its own dmarc=fail is final: no pass
//      elsewhere, not even Baton's own DKIM check, overrules it. A local delivery hop of the
//      mailbox's own site on top (Dovecot LMTP's Received) does not end the receiver's part.
//   1b. the same verdict in the ARC set the receiver sealed (read-arc-seal.ts): for receivers such
//      as Gmail that write their Authentication-Results below their own Received lines, where
//      position cannot tell them from a sender's. Same rules; its dmarc=fail is final too.
//   2. a DKIM signature Baton verifies itself (mailauth), with d= aligned with the From domain.
// A DKIM pass (either route) proves only what the signature covers (dkim-coverage.ts): one with
// l= proves nothing, and the verdict carries the header fields it signed so the caller can ask
// whether the threading headers are among them (inbound-trust.ts).
// Reads the raw message itself (the parsed message has no header list); the DNS resolver is a
// parameter so tests run offline.
import type { DkimVerification } from "mailauth/lib/dkim/verify.js";
import { commonSignedHeaders, dkimSignatures } from "./dkim-coverage.ts";
import {
  type AuthenticationResults,
  type AuthResult,
  parseAuthenticationResults,
  stripComments,
} from "./parse-authentication-results.ts";
import { type ArcVerdict, readArcSeal, trustedSealers } from "./read-arc-seal.ts";

export { type AuthenticationResults, type AuthResult, parseAuthenticationResults };

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

/**
 * Whether a Received line is a delivery hop inside the mailbox's own site, added after the receiver
 * wrote its verdict: its trace says `by <host> with LMTP` (or LMTPS, LMTPA, LMTPSA: RFC 3848).
 * LMTP is a local delivery protocol that must not be offered on the SMTP port (RFC 2033 §1), so
 * the Received line a receiver writes when mail arrives from outside never says it; Dovecot's LMTP
 * (and Cyrus's) adds such a line on top of what the receiver wrote. Only the last `by` clause
 * counts, and only with its `with` right after it (comments removed): the text before it can
 * carry the sending client's HELO name, which the client chose. Whatever the host: skipping lines
 * by their `by` host would also skip the receiver's own trace line when the MTA and the IMAP
 * server share a host name, and expose the sender's look-alike just below it.
 */
export function isLocalDeliveryHop(received: string): boolean {
  const trace = stripComments(received);
  const semi = trace.lastIndexOf(";");
  const clauses = (semi >= 0 ? trace.slice(0, semi) : trace).replace(/\s+/g, " ");
  const by = [...clauses.matchAll(/(?:^| )by (\S+)( with (\S+))?/gi)].at(-1);
  return !!by?.[3] && /^lmtps?a?$/i.test(by[3]);
}

/**
 * The Authentication-Results the trusted receiver added: those above the first Received header
 * (its own, prepended), with a trusted authserv-id. One below any Received is the sender's. The
 * mailbox's own local delivery hops on top (isLocalDeliveryHop) do not end the receiver's part.
 */
export function trustedAuthenticationResults(
  headers: RawHeader[],
  trustedIds: readonly string[],
): AuthenticationResults[] {
  const trusted = new Set(trustedIds.map((x) => x.toLowerCase()));
  const out: AuthenticationResults[] = [];
  for (const h of headers) {
    if (h.name === "received") {
      if (isLocalDeliveryHop(h.value)) continue;
      break;
    }
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
  /**
   * What the pass rests on: "spf", the domain's own servers handed the message over (the whole
   * message is theirs); "dkim", a signature, which proves only the fields in `signedHeaders`;
   * "arc", the domain's servers handed it to a receiver that sealed it (read-arc-seal.ts): what
   * reached Baton is theirs only as far as the receiver's ARC-Message-Signature covers it (the
   * body, and the fields in `signedHeaders`).
   */
  basis?: "spf" | "dkim" | "arc";
  /** basis dkim or arc: the header names the signature(s) cover, lower case, once per instance */
  signedHeaders?: string[];
  /** authentication_results from an ARC set: the sealer (its d=) and the instance */
  arcSealer?: string;
  arcInstance?: number;
  /** why not, when not */
  why?: string;
}

/** A receiver's pass as read from its headers, before Baton looks at the signature behind it. */
export interface ResultsPass {
  authservId: string;
  method: "dmarc" | "dkim" | "spf";
  domain: string;
  /** the pass rests on an aligned spf=pass of the same receiver */
  spf: boolean;
  /** dkim: the signature the receiver names (header.d, and header.b's prefix when given) */
  dkim?: { domain: string | null; b: string | null };
}

/** What a trusted receiver's Authentication-Results say about the From domain (pure). */
export function verdictFromResults(
  sets: AuthenticationResults[],
  fromDomain: string,
  aligned: Aligned,
): ResultsPass | { fail: string } | null {
  const spfAligned = (r: AuthResult) => {
    const d = domainOfAddress(r.props["smtp.mailfrom"]) ?? r.props["smtp.mailfrom"]?.toLowerCase() ?? "";
    return d && aligned(fromDomain, d) ? d : null;
  };
  // the receiver's own DMARC failure for this From domain is final (issue 56 item 4)
  for (const ar of sets)
    for (const r of ar.results)
      if (
        r.method === "dmarc" &&
        r.result === "fail" &&
        (r.props["header.from"] ?? fromDomain).toLowerCase() === fromDomain
      )
        return { fail: `${ar.authservId} says dmarc=fail for ${fromDomain}` };
  // DMARC's own verdict first, then an aligned DKIM pass, then an aligned SPF pass
  const rank = (m: string) => (m === "dmarc" ? 0 : m === "dkim" ? 1 : 2);
  for (const ar of sets) {
    const spf = ar.results.find((r) => r.method === "spf" && r.result === "pass" && spfAligned(r));
    for (const r of [...ar.results].sort((a, b) => rank(a.method) - rank(b.method))) {
      if (r.result !== "pass") continue;
      if (r.method === "dmarc") {
        const d = (r.props["header.from"] ?? fromDomain).toLowerCase();
        if (d === fromDomain)
          return {
            authservId: ar.authservId,
            method: "dmarc",
            domain: d,
            spf: !!spf,
            dkim: { domain: null, b: null },
          };
      } else if (r.method === "dkim") {
        const d = (r.props["header.d"] ?? domainOfAddress(r.props["header.i"]) ?? "").toLowerCase();
        if (d && aligned(fromDomain, d))
          return {
            authservId: ar.authservId,
            method: "dkim",
            domain: d,
            spf: false,
            dkim: { domain: d, b: r.props["header.b"] ?? null },
          };
      } else if (r.method === "spf") {
        const d = spfAligned(r);
        if (d) return { authservId: ar.authservId, method: "spf", domain: d, spf: true };
      }
    }
  }
  return null;
}

/**
 * A receiver's pass made a verdict: an SPF-based pass proves the origin of the whole message; a
 * DKIM-based one only what the signature(s) behind it cover. Baton cannot tell which signature
 * the receiver verified unless it names one (header.d, header.b), so every candidate aligned
 * with the From domain must qualify: none with l=, and only the fields all of them sign count.
 */
export function verdictFromPass(
  pass: ResultsPass,
  headers: RawHeader[],
  fromDomain: string,
  aligned: Aligned,
): AuthVerdict {
  const base = {
    check: "authentication_results" as const,
    authservId: pass.authservId,
    method: pass.method,
    domain: pass.domain,
  };
  if (pass.spf) return { authenticated: true, ...base, basis: "spf" };
  const want = pass.dkim!;
  const candidates = dkimSignatures(headers).filter(
    (s) =>
      s.domain &&
      (want.domain ? s.domain === want.domain : aligned(fromDomain, s.domain)) &&
      (!want.b || s.signature.startsWith(want.b)),
  );
  // a DMARC pass with no aligned signature in the message rests on SPF (the receiver did not say)
  if (candidates.length === 0 && pass.method === "dmarc")
    return { authenticated: true, ...base, basis: "spf" };
  if (candidates.length === 0)
    return {
      authenticated: false,
      check: "none",
      why: `${pass.authservId} says dkim=pass for ${pass.domain}, but no such DKIM-Signature is in the message`,
    };
  if (candidates.some((s) => s.bodyLengthLimited))
    return {
      authenticated: false,
      check: "none",
      why: `${pass.authservId}'s ${pass.method} pass rests on a DKIM signature with l= (a body length): text appended after it would pass too`,
    };
  return {
    authenticated: true,
    ...base,
    basis: "dkim",
    signedHeaders: commonSignedHeaders(candidates.map((s) => s.signedHeaders)),
  };
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
  // mailauth's pass over the message reads both the DKIM signatures and the ARC chain (read only
  // when the mailbox trusts a sealer)
  const sealers = trustedSealers(opts.trustedAuthservIds).length > 0;
  const signed = headers.some((h) => h.name === "dkim-signature" || (sealers && h.name === "arc-seal"));
  let dkim: DkimVerification | null = null;
  let dkimError: string | null = null;
  if (signed) {
    const { dkimVerify } = await import("mailauth/lib/dkim/verify.js");
    try {
      dkim = await dkimVerify(
        typeof raw === "string" ? Buffer.from(raw) : raw,
        opts.resolver ? { resolver: opts.resolver } : {},
      );
    } catch (e) {
      dkimError = `DKIM check failed: ${(e as Error).message}`.slice(0, 200);
    }
  }
  const arc = dkim ? await readArcSeal(headers, dkim, opts.trustedAuthservIds, opts.resolver) : null;
  const byResults = verdictFromResults(sets, fromDomain, aligned);
  const bySeal = arc?.ok ? verdictFromResults([arc.results], fromDomain, aligned) : null;
  // the receiver's own dmarc=fail is final, in its plain headers and in its sealed ones alike
  for (const r of [byResults, bySeal])
    if (r && "fail" in r)
      return { authenticated: false, check: "none", why: `${r.fail}; nothing overrules it` };
  const why: string[] = [];
  if (byResults && !("fail" in byResults)) {
    const v = verdictFromPass(byResults, headers, fromDomain, aligned);
    if (v.authenticated) return v;
    why.push(v.why!);
  } else if (opts.trustedAuthservIds.length === 0) why.push("the mailbox trusts no authserv-id");
  else if (sets.length === 0)
    why.push(
      `no Authentication-Results from ${opts.trustedAuthservIds.join(", ")} above the first Received header`,
    );
  else why.push(`Authentication-Results from ${sets[0]!.authservId} show no pass aligned with ${fromDomain}`);
  if (arc?.ok && bySeal && !("fail" in bySeal)) {
    const v = verdictFromSeal(arc, bySeal, headers, fromDomain, aligned);
    if (v.authenticated) return v;
    why.push(v.why!);
  } else if (arc?.ok)
    why.push(`its ARC seal by ${arc.sealer} (i=${arc.instance}) shows no pass aligned with ${fromDomain}`);
  else if (arc) why.push(`${arc.why}, so its ARC-Authentication-Results count for nothing`);
  if (dkimError) why.push(dkimError);
  else if (dkim && headers.some((h) => h.name === "dkim-signature")) {
    const passes = dkim.results.filter(
      (r) =>
        r.status.result === "pass" && r.signingDomain && aligned(fromDomain, r.signingDomain.toLowerCase()),
    );
    // RFC 6376 §8.2: a signature with l= proves only the body's first l bytes; not proof here
    const pass = passes.find((r) => !r.canonBodyLengthLimited);
    if (pass)
      return {
        authenticated: true,
        check: "dkim_verified",
        domain: pass.signingDomain!.toLowerCase(),
        basis: "dkim",
        signedHeaders: (pass.signingHeaders?.keys ?? "")
          .split(":")
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      };
    const first = passes[0] ?? dkim.results[0];
    why.push(
      !first
        ? "DKIM: no signature verified"
        : first.status.result === "pass" && passes.length
          ? `DKIM ${first.signingDomain}: pass, but with l= (a body length): text appended after it would pass too`
          : `DKIM ${first.signingDomain ?? "?"}: ${first.status.result}${first.status.result === "pass" ? ` (not aligned with ${fromDomain})` : ""}`,
    );
  } else why.push("no DKIM signature");
  return { authenticated: false, check: "none", why: why.join("; ") };
}

/**
 * A sealed pass made a verdict: held to the rules of a plain one (verdictFromPass: the DKIM
 * signature behind a DKIM-based pass must have no l=, and proves only the fields it signs, as the
 * sealed results name no l=). A pass resting on SPF proves the message the receiver sealed; what
 * Baton holds is that message as far as the ARC-Message-Signature covers it, so it proves the
 * fields that signature signs (basis arc), and nothing with l= on it.
 */
export function verdictFromSeal(
  arc: Extract<ArcVerdict, { ok: true }>,
  pass: ResultsPass,
  headers: RawHeader[],
  fromDomain: string,
  aligned: Aligned,
): AuthVerdict {
  const v = verdictFromPass(pass, headers, fromDomain, aligned);
  const sealed = { arcSealer: arc.sealer, arcInstance: arc.instance };
  if (!v.authenticated)
    return { ...v, why: `in its ARC set sealed by ${arc.sealer} (i=${arc.instance}), ${v.why}` };
  if (v.basis !== "spf") return { ...v, ...sealed };
  if (arc.bodyLengthLimited)
    return {
      authenticated: false,
      check: "none",
      why: `its ARC-Message-Signature by ${arc.sealer} (i=${arc.instance}) has l= (a body length): text appended after it is not sealed`,
    };
  return { ...v, ...sealed, basis: "arc", signedHeaders: arc.signedHeaders };
}
