// Where a webhook URL leads (issue 36 item 8): parse it, resolve its host to every address, and
// refuse it if any address is in a special-purpose range (classify-address.ts). Registration and
// every delivery call this; a delivery then connects to the address checked here and to nothing
// else (post-webhook.ts), so a host whose DNS answer changes between the check and the connection
// (DNS rebinding) cannot reach an internal address.
import dns from "node:dns";
import net from "node:net";
import { BatonError } from "../errors/baton-error.ts";
import { classifyAddress } from "../network/index.ts";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface WebhookAddressPolicy {
  /** BATON_WEBHOOK_ALLOW_LOOPBACK: loopback (127.0.0.0/8, ::1) allowed, for tests and local receivers */
  allowLoopback: boolean;
  /** every address the host resolves to (default: the system resolver, dns.lookup all) */
  lookup?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export const STRICT_WEBHOOK_POLICY: WebhookAddressPolicy = { allowLoopback: false };

export interface WebhookTarget {
  url: URL;
  /** the host name as the request names it (Host header, TLS SNI), without IPv6 brackets */
  hostname: string;
  /** the checked address the request connects to */
  address: string;
  family: 4 | 6;
}

/** A parsed http(s) URL without credentials; WEBHOOK_URL_NOT_ALLOWED otherwise. */
export function parseWebhookUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BatonError("WEBHOOK_URL_NOT_ALLOWED", { reason: "it is not a URL" });
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new BatonError("WEBHOOK_URL_NOT_ALLOWED", { reason: `scheme ${u.protocol} is not http(s)` });
  }
  if (u.username || u.password) {
    throw new BatonError("WEBHOOK_URL_NOT_ALLOWED", { reason: "it carries credentials" });
  }
  return u;
}

async function systemLookup(hostname: string): Promise<ResolvedAddress[]> {
  const all = await dns.promises.lookup(hostname, { all: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/**
 * The address a webhook request may connect to. The WHATWG URL parser has already turned the
 * short and numeric IPv4 forms (http://127.1/, http://2130706433/, http://0x7f.1/) into a dotted
 * quad, so an IP literal is judged as such; a name is resolved and every address it has must be
 * public (one private answer among public ones refuses it: the connection could pick either).
 */
export async function resolveWebhookTarget(
  url: string,
  policy: WebhookAddressPolicy,
): Promise<WebhookTarget> {
  const u = parseWebhookUrl(url);
  const hostname = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  let addresses: ResolvedAddress[];
  if (net.isIP(hostname)) {
    addresses = [{ address: hostname, family: net.isIPv6(hostname) ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(hostname);
    } catch (e) {
      throw new BatonError("WEBHOOK_HOST_UNRESOLVED", {
        host: hostname,
        reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message,
      });
    }
    if (addresses.length === 0)
      throw new BatonError("WEBHOOK_HOST_UNRESOLVED", { host: hostname, reason: "no address" });
  }
  for (const a of addresses) {
    const c = classifyAddress(a.address);
    if (c && !(c.loopback && policy.allowLoopback)) {
      throw new BatonError("WEBHOOK_ADDRESS_REFUSED", { host: hostname, address: a.address, range: c.range });
    }
  }
  return { url: u, hostname, address: addresses[0].address, family: addresses[0].family };
}
