// Which addresses a webhook may reach (issue 36 item 8, docs/operations.md "Webhook address
// policy"): only public unicast. An address in a special-purpose range (IANA's IPv4 and IPv6
// special-purpose registries: private, loopback, link-local, shared/CGNAT, multicast, unspecified,
// documentation, benchmarking, reserved) is named by its range so a refusal can say why. IPv6 forms
// that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are
// judged by the IPv4 address inside. Pure: no DNS here, see notifications/resolve-webhook-target.ts and
// auth/mcp-oauth/client-metadata-fetch.ts, its two callers.
import net from "node:net";

export interface AddressClass {
  /** the range's name and prefix, e.g. "private (10.0.0.0/8)" */
  range: string;
  /** loopback, the one range BATON_WEBHOOK_ALLOW_LOOPBACK=true lets through */
  loopback: boolean;
}

type V4Rule = readonly [prefix: string, bits: number, name: string];

const V4_RULES: readonly V4Rule[] = [
  ["0.0.0.0", 8, "unspecified (this network)"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared address space (CGNAT)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation (TEST-NET-1)"],
  ["192.31.196.0", 24, "AS112"],
  ["192.52.193.0", 24, "AMT"],
  ["192.88.99.0", 24, "reserved (6to4 relay anycast)"],
  ["192.168.0.0", 16, "private"],
  ["192.175.48.0", 24, "AS112"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation (TEST-NET-2)"],
  ["203.0.113.0", 24, "documentation (TEST-NET-3)"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved (including broadcast)"],
];

type V6Rule = readonly [prefix: string, bits: number, name: string];

// Judged after the forms that embed IPv4; everything outside 2000::/3 that no rule names is
// "reserved" (IANA has allocated only 2000::/3 for global unicast).
const V6_RULES: readonly V6Rule[] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["64:ff9b:1::", 48, "NAT64 local-use"],
  ["100::", 64, "discard-only"],
  ["2001::", 23, "IETF protocol assignments (Teredo, benchmarking, ORCHID)"],
  ["2001:db8::", 32, "documentation"],
  ["3fff::", 20, "documentation"],
  ["fc00::", 7, "unique-local"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local (deprecated)"],
  ["ff00::", 8, "multicast"],
];

/** The 4 bytes of a dotted-quad IPv4 address, or null. */
export function parseIPv4(s: string): number[] | null {
  if (!net.isIPv4(s)) return null;
  return s.split(".").map(Number);
}

/** The 16 bytes of an IPv6 address (brackets and a zone id allowed), or null. */
export function parseIPv6(s: string): number[] | null {
  let str = s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1) : s;
  const zone = str.indexOf("%");
  if (zone >= 0) str = str.slice(0, zone);
  if (!net.isIPv6(str)) return null;
  const lastColon = str.lastIndexOf(":");
  const tail = str.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIPv4(tail);
    if (!v4) return null;
    str = `${str.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const [head, rest] = str.includes("::") ? str.split("::") : [str, undefined];
  const headGroups = head ? head.split(":") : [];
  const restGroups = rest ? rest.split(":") : [];
  const fill = 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array(rest === undefined ? 0 : fill).fill("0"), ...restGroups];
  if (groups.length !== 8) return null;
  return groups.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function inPrefix(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if ((bytes[byte] & mask) !== (prefix[byte] & mask)) return false;
  }
  return true;
}

const v4Rules = V4_RULES.map(([p, bits, name]) => ({
  bytes: parseIPv4(p) as number[],
  bits,
  range: `${name} (${p}/${bits})`,
  loopback: name === "loopback",
}));
const v6Rules = V6_RULES.map(([p, bits, name]) => ({
  bytes: parseIPv6(p) as number[],
  bits,
  range: `${name} (${p}/${bits})`,
  loopback: name === "loopback",
}));

function classifyV4Bytes(b: readonly number[]): AddressClass | null {
  // the most specific rule wins (192.0.0.0/24 sits inside nothing else here, but keep it honest)
  let best: (typeof v4Rules)[number] | null = null;
  for (const r of v4Rules) if (inPrefix(b, r.bytes, r.bits) && (!best || r.bits > best.bits)) best = r;
  return best ? { range: best.range, loopback: best.loopback } : null;
}

function embedded(
  b: readonly number[],
  prefix: string,
  bits: number,
  at: number,
  form: string,
): AddressClass | null | undefined {
  if (!inPrefix(b, parseIPv6(prefix) as number[], bits)) return undefined;
  const v4 = b.slice(at, at + 4);
  const inner = classifyV4Bytes(v4);
  if (!inner) return null;
  return { range: `${form} ${prefix}/${bits} of ${v4.join(".")}, ${inner.range}`, loopback: inner.loopback };
}

function classifyV6Bytes(b: readonly number[]): AddressClass | null {
  // forms that carry an IPv4 address are judged by it
  for (const [prefix, bits, at, form] of [
    ["::ffff:0:0", 96, 12, "IPv4-mapped"],
    ["64:ff9b::", 96, 12, "NAT64"],
    ["2002::", 16, 2, "6to4"],
  ] as const) {
    const c = embedded(b, prefix, bits, at, form);
    if (c !== undefined) return c;
  }
  let best: (typeof v6Rules)[number] | null = null;
  for (const r of v6Rules) if (inPrefix(b, r.bytes, r.bits) && (!best || r.bits > best.bits)) best = r;
  if (best) return { range: best.range, loopback: best.loopback };
  if ((b[0] & 0xe0) !== 0x20) return { range: "reserved (outside global unicast 2000::/3)", loopback: false };
  return null;
}

/**
 * The special-purpose range an IP address falls in, or null for a public unicast address a
 * webhook may reach. Throws on a string that is not an IP address.
 */
export function classifyAddress(address: string): AddressClass | null {
  const v4 = parseIPv4(address);
  if (v4) return classifyV4Bytes(v4);
  const v6 = parseIPv6(address);
  if (v6) return classifyV6Bytes(v6);
  throw new Error(`not an IP address: ${address}`);
}
