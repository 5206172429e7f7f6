// The workspace talks to the same HTTP API agents use. Every refusal carries a stable code, a
// message and a next action (ErrorResponse); ApiError keeps them so pages can show all three.
export interface ApiErrorBody {
  code: string;
  message: string;
  next_action?: string;
  rule?: string;
  facts?: Record<string, unknown>;
  status?: number;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly nextAction: string | undefined;
  readonly facts: Record<string, unknown>;
  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.code = body.code;
    this.status = status;
    this.nextAction = body.next_action;
    this.facts = body.facts ?? {};
  }
}

// Cookie sessions (docs/auth.md): the browser holds an httpOnly session cookie the page cannot
// read, and no token in any storage. Writes carry the session's CSRF token (GET /auth/session).
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function qs(query: Query | undefined): string {
  if (!query) return "";
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

export async function api<T = any>(
  method: string,
  path: string,
  opts: { body?: unknown; query?: Query } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path + qs(opts.query), {
      method,
      headers,
      credentials: "same-origin",
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, {
      code: "NETWORK",
      message: "The Baton server could not be reached.",
      next_action: "Check that the server is running, then try again.",
    });
  }
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;
  // a write may have cleared an item of a queue: the navigation's counts are read again. A refusal
  // too: a task the coordinator held (REP_TASK_HELD) leaves the queue of tasks due now all the same.
  if (method !== "GET" && res.status !== 401 && typeof window !== "undefined")
    window.dispatchEvent(new Event(API_WROTE));
  if (!res.ok) {
    const err = (data as any)?.error;
    // the session ended (signed out elsewhere, expired, revoked): back to the sign-in page
    if (res.status === 401 && path !== "/auth/session")
      window.dispatchEvent(new Event("baton:session-ended"));
    throw new ApiError(
      res.status,
      err && typeof err.code === "string"
        ? err
        : { code: `HTTP_${res.status}`, message: `The server answered ${res.status}.` },
    );
  }
  return data as T;
}

/** Dispatched after each write the API answered (web/src/queues.tsx counts the queues again). */
export const API_WROTE = "baton:api-wrote";

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const get = <T = any>(path: string, query?: Query) => api<T>("GET", path, { query });
export const post = <T = any>(path: string, body?: unknown) => api<T>("POST", path, { body: body ?? {} });
export const patch = <T = any>(path: string, body?: unknown) => api<T>("PATCH", path, { body: body ?? {} });
export const put = <T = any>(path: string, body?: unknown) => api<T>("PUT", path, { body: body ?? {} });
export const del = <T = any>(path: string) => api<T>("DELETE", path);

/** A page of items, whatever the endpoint calls its cursor. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
  total?: number;
}
