// How Baton's authorization server fetches what a client's metadata names (issue 71 item 3): a
// Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document; the MCP authorization
// specification's preferred registration since 2025-11-25) is fetched from the https URL a client
// gives as its client_id, by anyone who opens an authorization URL. So the fetch may reach the
// public internet only:
//   - https only; no credentials in the URL;
//   - the host is resolved once, and every address it has must be public unicast (classify-address.ts:
//     no private, loopback, link-local, cloud metadata 169.254.169.254, CGNAT, unique-local, or
//     IPv4 carried in IPv6 of those); one private answer among public ones refuses it;
//   - the connection goes to the address checked, and to nothing else (no second DNS answer: DNS
//     rebinding); the TLS name and its certificate check stay the URL's host;
//   - no redirect is followed (a 3xx is the document's failure, never a hop elsewhere);
//   - the whole answer within MAX_DOCUMENT_BYTES and TIMEOUT_MS, or nothing.
// oidc-provider calls this as its `fetch` (provider.ts) and then checks the document itself: status
// 200, a JSON object whose client_id is exactly its URL, no shared secret, its Cache-Control kept
// within bounds. Tests name their stand-in hosts in code (Config.oauthClientMetadataTestHosts), never
// through the environment. Messages say why, never an address.
import dns from "node:dns";
import https from "node:https";
import net, { type LookupFunction } from "node:net";
import type { OAuthClientMetadataTestHosts } from "../../config/config.ts";
import { classifyAddress } from "../../network/index.ts";

/** The draft's suggested limit (5 kilobytes): a client's metadata is a few hundred bytes. */
export const MAX_DOCUMENT_BYTES = 5 * 1024;
/** The whole fetch: connection, TLS, headers and body. */
export const TIMEOUT_MS = 2_500;

interface Resolved {
  address: string;
  family: 4 | 6;
}

/** Why the document was not fetched, in words safe to show the person who opened the link. */
export class ClientMetadataFetchRefused extends Error {}

async function systemLookup(hostname: string): Promise<Resolved[]> {
  const all = await dns.promises.lookup(hostname, { all: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** The one address the fetch connects to, after every address of the host was judged. */
export async function checkedAddress(u: URL, testHosts?: OAuthClientMetadataTestHosts): Promise<Resolved> {
  if (u.protocol !== "https:") throw new ClientMetadataFetchRefused("the URL must be https");
  if (u.username || u.password) throw new ClientMetadataFetchRefused("the URL must not carry credentials");
  const hostname = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  let addresses: Resolved[];
  if (net.isIP(hostname)) {
    addresses = [{ address: hostname, family: net.isIPv6(hostname) ? 6 : 4 }];
  } else {
    try {
      addresses = await (testHosts?.lookup ?? systemLookup)(hostname);
    } catch {
      throw new ClientMetadataFetchRefused(`its host ${hostname} does not resolve`);
    }
    if (addresses.length === 0) throw new ClientMetadataFetchRefused(`its host ${hostname} does not resolve`);
  }
  const standIn = testHosts?.hosts.includes(u.host) ?? false;
  for (const a of addresses) {
    const c = classifyAddress(a.address);
    if (c && !(c.loopback && standIn)) {
      // the range, never the address (an IPv4 address carried in IPv6 is judged, and named, by its range)
      const range = c.range.includes(", ") ? c.range.slice(c.range.lastIndexOf(", ") + 2) : c.range;
      throw new ClientMetadataFetchRefused(
        `its host ${hostname} resolves to an address in a ${range} range, which Baton never fetches from`,
      );
    }
  }
  return addresses[0];
}

function pinnedLookup(to: Resolved): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: Resolved[]) => void)(null, [to]);
    } else {
      callback(null, to.address, to.family);
    }
  };
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
  }
  return h;
}

