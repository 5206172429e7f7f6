// One call to a mailbox provider's API (the Gmail API, Microsoft Graph) on behalf of a connected
// mailbox (issue 67 item 3), with the rules every provider shares:
// - the mailbox's access token (src/mailboxes/mailbox-tokens.ts); a mailbox that waits for its
//   owner's consent sends nothing: its sends are deferred with that reason;
// - 401 refreshes the token once and repeats the call once;
// - 429 (and the provider's own quota answers, mapped by the transport) pause THAT mailbox until
//   Retry-After or the quota's reset, never the others: the pause is on its row (an event), and
//   the message is deferred until then;
// - no answer (a reset socket, a timeout) or a 5xx is an unknown outcome: the provider may have
//   sent it. The transport then looks the message up in the mailbox by its Message-ID before
//   anything is retried (at most once across the provider's API).
// Tokens and bodies never go into an error or a log line.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { MailboxOAuthProvider } from "../mailboxes/index.ts";
import {
  mailboxAccessToken,
  refreshRejectedMailboxToken,
  setMailboxStatus,
  type TokenContext,
} from "../mailboxes/index.ts";
import { TransportFailure } from "./transport-failure.ts";

/** How long a mailbox waiting for consent defers its sends before they are looked at again. */
export const CONSENT_RECHECK_MS = 15 * 60_000;
/** A 429 without Retry-After pauses the mailbox this long. */
const DEFAULT_RETRY_MS = 60_000;
const TIMEOUT_MS = 30_000;

export interface ProviderContext {
  db: Kysely<DB>;
  secret: string;
  provider: MailboxOAuthProvider;
  fetch: typeof fetch;
}

export type ApiAnswer = { kind: "answer"; res: Response } | { kind: "unknown"; why: string };

const tokensOf = (ctx: ProviderContext): TokenContext => ({
  db: ctx.db,
  secret: ctx.secret,
  provider: ctx.provider,
  fetch: ctx.fetch,
});

function needsConsent(mailbox: string, now: Date): TransportFailure {
  return new TransportFailure(
    `MAILBOX_NEEDS_CONSENT: mailbox ${mailbox} needs its owner's consent again; the send waits until they reconnect it on My mailbox`,
    { transient: true, retryAt: new Date(now.getTime() + CONSENT_RECHECK_MS) },
  );
}

async function token(ctx: ProviderContext, clientId: string, mailbox: string, now: Date, rejected?: string) {
  try {
    return rejected === undefined
      ? await mailboxAccessToken(tokensOf(ctx), clientId, mailbox, now)
      : await refreshRejectedMailboxToken(tokensOf(ctx), clientId, mailbox, rejected, now);
  } catch (e) {
    if (e instanceof BatonError && e.code === "MAILBOX_NEEDS_CONSENT") throw needsConsent(mailbox, now);
    if (e instanceof BatonError) throw new TransportFailure(e.message, { transient: true });
    throw e;
  }
}

/**
 * The call with the mailbox's token; 401 refreshes once and repeats it. No answer at all is
 * `unknown` (the caller decides whether the provider may have acted).
 */
export async function callProvider(
  ctx: ProviderContext,
  clientId: string,
  mailbox: string,
  now: Date,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
): Promise<ApiAnswer> {
  let access = await token(ctx, clientId, mailbox, now);
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await ctx.fetch(url, {
        method: init.method,
        headers: { ...init.headers, authorization: `Bearer ${access}` },
        body: init.body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      const why = (e as { cause?: { code?: string } })?.cause?.code ?? (e as Error)?.name ?? "no answer";
      return { kind: "unknown", why: `${ctx.provider.label} did not answer (${why})` };
    }
    if (res.status === 401 && attempt === 0) {
      await res.body?.cancel();
      access = await token(ctx, clientId, mailbox, now, access);
      continue;
    }
    return { kind: "answer", res };
  }
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3); the default when absent. */
export function retryAfter(res: Response, now: Date, fallbackMs = DEFAULT_RETRY_MS): Date {
  const h = res.headers.get("retry-after");
  if (h) {
    const s = Number(h);
    if (Number.isFinite(s) && s >= 0) return new Date(now.getTime() + Math.max(1, s) * 1000);
    const d = Date.parse(h);
    if (Number.isFinite(d) && d > now.getTime()) return new Date(d);
  }
  return new Date(now.getTime() + fallbackMs);
}

/**
 * Pauses the one mailbox until `until` (its row and an event) and answers the deferral the ledger
 * gives the message.
 */
export async function pauseMailbox(
  ctx: ProviderContext,
  clientId: string,
  mailbox: string,
  until: Date,
  reason: string,
  now: Date,
): Promise<TransportFailure> {
  await setMailboxStatus(ctx.db, clientId, mailbox, "paused", reason, now, { pausedUntil: until });
  return new TransportFailure(`mailbox ${mailbox} paused until ${until.toISOString()}: ${reason}`, {
    transient: true,
    retryAt: until,
  });
}

/** The provider's error code and message from its JSON error body (Google's and Graph's shapes). */
export async function providerError(
  res: Response,
): Promise<{ code: string; message: string; reason: string }> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  const err = (body as { error?: unknown })?.error;
  if (err && typeof err === "object") {
    const e = err as {
      code?: unknown;
      status?: unknown;
      message?: unknown;
      errors?: Array<{ reason?: unknown }>;
    };
    const reason = typeof e.errors?.[0]?.reason === "string" ? (e.errors[0].reason as string) : "";
    const code =
      typeof e.code === "string" ? e.code : typeof e.status === "string" ? e.status : String(res.status);
    const message = typeof e.message === "string" ? e.message.slice(0, 200) : "";
    return { code, message, reason };
  }
  return { code: String(res.status), message: "", reason: "" };
}
