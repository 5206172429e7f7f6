// Sending from a person's Google Workspace mailbox through the Gmail API (issue 67 item 2):
// users.messages.send with the whole message as `raw` (base64url RFC 5322, composed as the relay
// would, compose-mime.ts), so it keeps Baton's Message-ID, the thread headers and the unsubscribe
// headers, lands in the owner's Sent folder, and Google signs it with the domain's own DKIM key.
// A follow-up names the Gmail thread of the message it answers (`threadId`, found by that
// message's Message-ID), as Gmail's threading asks.
//
// Why the API and not SMTP with XOAUTH2: smtp.gmail.com with XOAUTH2 needs the restricted scope
// https://mail.google.com/ (full access to the mailbox); the API sends with gmail.send, reads with
// gmail.readonly, and answers a send with the message's id, and its search finds a message by
// Message-ID (rfc822msgid:) after a lost answer.
//
// Errors (Gmail API "Resolve errors", "Usage limits"): 401 → refresh once; 429 rateLimitExceeded /
// userRateLimitExceeded and 403 with those reasons → the mailbox pauses until Retry-After (a
// minute without it); 403 dailyLimitExceeded or a sending-limit message → it pauses for the rolling
// day Google counts; 400 → the message is refused, permanently; 5xx or no answer → looked up by its
// Message-ID before anything is retried.
import { composeMime } from "./compose-mime.ts";
import type { EmailTransport } from "./email-transport.ts";
import type { PreparedEmail } from "./ledger-types.ts";
import {
  callProvider,
  type ProviderContext,
  pauseMailbox,
  providerError,
  retryAfter,
} from "./provider-api.ts";
import { TransportFailure } from "./transport-failure.ts";

const DAY_MS = 24 * 3_600_000;

const bare = (mid: string) => mid.replace(/^<|>$/g, "");

export function gmailTransport(ctx: ProviderContext): EmailTransport {
  const base = `${ctx.provider.apiUrl}/gmail/v1/users/me`;

  /** The message of this Message-ID in the mailbox, or null; throws when the search itself fails. */
  async function find(
    e: PreparedEmail,
    mid: string,
    now: Date,
  ): Promise<{ id: string; threadId: string } | null> {
    const q = encodeURIComponent(`rfc822msgid:${bare(mid)}`);
    const a = await callProvider(ctx, e.clientId, e.from, now, `${base}/messages?q=${q}&maxResults=1`, {
      method: "GET",
    });
    if (a.kind === "unknown")
      throw new TransportFailure(`${a.why} while looking for ${mid}`, { transient: true });
    if (!a.res.ok) {
      const err = await providerError(a.res);
      throw new TransportFailure(`Gmail search answered ${a.res.status} ${err.code}`, { transient: true });
    }
    const body = (await a.res.json()) as { messages?: Array<{ id: string; threadId: string }> };
    return body.messages?.[0] ?? null;
  }

  async function refusal(e: PreparedEmail, res: Response, now: Date): Promise<TransportFailure> {
    const err = await providerError(res);
    const why = `${res.status} ${err.reason || err.code}${err.message ? `: ${err.message}` : ""}`;
    const limit = /dailyLimitExceeded|sending limit/i.test(`${err.reason} ${err.message}`);
    const rate = res.status === 429 || /rateLimitExceeded|userRateLimitExceeded/.test(err.reason);
    if (limit)
      return pauseMailbox(
        ctx,
        e.clientId,
        e.from,
        new Date(now.getTime() + DAY_MS),
        `Gmail's daily sending limit (${why})`,
        now,
      );
    if (rate)
      return pauseMailbox(
        ctx,
        e.clientId,
        e.from,
        retryAfter(res, now),
        `Gmail asked to slow down (${why})`,
        now,
      );
    if (res.status >= 500) return new TransportFailure(`Gmail answered ${why}`, { transient: true });
    return new TransportFailure(`Gmail refused the message: ${why}`, { transient: false });
  }

  async function deliver(e: PreparedEmail, now: Date, attempts = 1): Promise<string> {
    // a retry after an unknown outcome: the message may be in the mailbox already
    if (attempts > 1 && (await find(e, e.messageId, now))) return e.messageId;
    const thread = e.inReplyTo ? await find(e, e.inReplyTo, now).catch(() => null) : null;
    const raw = (await composeMime(e)).toString("base64url");
    const send = (threadId?: string) =>
      callProvider(ctx, e.clientId, e.from, now, `${base}/messages/send`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(threadId ? { raw, threadId } : { raw }),
      });
    let a = await send(thread?.threadId);
    // the thread is gone (deleted by its owner): the message starts its own, headers kept
    if (a.kind === "answer" && a.res.status === 404 && thread) {
      await a.res.body?.cancel();
      a = await send();
    }
    if (a.kind === "answer" && a.res.ok) {
      await a.res.body?.cancel();
      return e.messageId;
    }
    if (a.kind === "answer" && a.res.status < 500) throw await refusal(e, a.res, now);
    const why = a.kind === "unknown" ? a.why : `Gmail answered ${a.res.status}`;
    if (a.kind === "answer") await a.res.body?.cancel();
    // unknown outcome: look before anything is retried
    if (await find(e, e.messageId, now)) return e.messageId;
    throw new TransportFailure(`${why}; ${e.messageId} is not in the mailbox, so it is sent again later`, {
      transient: true,
    });
  }

  return { name: "gmail", defaultMailbox: "", deliver };
}
