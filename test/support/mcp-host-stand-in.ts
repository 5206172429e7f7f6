// A stand-in for an MCP host that signs in with a Client ID Metadata Document (issue 71 item 3), as
// hosted connectors do (Claude's publishes https://claude.ai/oauth/mcp-oauth-client-metadata, and
// sends that URL as its client_id): an https server of its own name, with a certificate of its own,
// serving its client metadata document and whatever forged documents a test sets. Its names are
// not in any DNS: the test's resolver (Config.oauthClientMetadataTestHosts, set in code, never from
// the environment) names them, and names others on private addresses to show they are refused.
import { createServer, type Server } from "node:https";
import { makeCertificate } from "./webhook-stand-in.ts";

export const HOST_NAME = "agent.host.test";

/** What one path of the stand-in answers. */
export interface Served {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** wait this long before the headers */
  delayMs?: number;
  /** send the body one byte every this many ms */
  trickleMs?: number;
}

export interface McpHostStandIn {
  /** https://agent.host.test:PORT */
  origin: string;
  port: number;
  /** path → answer; tests add their own */
  served: Map<string, Served>;
  /** how many times each path was fetched */
  fetches: Map<string, number>;
  /** the URL of the host's own client metadata document (its client_id) */
  clientId: string;
  /** the document the host publishes at clientId, for these redirect URIs */
  document(redirectUris: string[], over?: Record<string, unknown>): string;
  /** what Config.oauthClientMetadataTestHosts is set to */
  testHosts: {
    hosts: string[];
    ca: string;
    lookup: (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;
  };
  close(): Promise<void>;
}

/** Names the test's resolver knows: the stand-in on loopback, and forged ones on private addresses. */
const NAMES: Record<string, { address: string; family: 4 | 6 }[]> = {
  [HOST_NAME]: [{ address: "127.0.0.1", family: 4 }],
  "intranet.host.test": [{ address: "10.0.0.7", family: 4 }],
  "metadata.host.test": [{ address: "169.254.169.254", family: 4 }],
  "mapped.host.test": [{ address: "::ffff:192.168.1.1", family: 6 }],
  // one public answer and one private: the connection could pick either
  "mixed.host.test": [
    { address: "93.184.215.14", family: 4 },
    { address: "172.16.3.4", family: 4 },
  ],
};

export async function startMcpHostStandIn(): Promise<McpHostStandIn> {
  const { keyPem, certPem } = makeCertificate(HOST_NAME);
  const served = new Map<string, Served>();
  const fetches = new Map<string, number>();
  const server: Server = createServer({ key: keyPem, cert: certPem }, (req, res) => {
    const path = new URL(req.url ?? "/", "https://x").pathname;
    fetches.set(path, (fetches.get(path) ?? 0) + 1);
    const s = served.get(path);
    if (!s) {
      res.writeHead(404).end();
      return;
    }
    const send = () => {
      const body = Buffer.from(s.body ?? "");
      res.writeHead(s.status ?? 200, { "content-type": "application/json", ...s.headers });
      if (!s.trickleMs) {
        res.end(body);
        return;
      }
      let i = 0;
      const drip = setInterval(() => {
        if (res.destroyed || i >= body.length) {
          clearInterval(drip);
          res.end();
          return;
        }
        res.write(body.subarray(i, i + 1));
        i++;
      }, s.trickleMs);
    };
    if (s.delayMs) setTimeout(send, s.delayMs);
    else send();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const origin = `https://${HOST_NAME}:${port}`;
  const clientId = `${origin}/oauth/mcp-client-metadata`;
  return {
    origin,
    port,
    served,
    fetches,
    clientId,
    document: (redirectUris, over = {}) =>
      JSON.stringify({
        client_id: clientId,
        client_name: "Hosted agent (stand-in)",
        client_uri: origin,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
        ...over,
      }),
    testHosts: {
      hosts: [`${HOST_NAME}:${port}`],
      ca: certPem,
      lookup: async (hostname) => {
        const found = NAMES[hostname];
        if (!found)
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
        return found;
      },
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
