// The typed Baton client (issue 6): openapi-fetch over the generated `paths` of the OpenAPI
// document, with the bearer token and retry-safe writes. Every write carries an Idempotency-Key
// (the caller's, or a fresh one per call), and a retry after 429 / 503 / a lost connection reuses
// the same key, so it returns the first result instead of writing twice.
import { randomUUID } from "node:crypto";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema.ts";

export type { paths } from "./schema.ts";

export type BatonClient = Client<paths>;

export interface BatonClientOptions {
  baseUrl: string;
  token: string;
  /** Attempts for one call, including the first (default 3). */
  attempts?: number;
  /** Longest wait between attempts in ms (default 30 000); Retry-After is honored up to this. */
  maxDelayMs?: number;
  fetch?: (input: Request) => Promise<Response>;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// 409 only for IDEMPOTENCY_REQUEST_IN_PROGRESS: the first attempt is still running
const RETRYABLE = new Set([429, 503]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds of a Retry-After header, or undefined. */
function retryAfterMs(r: Response): number | undefined {
  const v = r.headers.get("retry-after");
  if (!v) return undefined;
  const s = Number(v);
  return Number.isFinite(s) ? s * 1000 : undefined;
}

async function inProgress(r: Response): Promise<boolean> {
  if (r.status !== 409) return false;
  const body = (await r
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code === "IDEMPOTENCY_REQUEST_IN_PROGRESS";
}

/** A fetch that adds the token and Idempotency-Key and retries safely. */
export function retryingFetch(opts: BatonClientOptions): (input: Request) => Promise<Response> {
  const base = opts.fetch ?? ((r: Request) => globalThis.fetch(r));
  const attempts = Math.max(1, opts.attempts ?? 3);
  const maxDelay = opts.maxDelayMs ?? 30_000;
  return async (input) => {
    const request = input.clone();
    request.headers.set("authorization", `Bearer ${opts.token}`);
    const write = WRITES.has(request.method.toUpperCase());
    if (write && !request.headers.has("idempotency-key"))
      request.headers.set("idempotency-key", randomUUID());
    // reads are safe to retry; writes only with their key
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts;
      let response: Response;
      try {
        response = await base(last ? request : request.clone());
      } catch (e) {
        if (last) throw e;
        await sleep(Math.min(maxDelay, 200 * 2 ** attempt));
        continue;
      }
      if (last || !(RETRYABLE.has(response.status) || (await inProgress(response)))) return response;
      await sleep(Math.min(maxDelay, retryAfterMs(response) ?? 200 * 2 ** attempt));
    }
  };
}

export function createBatonClient(opts: BatonClientOptions): BatonClient {
  return createClient<paths>({ baseUrl: opts.baseUrl.replace(/\/$/, ""), fetch: retryingFetch(opts) });
}
