// One webhook POST to the address resolve-webhook-target.ts checked (issue 36 item 8): the
// connection's lookup answers with that address only, so no second DNS answer is ever used, while
// the Host header and the TLS server name (SNI, and the certificate's check) stay the URL's host
// name. Redirects are not followed: node's http client never follows them, and the drainer counts a
// 3xx as a failed delivery. A fresh connection each time (no pooled socket from another answer).
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { WebhookTarget } from "./resolve-webhook-target.ts";

export interface WebhookPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Sends one POST and answers the receiver's status code; throws on a network failure or timeout. */
export type PostWebhook = (target: WebhookTarget, post: WebhookPost) => Promise<number>;

function pinnedLookup(target: WebhookTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
}

export const postWebhook: PostWebhook = (target, post) =>
  new Promise<number>((resolve, reject) => {
    const u = target.url;
    const client = u.protocol === "https:" ? https : http;
    const req = client.request(
      {
        method: "POST",
        hostname: target.hostname,
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        headers: { ...post.headers, "content-length": String(Buffer.byteLength(post.body)) },
        lookup: pinnedLookup(target),
        agent: false,
        signal: AbortSignal.timeout(post.timeoutMs),
      },
      (res) => {
        // the receiver's body is read and dropped: nothing of it is kept or logged
        res.on("error", reject);
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on("error", reject);
    req.end(post.body);
  });
