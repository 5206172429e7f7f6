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

const TOKEN_KEY = "baton.token";

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}
export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
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
  opts: { body?: unknown; query?: Query; token?: string | null } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = opts.token === undefined ? getToken() : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path + qs(opts.query), {
      method,
      headers,
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
  if (!res.ok) {
    const err = (data as any)?.error;
    throw new ApiError(
      res.status,
      err && typeof err.code === "string"
        ? err
        : { code: `HTTP_${res.status}`, message: `The server answered ${res.status}.` },
    );
  }
  return data as T;
}

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

/** A page of items, whatever the endpoint calls its cursor. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
  total?: number;
}
