// The receiver's verdict as it sealed it (ARC, RFC 8617; issue 56 item 4, follow-up). Gmail writes
// its Authentication-Results *below* its own Received lines, where a sender's look-alike can sit
// too, so position cannot tell them apart there (inbound-auth.ts counts only headers above the
// first Received). But Gmail, Microsoft 365 and others also add an ARC set on receipt: an
// ARC-Authentication-Results with the same verdict, an ARC-Message-Signature over the message and
// an ARC-Seal over the ARC headers, signed with the receiver's own key (d=google.com). A sender
// cannot forge that signature, so the latest ARC set proves what the receiver saw.
// It counts only when
//   - mailauth validates the whole chain: every seal verifies, i=1 says cv=none and every later
//     instance cv=pass (RFC 8617 §5.2), and the latest ARC-Message-Signature verifies over the
//     message as Baton has it (a set copied from another message, or a body changed since, fails);
//   - the latest seal (the highest instance: the last hop before the mailbox) is by a sealer the
//     mailbox trusts: the ARC_SEALERS entry of one of its trusted authserv-ids (explicit: trusting
//     mx.google.com trusts seals by google.com, nothing else); and
//   - that instance's ARC-Authentication-Results names that same authserv-id.
// A chain that fails (cv=fail, a bad signature, a missing key), a seal by another domain, or an
// earlier instance by a trusted sealer (a hop before the last one) counts for nothing.
// The DNS resolver is a parameter so tests run offline; the verification is mailauth's.
import type { DkimVerification } from "mailauth/lib/dkim/verify.js";
import { parseDkimTags } from "./dkim-coverage.ts";
import { type AuthenticationResults, parseAuthenticationResults } from "./parse-authentication-results.ts";

/** A header field as inbound-auth.ts reads them: the name in lower case, the value unfolded. */
interface RawHeader {
  name: string;
  value: string;
}

/**
 * The receivers whose ARC seal Baton trusts, by the authserv-id a mailbox trusts (docs/mailboxes.md
 * "Trust"). Each pair is what the receiver writes on every message it accepts: its
 * ARC-Authentication-Results under `authservId`, sealed with d=`sealer`. A receiver not listed
 * here counts only by its Authentication-Results above the first Received.
 */
export const ARC_SEALERS: readonly { authservId: string; sealer: string; receiver: string }[] = [
  { authservId: "mx.google.com", sealer: "google.com", receiver: "Gmail, Google Workspace" },
  { authservId: "mx.microsoft.com", sealer: "microsoft.com", receiver: "Microsoft 365, Outlook.com" },
];

/** The ARC sealers a mailbox trusts: those of its trusted authserv-ids (pure). */
export function trustedSealers(
  trustedAuthservIds: readonly string[],
): { authservId: string; sealer: string }[] {
  const ids = new Set(trustedAuthservIds.map((x) => x.toLowerCase()));
  return ARC_SEALERS.filter((s) => ids.has(s.authservId));
}

export type ArcVerdict =
  | {
      ok: true;
      /** the latest instance (i=) */
      instance: number;
      /** its seal's d= */
      sealer: string;
      /** its ARC-Authentication-Results: the receiver's verdict */
      results: AuthenticationResults;
      /** the header fields its ARC-Message-Signature covers (lower case, once per instance) */
      signedHeaders: string[];
      /** the ARC-Message-Signature has l=: text after the first l bytes of the body is not sealed */
      bodyLengthLimited: boolean;
    }
  | { ok: false; why: string };

/** The ARC-Seal or ARC-Message-Signature of instance i: a tag list, its i= tag anywhere in it. */
function signatureOf(headers: RawHeader[], name: string, i: number): string | null {
  for (const h of headers) {
    if (h.name !== name) continue;
    const m = /(?:^|;)\s*i\s*=\s*(\d+)\s*(?:;|$)/.exec(h.value);
    if (m && Number(m[1]) === i) return h.value;
  }
  return null;
}

/** The ARC-Authentication-Results of instance i, without its leading "i=N;" (RFC 8617 §4.1.1). */
function resultsOf(headers: RawHeader[], i: number): string | null {
  for (const h of headers) {
    if (h.name !== "arc-authentication-results") continue;
    const m = /^\s*i\s*=\s*(\d+)\s*;/.exec(h.value);
    if (m && Number(m[1]) === i) return h.value.slice(m[0].length);
  }
  return null;
}

/**
 * Whether the message's latest ARC set is the trusted receiver's, and its verdict; null when the
 * message carries no ARC headers or the mailbox trusts no sealer (nothing to say).
 * `dkim` is mailauth's DKIM pass over the same message (it reads the ARC chain and verifies the
 * latest ARC-Message-Signature); inbound-auth.ts runs it once for both checks.
 */
export async function readArcSeal(
  headers: RawHeader[],
  dkim: DkimVerification,
  trustedAuthservIds: readonly string[],
  resolver?: (name: string, rr: string) => Promise<unknown>,
): Promise<ArcVerdict | null> {
  const sealers = trustedSealers(trustedAuthservIds);
  if (sealers.length === 0 || !headers.some((h) => h.name === "arc-seal")) return null;
  const { arc } = await import("mailauth/lib/arc/index.js");
  const r = await arc(dkim.arc ?? { chain: false }, resolver ? { resolver } : {});
  if (r.status.result !== "pass")
    return {
      ok: false,
      why: `its ARC chain does not validate (arc=${r.status.result}${r.status.comment ? `: ${r.status.comment}` : ""})`,
    };
  const i = typeof r.i === "number" ? r.i : 0;
  const sealValue = signatureOf(headers, "arc-seal", i);
  // mailauth refuses such a chain already; said here too, as the rule Baton relies on (RFC 8617 §5.2)
  const cv = /(?:^|;)\s*cv\s*=\s*([a-z]+)/i.exec(sealValue ?? "")?.[1]?.toLowerCase();
  if (cv !== (i === 1 ? "none" : "pass"))
    return { ok: false, why: `its latest ARC seal (i=${i}) says cv=${cv ?? "nothing"}` };
  const sealer = sealValue ? parseDkimTags(sealValue).domain : "";
  const trusted = sealers.find((s) => s.sealer === sealer);
  if (!trusted)
    return {
      ok: false,
      why: `its latest ARC seal (i=${i}) is by ${sealer || "no domain"}, not a sealer this mailbox trusts (${sealers.map((s) => `${s.sealer} for ${s.authservId}`).join(", ")})`,
    };
  const aar = resultsOf(headers, i);
  const results = aar ? parseAuthenticationResults(aar) : null;
  if (!results || results.authservId !== trusted.authservId)
    return {
      ok: false,
      why: `its ARC-Authentication-Results (i=${i}) sealed by ${sealer} are not under ${trusted.authservId}`,
    };
  const ams = parseDkimTags(signatureOf(headers, "arc-message-signature", i) ?? "");
  return {
    ok: true,
    instance: i,
    sealer,
    results,
    signedHeaders: ams.signedHeaders,
    bodyLengthLimited: ams.bodyLengthLimited,
  };
}
