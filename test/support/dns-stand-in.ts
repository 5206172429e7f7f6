// A local DNS server for the deliverability checks' tests (issue 41 item 3): answers TXT questions
// from a zone held in memory, over UDP and TCP (RFC 1035 4.2), NXDOMAIN for names it does not hold,
// and never answers names listed as `silent` (so a resolver times out). Small on purpose: one
// question per message, TXT only, no compression beyond the pointer to the question's name.
import dgram from "node:dgram";
import { promises as dnsPromises } from "node:dns";
import net from "node:net";
import type { TxtResolver } from "../../src/channels/sending-domain-checks.ts";

const TXT = 16;

export interface DnsStandIn {
  port: number;
  /** name (lower case, no trailing dot) → its TXT records (each a string; long ones are split in 255-byte chunks) */
  zone: Map<string, string[]>;
  /** names the server never answers */
  silent: Set<string>;
  /** Queries answered over TCP so far (after a truncated UDP answer). */
  tcpQueries: number;
  /** A resolver that asks only this server. */
  resolver(timeoutMs?: number): TxtResolver;
  close(): Promise<void>;
}

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (msg[i] !== 0) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString("latin1"));
    i += 1 + len;
  }
  return { name: labels.join(".").toLowerCase(), end: i + 1 };
}

function txtRdata(record: string): Buffer {
  const bytes = Buffer.from(record, "utf8");
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
    if (bytes.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** The answer to one query, or null to stay silent. `limit`: the largest answer the transport may carry. */
function answer(
  query: Buffer,
  zone: Map<string, string[]>,
  silent: Set<string>,
  limit: number,
): Buffer | null {
  const id = query.readUInt16BE(0);
  const rd = query.readUInt16BE(2) & 0x0100;
  const q = readName(query, 12);
  const qtype = query.readUInt16BE(q.end);
  if (silent.has(q.name)) return null;
  const question = query.subarray(12, q.end + 4);
  const records = zone.get(q.name);
  const rcode = records === undefined ? 3 : 0;
  const answers = (qtype === TXT ? (records ?? []) : []).map((r) => {
    const rdata = txtRdata(r);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // the question's name
    rr.writeUInt16BE(TXT, 2);
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  let body: Buffer = Buffer.concat([question, ...answers]);
  let flags = 0x8000 | rd | 0x0080 | rcode; // QR, RD echoed, RA
  let ancount = answers.length;
  if (12 + body.length > limit) {
    flags |= 0x0200; // TC: ask again over TCP
    body = question;
    ancount = 0;
  }
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(ancount, 6);
  return Buffer.concat([header, body]);
}

export async function startDnsStandIn(zone: Record<string, string[]> = {}): Promise<DnsStandIn> {
  const z = new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase(), v]));
  const silent = new Set<string>();
  const tcp = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    socket.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        out.tcpQueries++;
        const a = answer(msg, z, silent, 65_535);
        if (!a) continue;
        const len = Buffer.alloc(2);
        len.writeUInt16BE(a.length);
        socket.write(Buffer.concat([len, a]));
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
  const port = (tcp.address() as net.AddressInfo).port;
  const udp = dgram.createSocket("udp4");
  udp.on("message", (msg, rinfo) => {
    // EDNS0 (an OPT record among the additional ones) lets an answer be larger than 512 bytes
    const limit = msg.readUInt16BE(10) > 0 ? 1232 : 512;
    const a = answer(msg, z, silent, limit);
    if (a) udp.send(a, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => udp.bind(port, "127.0.0.1", resolve));
  const out: DnsStandIn = {
    port,
    zone: z,
    silent,
    tcpQueries: 0,
    resolver(timeoutMs = 500) {
      const r = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
      r.setServers([`127.0.0.1:${port}`]);
      return { resolveTxt: (name) => r.resolveTxt(name) };
    },
    async close() {
      udp.close();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
  return out;
}
