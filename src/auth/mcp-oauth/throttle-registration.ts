// Dynamic client registration is open (RFC 7591: an MCP client registers itself before any person
// is involved), so it is limited per address (issue 73 item 2: 200 clients were registered in 8 s
// from one address, each stored). Counted in the sign-in throttle's fixed 15-minute windows, in the
// database, so every process shares the one limit; the address is kept as its hash only. An IPv6
// address counts by its /64, the block one host is given (RFC 6177): a host that walks through its
// own block's addresses is still one address. The address is the connection's (no proxy is trusted).
import { isIPv4, isIPv6 } from "node:net";
import type { Kysely } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { hashOpaqueId } from "../sessions/opaque-id.ts";
import { countInWindow, SIGN_IN_WINDOW_MS } from "../sessions/throttle-sign-in.ts";

/** Registrations per address per window: an agent registers once, and again after losing its state. */
export const REGISTRATIONS_PER_ADDRESS = 10;
export const REGISTRATION_WINDOW_MS = SIGN_IN_WINDOW_MS;

/** The eight 16-bit groups of an IPv6 address, as numbers (an embedded IPv4 tail is two of them). */
function ipv6Groups(ip: string): number[] {
  let text = ip.split("%")[0];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  return tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
}

/** The bucket an address counts in: an IPv4 address itself (also when IPv4-mapped), an IPv6 /64. */
export function registrationBucket(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = mapped ? mapped[1] : ip;
  if (isIPv4(v4) || !isIPv6(ip)) return `oauth-reg:ip:${hashOpaqueId(v4)}`;
  const net = ipv6Groups(ip)
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":");
  return `oauth-reg:net:${hashOpaqueId(`${net}::/64`)}`;
}

/** Counts one registration from the address; throws OAUTH_REGISTRATION_RATE_LIMITED over the limit. */
export async function throttleRegistration(db: Kysely<DB>, ip: string, now: Date): Promise<void> {
  const { attempts, retryAfterS } = await countInWindow(db, registrationBucket(ip), now);
  if (attempts > REGISTRATIONS_PER_ADDRESS)
    throw new BatonError("OAUTH_REGISTRATION_RATE_LIMITED", {
      limit: REGISTRATIONS_PER_ADDRESS,
      window_minutes: REGISTRATION_WINDOW_MS / 60_000,
      retry_after_s: retryAfterS,
    });
}
