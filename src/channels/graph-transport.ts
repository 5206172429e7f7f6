// Sending from a person's Microsoft 365 mailbox through Microsoft Graph (issue 67 item 2):
// POST /me/sendMail with the whole message in MIME (Content-Type text/plain, base64; Graph "Send
// Outlook messages in MIME format"), so it keeps Baton's Message-ID, its thread headers and the
// unsubscribe headers (a JSON message may carry only x- headers), is saved to the owner's Sent
// Items, and Exchange Online signs it with the domain's DKIM key. Graph answers 202 with no id:
// the message is found by its internetMessageId when one is needed.
//
// Why Graph and not SMTP AUTH with XOAUTH2: SMTP AUTH client submission is off by default in
// Exchange Online tenants (and Basic auth for it is being retired, MC786329); Graph's Mail.Send is
// the delegated permission Microsoft recommends, and the same consent reads with Mail.Read.
//
// Errors (Graph throttling, Exchange Online limits): 401 → refresh once; 429 (ApplicationThrottled,
// MailboxConcurrency) or 503 with Retry-After → that mailbox pauses until then; a submission
// quota (ErrorSubmissionQuotaExceeded, the 10,000 recipients a day) → it pauses for a day; 400 and
// other 4xx → refused; 5xx without Retry-After or no answer → looked up by internetMessageId first.
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

export function graphTransport(ctx: ProviderContext): EmailTransport {
  const base = `${ctx.provider.apiUrl}/v1.0/me`;

  async function found(e: PreparedEmail, now: Date): Promise<boolean> {
    const filter = encodeURIComponent(`internetMessageId eq '${e.messageId.replace(/'/g, "''")}'`);
    const a = await callProvider(
      ctx,
      e.clientId,
      e.from,
      now,
      `${base}/messages?$filter=${filter}&$select=id&$top=1`,
      {
        method: "GET",
      },
    );
    if (a.kind === "unknown")
      throw new TransportFailure(`${a.why} while looking for ${e.messageId}`, { transient: true });
    if (!a.res.ok) {
      const err = await providerError(a.res);
      throw new TransportFailure(`Graph search answered ${a.res.status} ${err.code}`, { transient: true });
    }
    const body = (await a.res.json()) as { value?: unknown[] };
    return (body.value?.length ?? 0) > 0;
  }

  async function refusal(e: PreparedEmail, res: Response, now: Date): Promise<TransportFailure> {
    const err = await providerError(res);
    const why = `${res.status} ${err.code}${err.message ? `: ${err.message}` : ""}`;
    if (/SubmissionQuotaExceeded|QuotaExceeded/i.test(err.code))
      return pauseMailbox(
        ctx,
        e.clientId,
        e.from,
        new Date(now.getTime() + DAY_MS),
        `Exchange Online's sending limit (${why})`,
        now,
      );
    if (res.status === 429 || (res.status === 503 && res.headers.has("retry-after")))
      return pauseMailbox(
        ctx,
        e.clientId,
        e.from,
        retryAfter(res, now),
        `Microsoft Graph asked to slow down (${why})`,
        now,
      );
    return new TransportFailure(`Microsoft Graph refused the message: ${why}`, { transient: false });
  }

  async function deliver(e: PreparedEmail, now: Date, attempts = 1): Promise<string> {
    if (attempts > 1 && (await found(e, now))) return e.messageId;
    const mime = (await composeMime(e)).toString("base64");
    const a = await callProvider(ctx, e.clientId, e.from, now, `${base}/sendMail`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: mime,
    });
    if (a.kind === "answer" && a.res.status === 202) {
      await a.res.body?.cancel();
      return e.messageId;
    }
    if (a.kind === "answer" && (a.res.status < 500 || a.res.headers.has("retry-after")))
      throw await refusal(e, a.res, now);
    const why = a.kind === "unknown" ? a.why : `Microsoft Graph answered ${a.res.status}`;
    if (a.kind === "answer") await a.res.body?.cancel();
    if (await found(e, now)) return e.messageId;
    throw new TransportFailure(`${why}; ${e.messageId} is not in the mailbox, so it is sent again later`, {
      transient: true,
    });
  }

  return { name: "graph", defaultMailbox: "", deliver };
}
