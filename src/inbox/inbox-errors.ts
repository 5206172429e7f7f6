// Error codes of the mailbox ingester (issue 12, docs/mailboxes.md).
import { defineErrors } from "../errors/define.ts";

export const inboxErrors = defineErrors({
  INBOX_AUTH_UNAVAILABLE: {
    status: 409,
    rule: "issue 12: a mailbox logs in with its password or an OAuth2 access token",
    message: (f) => `Mailbox ${f.mailbox} cannot log in: ${f.why}.`,
    next: (f) =>
      f.reconsent
        ? "Have the mailbox's owner sign in and consent again (Google or Microsoft), then store the new refresh token with the mailbox's XOAUTH2 settings (replace: true)."
        : "Set the password again (baton mailboxes inbox add … --password-env NAME or --password-stdin), or register the access-token provider the mailbox names.",
  },
  INBOX_EXISTS: {
    status: 409,
    rule: "issue 12: one IMAP configuration per sending mailbox",
    message: (f) => `Mailbox ${f.mailbox} already has its inbox configured.`,
    next: () => "Change it with --replace, or pause it and add it again.",
  },
  INBOX_BUSY: {
    status: 409,
    rule: "issue 12: each mailbox is read by exactly one worker at a time (a lease)",
    message: (f) => `Mailbox ${f.mailbox} is being read by a worker now, or it is paused.`,
    next: () => "Wait: the worker reads new mail as it arrives. Resume the mailbox first if it is paused.",
  },
  INBOX_SYNC_FAILED: {
    status: 502,
    rule: "issue 12: mailboxes are read over IMAP",
    message: (f) => `Mailbox ${f.mailbox} could not be read: ${f.why}.`,
    next: () =>
      "Check the host, port, TLS and credentials (baton mailboxes inbox list shows the last error), then sync again.",
  },
  INBOUND_REVIEW_DECIDED: {
    status: 409,
    rule: "issue 35: a person decides each untrusted inbound message once (apply or dismiss)",
    message: (f) => `Inbound review ${f.id} was already decided (${f.status}).`,
    next: () => "Read it again (GET /api/v1/inbound-reviews/{id}) to see who decided and what happened.",
  },
  INBOUND_REVIEW_NO_CONTACT: {
    status: 409,
    rule: "issue 35: applying inbound mail runs process_reply for a known contact",
    message: (f) => `Inbound review ${f.id} is about no known contact, so there is nothing to apply.`,
    next: () =>
      "Dismiss it; if it is from a person you know, add them as a contact and submit the reply (POST /api/v1/replies).",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof inboxErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