/** GETs the URL from the checked address; the answer whole, within the limits, as a fetch Response. */
function getPinned(
  u: URL,
  to: Resolved,
  testHosts: OAuthClientMetadataTestHosts | undefined,
  outer: AbortSignal | undefined,
): Promise<Response> {
  const signal = outer
    ? AbortSignal.any([outer, AbortSignal.timeout(TIMEOUT_MS)])
    : AbortSignal.timeout(TIMEOUT_MS);
  const standIn = testHosts?.hosts.includes(u.host) ?? false;
  return new Promise<Response>((resolveOnce, rejectOnce) => {
    const settled = () => signal.removeEventListener("abort", onAbort);
    const resolve = (r: Response) => {
      settled();
      resolveOnce(r);
    };
    const reject = (e: Error) => {
      settled();
      rejectOnce(e);
    };
    const tooLarge = () => new ClientMetadataFetchRefused(`it is larger than ${MAX_DOCUMENT_BYTES} bytes`);
    const req = https.request(
      {
        method: "GET",
        hostname: u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname,
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        headers: { accept: "application/json", "user-agent": "Baton" },
        lookup: pinnedLookup(to),
        agent: false,
        ...(standIn && testHosts ? { ca: testHosts.ca } : {}),
      },
      (res) => {
        const declared = Number(res.headers["content-length"] ?? 0);
        if (declared > MAX_DOCUMENT_BYTES) {
          req.destroy();
          reject(tooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_DOCUMENT_BYTES) {
            req.destroy();
            reject(tooLarge());
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", () => reject(new ClientMetadataFetchRefused("its answer broke off")));
        res.on("end", () =>
          resolve(
            new Response(res.statusCode === 204 || res.statusCode === 304 ? null : Buffer.concat(chunks), {
              status: res.statusCode ?? 502,
              headers: headersOf(res.headers),
            }),
          ),
        );
      },
    );
    // the whole answer within the time, headers and body alike (a server that trickles is cut off)
    function onAbort() {
      reject(new ClientMetadataFetchRefused(`it did not arrive within ${TIMEOUT_MS / 1000} s`));
      req.destroy();
    }
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("error", (e) =>
      reject(
        new ClientMetadataFetchRefused(
          `it could not be fetched (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        ),
      ),
    );
    req.end();
  });
}

/**
 * oidc-provider's `fetch` (provider.ts): a GET of a public https URL, pinned to its checked address,
 * with no redirect followed. Throws ClientMetadataFetchRefused, which the provider reports as the
 * client's failure (invalid_client).
 */
export function clientMetadataFetch(testHosts: () => OAuthClientMetadataTestHosts | undefined) {
  // a URL refused a moment ago is refused again without a fetch: the provider asks twice in one
  // failing authorization, and whoever opens such links should not make Baton wait on them again
  const refused = new Map<string, { until: number; error: ClientMetadataFetchRefused }>();
  return async (url: string | URL, options: FetchOptions = {}): Promise<Response> => {
    const key = String(url);
    const known = refused.get(key);
    if (known && known.until > Date.now()) throw known.error;
    try {
      return await fetchOnce(key, options, testHosts());
    } catch (e) {
      if (e instanceof ClientMetadataFetchRefused) {
        if (refused.size >= REFUSED_KEPT) refused.delete(refused.keys().next().value as string);
        refused.set(key, { until: Date.now() + REFUSED_FOR_MS, error: e });
      }
      throw e;
    }
  };
}

interface FetchOptions {
  method?: string;
  signal?: AbortSignal;
}

/** How long, and how many, refused URLs are remembered. */
const REFUSED_FOR_MS = 60_000;
const REFUSED_KEPT = 500;

async function fetchOnce(
  url: string,
  options: FetchOptions,
  hosts: OAuthClientMetadataTestHosts | undefined,
): Promise<Response> {
  if ((options.method ?? "GET").toUpperCase() !== "GET")
    throw new ClientMetadataFetchRefused("only GET is fetched");
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ClientMetadataFetchRefused("it is not a URL");
  }
  const to = await checkedAddress(u, hosts);
  return getPinned(u, to, hosts, options.signal);
}
