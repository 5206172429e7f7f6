// GETs on a connected mailbox's provider API (issue 67 item 6; read-provider-mailbox.ts), as the
// mailbox's owner: a token refreshed once after a 401, links followed only on the API's own origin,
// and the provider's refusals in its own words: come back later (ProviderThrottled, with when) or
// a failure (ProviderReadError), never a token or a body.
import { mailboxAccessToken, refreshRejectedMailboxToken, type TokenContext } from "../mailboxes/index.ts";

/** A provider's answer that says to come back later (429, Gmail's 403 rate limits, 503 with Retry-After). */
export class ProviderThrottled extends Error {
  constructor(
    message: string,
    readonly until: Date,
  ) {
    super(message);
  }
}

/** A provider's refusal, in its own words (status, error code, message); never a token or a body. */
export class ProviderReadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function retryAt(h: string | null, now: Date): Date {
  const secs = h && /^\d+$/.test(h.trim()) ? Number(h) : Number.NaN;
  if (Number.isFinite(secs)) return new Date(now.getTime() + Math.max(1, secs) * 1000);
  const at = h ? Date.parse(h) : Number.NaN;
  return Number.isFinite(at) && at > now.getTime() ? new Date(at) : new Date(now.getTime() + 60_000);
}

/** The provider's error code and message from its JSON error body (Google's and Graph's shapes). */
async function errorWords(res: Response): Promise<{ code: string; message: string }> {
  const text = await res.text().catch(() => "");
  try {
    const e = (JSON.parse(text) as { error?: unknown }).error as
      | { code?: unknown; status?: unknown; message?: unknown; errors?: { reason?: string }[] }
      | string
      | undefined;
    if (typeof e === "string") return { code: e, message: "" };
    const reason = e?.errors?.[0]?.reason;
    const code =
      reason ?? (typeof e?.code === "string" ? e.code : typeof e?.status === "string" ? e.status : "");
    return { code: String(code), message: typeof e?.message === "string" ? e.message.slice(0, 200) : "" };
  } catch {
    return { code: "", message: "" };
  }
}

/** GETs on the provider's API as the mailbox's owner: a token refreshed once after a 401. */
export class ProviderApi {
  private token: string | null = null;
  requests = 0;
  constructor(
    private readonly tokens: TokenContext,
    private readonly clientId: string,
    private readonly mailbox: string,
    private readonly clock: () => Date,
  ) {}

  get label() {
    return this.tokens.provider.name === "google" ? "Gmail API" : "Microsoft Graph";
  }

  /** The answer; 404 and 410 are the caller's to read, any other failure throws. */
  async get(url: string, accept = "application/json", extra: Record<string, string> = {}): Promise<Response> {
    const origin = new URL(this.tokens.provider.apiUrl).origin;
    if (new URL(url).origin !== origin)
      throw new ProviderReadError(`${this.label}: a link outside ${origin} was not followed`, 0);
    this.token ??= await mailboxAccessToken(this.tokens, this.clientId, this.mailbox, this.clock());
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      const res = await (this.tokens.fetch ?? fetch)(url, {
        headers: { authorization: `Bearer ${this.token}`, accept, ...extra },
      });
      if (res.status === 401 && attempt === 0) {
        await res.body?.cancel();
        this.token = await refreshRejectedMailboxToken(
          this.tokens,
          this.clientId,
          this.mailbox,
          this.token,
          this.clock(),
        );
        continue;
      }
      if (res.ok || res.status === 404 || res.status === 410) return res;
      const w = await errorWords(res);
      const said = `${this.label} ${res.status}${w.code ? ` ${w.code}` : ""}${w.message ? `: ${w.message}` : ""}`;
      const limited =
        res.status === 429 ||
        (res.status === 403 && /rateLimitExceeded|userRateLimitExceeded|MailboxConcurrency/i.test(w.code)) ||
        (res.status === 503 && res.headers.has("retry-after"));
      if (limited) throw new ProviderThrottled(said, retryAt(res.headers.get("retry-after"), this.clock()));
      throw new ProviderReadError(said, res.status);
    }
  }

  async json<T>(url: string, extra?: Record<string, string>): Promise<T> {
    const res = await this.get(url, "application/json", extra);
    if (!res.ok) {
      const w = await errorWords(res);
      throw new ProviderReadError(
        `${this.label} ${res.status}${w.code ? ` ${w.code}` : ""}${w.message ? `: ${w.message}` : ""}`,
        res.status,
      );
    }
    return (await res.json()) as T;
  }
}
