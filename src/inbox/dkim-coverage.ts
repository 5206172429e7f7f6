// What a DKIM signature vouches for (issue 56 item 4). A signature that verifies proves the header
// fields its h= tag names and the body, but no more:
//   - with l= (RFC 6376 §3.5, body length) it proves only the first l bytes of the body: anyone
//     holding one genuine signed message may append text of their own and it still verifies
//     (RFC 6376 §8.2), so such a signature proves nothing about what the message says;
//   - a header field it does not name may be added by anyone. A verifier takes the bottom-most
//     instances of each name h= lists (RFC 6376 §5.4.2), so an instance added *above* a signed
//     one is not covered either: a field is covered only when h= names it at least as many times
//     as the message carries it (and a signer that "oversigns" a field it did not send makes any
//     added instance break the signature).
// Pure: header lists in, facts out.

/** A header field as inbound-auth.ts reads them: the name in lower case, the value unfolded. */
interface RawHeader {
  name: string;
  value: string;
}

export interface DkimTags {
  /** d=, lower case */
  domain: string;
  /** s= */
  selector: string;
  /** h=: the signed header field names, lower case, once per listed instance */
  signedHeaders: string[];
  /** l= present: only part of the body is signed */
  bodyLengthLimited: boolean;
  /** b=, whitespace removed */
  signature: string;
}

/** The tags of one DKIM-Signature value (RFC 6376 §3.5: tag=value pairs separated by ";"). */
export function parseDkimTags(value: string): DkimTags {
  const tags = new Map<string, string>();
  for (const part of value.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).replace(/\s+/g, ""));
  }
  return {
    domain: (tags.get("d") ?? "").toLowerCase(),
    selector: tags.get("s") ?? "",
    signedHeaders: (tags.get("h") ?? "")
      .split(":")
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
    bodyLengthLimited: tags.has("l"),
    signature: tags.get("b") ?? "",
  };
}

/** The DKIM-Signature fields of a message, parsed. */
export function dkimSignatures(headers: RawHeader[]): DkimTags[] {
  return headers.filter((h) => h.name === "dkim-signature").map((h) => parseDkimTags(h.value));
}

/** Whether every instance of `name` in the message is covered by a signature naming `signed`. */
export function coversEvery(headers: RawHeader[], signed: readonly string[], name: string): boolean {
  const n = name.toLowerCase();
  const present = headers.filter((h) => h.name === n).length;
  return present > 0 && signed.filter((x) => x === n).length >= present;
}

/**
 * The header names several signatures all cover: per name, the fewest times any of them lists it
 * (when Baton cannot tell which of them a receiver verified, each must prove what is relied on).
 */
export function commonSignedHeaders(sets: readonly (readonly string[])[]): string[] {
  if (sets.length === 0) return [];
  const count = (s: readonly string[], n: string) => s.filter((x) => x === n).length;
  const out: string[] = [];
  for (const n of new Set(sets[0])) {
    const k = Math.min(...sets.map((s) => count(s, n)));
    for (let i = 0; i < k; i++) out.push(n);
  }
  return out;
}
