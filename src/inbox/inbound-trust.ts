// Whether Baton may act on an inbound message (issue 35 item 1; docs/mailboxes.md "Trust").
// A reply is *trusted for a contact* when it
//   - matches a send Baton made to that contact: a Message-ID of ours in its In-Reply-To or
//     References, and its From is the address that send went to; and
//   - is authenticated (inbound-auth.ts): a trusted receiver's Authentication-Results (above the
//     first Received, or in an ARC set it sealed), or a DKIM signature Baton verifies itself,
//     aligned with the From domain; and
//   - when that proof is a DKIM signature, the header that names our send (In-Reply-To or
//     References) is covered by it (h=, every instance: dkim-coverage.ts). Otherwise anyone
//     holding a genuine signed message of the contact's could add `In-Reply-To: <our send>` and
//     have it act on that thread (issue 56 item 4). An SPF-based pass proves the whole message
//     came from the domain's own servers.
// Matching by the sender's address alone ("sender") only says who the mail is about.
// A bounce or a complaint *proves a send* when its VERP return path verifies under the tenant's
// key, or the original Message-ID inside its report is a send to the very recipient it names.
// The verdict is recorded with every decision (the inbound_trust event, inbox_messages.outcome).
import { verpMessageId } from "../channels/index.ts";
import { assertNever } from "../plays/index.ts";
import type { MailClass } from "./classify-mail.ts";
import { coversEvery } from "./dkim-coverage.ts";
import {
  type AuthCheck,
  type AuthOptions,
  type AuthVerdict,
  authenticateInbound,
  type RawHeader,
  readHeaders,
} from "./inbound-auth.ts";
import type { InboundMatch } from "./match-inbound.ts";
import type { InboundMessage } from "./parse-inbound.ts";
import type { MatchedBy } from "./tables.ts";

export interface InboundTrust {
  trusted: boolean;
  /** a send of ours to this very sender (replies), or a proven send (reports) */
  matched: boolean;
  matched_by: MatchedBy | null;
  authenticated: boolean;
  /** how: authentication_results (authserv_id, method), dkim_verified (domain = d=), verp or
   *  original_message_id (reports), or none */
  check: AuthCheck | "verp" | "original_message_id";
  authserv_id?: string;
  method?: string;
  /** authentication_results read from an ARC set: the sealer whose seal vouched for them (d=) */
  arc_sealer?: string;
  domain?: string;
  /** why not trusted (null when trusted) */
  why_not: string | null;
}

export async function decideReplyTrust(
  raw: Buffer,
  m: InboundMessage,
  match: InboundMatch | null,
  auth: AuthOptions,
): Promise<InboundTrust> {
  const why: string[] = [];
  let matched = false;
  if (!match) why.push("it answers none of our sends");
  else if (match.by !== "in_reply_to" && match.by !== "references")
    why.push("it names no Message-ID of ours (matched by its sender's address only)");
  else if (match.address !== m.from)
    why.push(`it quotes our send to ${match.address} but comes from ${m.from ?? "no address"}`);
  else matched = true;
  const v = await authenticateInbound(raw, m.from, auth);
  if (!v.authenticated) why.push(`it is not authenticated (${v.why})`);
  const threaded = !matched || !v.authenticated || threadingProven(readHeaders(raw), v, m, match!);
  if (!threaded)
    why.push(
      v.basis === "arc"
        ? `the ARC-Message-Signature of ${v.arcSealer} that binds it to the receiver's verdict does not cover the In-Reply-To or References naming our send (h=), so the threading is not proven`
        : "the DKIM signature that authenticates it does not cover the In-Reply-To or References naming our send (h=), so the threading is not proven",
    );
  return {
    trusted: matched && v.authenticated && threaded,
    matched,
    matched_by: match?.by ?? null,
    authenticated: v.authenticated,
    check: v.check,
    ...(v.authservId ? { authserv_id: v.authservId } : {}),
    ...(v.method ? { method: v.method } : {}),
    ...(v.arcSealer ? { arc_sealer: v.arcSealer } : {}),
    ...(v.domain ? { domain: v.domain } : {}),
    why_not: why.length ? why.join("; ") : null,
  };
}

const bareId = (id: string) => id.trim().replace(/^<|>$/g, "");

/**
 * Whether the authentication also proves the reply answers our send: an SPF-based pass covers the
 * whole message; a DKIM-based one, or a sealed SPF-based one (basis arc: the receiver's
 * ARC-Message-Signature binds the message to its verdict), only when the header that names our
 * Message-ID is signed in every instance the message carries (pure).
 */
export function threadingProven(
  headers: RawHeader[],
  v: AuthVerdict,
  m: Pick<InboundMessage, "inReplyTo" | "references">,
  match: Pick<InboundMatch, "deliveryMessageId">,
): boolean {
  switch (v.basis) {
    case undefined:
    case "spf":
      return v.authenticated;
    case "dkim":
    case "arc":
      break;
    default:
      return assertNever(v.basis);
  }
  if (!match.deliveryMessageId) return false;
  const ours = bareId(match.deliveryMessageId);
  const signed = v.signedHeaders ?? [];
  const byInReplyTo =
    !!m.inReplyTo && bareId(m.inReplyTo) === ours && coversEvery(headers, signed, "in-reply-to");
  const byReferences =
    m.references.some((r) => bareId(r) === ours) && coversEvery(headers, signed, "references");
  return byInReplyTo || byReferences;
}

/** Addresses in the header fields a receiving system records the envelope recipient in. */
const ENVELOPE_FIELDS = new Set(["to", "delivered-to", "x-original-to", "envelope-to", "x-envelope-to"]);

/**
 * The Message-ID a report's VERP address stands for: the address it was delivered to (To,
 * Delivered-To, X-Original-To, Envelope-To) or, for an ARF report, the reported message's envelope
 * sender. Only a token that verifies under this tenant's key counts.
 */
export function verpMessageIdOf(
  headers: RawHeader[],
  extra: (string | null | undefined)[],
  secret: string | undefined,
  clientId: string,
): string | null {
  if (!secret) return null;
  const addresses = [
    ...headers
      .filter((h) => ENVELOPE_FIELDS.has(h.name))
      .flatMap((h) => h.value.match(/(?<![^\s<>,;:"])[^\s<>,;:"]+@[^\s<>,;:"]+/g) ?? []),
    ...extra.filter((x): x is string => !!x),
  ];
  for (const a of addresses) {
    const id = verpMessageId(secret, clientId, a);
    if (id) return id;
  }
  return null;
}

/** Whether a bounce or complaint proves a send of ours to the address it names (pure). */
export function decideReportTrust(cls: MailClass, match: InboundMatch | null): InboundTrust {
  const recipient = cls.bounce?.recipient ?? cls.complaint?.recipient ?? null;
  const no = (why: string): InboundTrust => ({
    trusted: false,
    matched: false,
    matched_by: match?.by ?? null,
    authenticated: false,
    check: "none",
    why_not: why,
  });
  if (!match)
    return no(
      "it proves no send of ours: no VERP return path under this tenant's key, and no original Message-ID of one of our sends",
    );
  if (match.by === "verp") {
    if (recipient && recipient !== match.address)
      return no(`its VERP send went to ${match.address}, but it names ${recipient}`);
  } else if (!recipient) return no("its report names no recipient to compare with our send");
  else if (recipient !== match.address)
    return no(`the original Message-ID is our send to ${match.address}, but it names ${recipient}`);
  return {
    trusted: true,
    matched: true,
    matched_by: match.by,
    authenticated: true,
    check: match.by === "verp" ? "verp" : "original_message_id",
    why_not: null,
  };
}
