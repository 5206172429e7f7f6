// Bounces and SMTP failures mark the item failed; only transient ones are retried (spec 002
// "Channels"). RFC 5321: 4yz replies are transient negative completions, 5yz are permanent.
// Connection-level errors (refused, reset, timeout, DNS) are transient: the server never
// accepted the message. Pure, so it is tested without a server.

export interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const TRANSIENT_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "ECONNREFUSED",
  "ECONNRESET",
  "EDNS",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EPROTOCOL",
]);

export interface SmtpFailure {
  transient: boolean;
  error: string;
}

export function classifySmtpError(e: unknown): SmtpFailure {
  const err = (e ?? {}) as SmtpErrorLike;
  const text = (err.response || err.message || String(e)).replace(/\s+/g, " ").trim().slice(0, 500);
  const code = typeof err.responseCode === "number" ? err.responseCode : undefined;
  if (code !== undefined && code >= 400 && code < 500) return { transient: true, error: text };
  if (code !== undefined && code >= 500 && code < 600) return { transient: false, error: text };
  if (err.code && TRANSIENT_CODES.has(err.code)) return { transient: true, error: `${err.code}: ${text}` };
  // Envelope, message and auth errors without a reply code will fail again the same way.
  return { transient: false, error: err.code ? `${err.code}: ${text}` : text };
}
