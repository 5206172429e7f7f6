// Error codes of the mailboxes people own (issue 67).
import { defineErrors } from "../errors/define.ts";

const label = (p: unknown) =>
  p === "microsoft" ? "Microsoft 365" : p === "google" ? "Google Workspace" : String(p ?? "");

export const mailboxErrors = defineErrors({
  MAILBOX_PROVIDER_NOT_CONFIGURED: {
    status: 409,
    rule: "issue 67 item 1: a mailbox is connected through the deployment's own OAuth app",
    message: (f) => `Connecting ${label(f.provider)} mailboxes is not set up on this Baton.`,
    next: (f) =>
      `An operator registers the OAuth app and sets BATON_MAILBOX_${String(f.provider ?? "").toUpperCase()}_CLIENT_ID and _CLIENT_SECRET (docs/mailboxes.md "Registering the OAuth apps").`,
  },
  MAILBOX_OAUTH_STATE_INVALID: {
    status: 400,
    rule: "issue 67 item 1: the consent's state is single-use, 10 minutes, bound to the person and the sign-in session",
    message: (f) => `This mailbox connection cannot be completed: ${f.why ?? "the state is not valid"}.`,
    next: () => "Start again from My mailbox: Connect.",
  },
  MAILBOX_ACCOUNT_MISMATCH: {
    status: 403,
    rule: "issue 67 item 1: the consenting account must be the mailbox's own address",
    message: (f) =>
      `You signed in to ${label(f.provider)} as ${f.account ?? "another account"}, not as ${f.mailbox}; nothing was connected.`,
    next: (f) => `Connect again and choose the account ${f.mailbox} at ${label(f.provider)}'s sign-in page.`,
  },
  MAILBOX_CONSENT_FAILED: {
    status: 502,
    rule: "issue 67 item 1: the provider's answer to the consent",
    message: (f) => `${label(f.provider)} did not grant access to the mailbox: ${f.why ?? "unknown reason"}.`,
    next: () =>
      "Try again; if it keeps failing, ask an admin to check the OAuth app's redirect URI and scopes.",
  },
  MAILBOX_SCOPES_MISSING: {
    status: 403,
    rule: "issue 67 item 1: a mailbox needs the scopes to send and read",
    message: (f) => `The consent did not grant ${f.missing}; nothing was connected.`,
    next: () => "Connect again and leave every permission Baton asks for ticked.",
  },
  MAILBOX_NOT_FOUND: {
    status: 404,
    rule: "issue 67 item 1: a person sees their own mailboxes; admins and RevOps every mailbox",
    message: (f) => `Mailbox ${f.mailbox} was not found.`,
    next: () => "Open My mailbox to see yours; admins and RevOps see every mailbox on the Mailboxes page.",
  },
  MAILBOX_NOT_YOURS: {
    status: 403,
    rule: "issue 67 item 1: a rep may connect or disconnect only their own mailbox",
    message: (f) => `Mailbox ${f.mailbox} belongs to someone else.`,
    next: () => "Ask an admin, or connect your own mailbox from My mailbox.",
  },
  MAILBOX_NEEDS_CONSENT: {
    status: 409,
    rule: "issue 67 item 3: a refused grant (invalid_grant) holds the mailbox's sends until its owner reconnects",
    message: (f) =>
      `Mailbox ${f.mailbox} needs its owner's consent again (${label(f.provider)} refused its grant).`,
    next: () => "Its owner opens My mailbox and clicks Reconnect; held sends then go out.",
  },
  MAILBOX_DISCONNECTED: {
    status: 409,
    rule: "issue 67 item 1: a disconnected mailbox has no grant: nothing can be sent from it",
    message: (f) => `Mailbox ${f.mailbox} is disconnected; it cannot join a campaign's pool.`,
    next: () => "Its owner connects it again from My mailbox first.",
  },
  MAILBOX_NOT_CONNECTED: {
    status: 409,
    rule: "issue 67 item 5: the exec's personal send goes out from his own connected mailbox",
    message: (f) => `You have no connected mailbox to send from${f.why ? ` (${f.why})` : ""}.`,
    next: () => "Connect your mailbox on My mailbox, or send the message yourself and mark the task done.",
  },
  PERSONAL_SEND_FAILED: {
    status: 409,
    rule: "issue 67 item 5: a personal send goes out once, from the exec's mailbox, or not at all",
    message: (f) => `The message was not sent from ${f.mailbox}: ${f.why ?? "unknown reason"}.`,
    next: () => "The task stays open; try again later, or send it yourself and mark it done.",
  },
  FORBIDDEN_PERSONAL_SEND_CHOICE: {
    status: 403,
    rule: "issue 67 item 5: the exec chooses whether his close steps go out at once from his mailbox; it is his name on the mail",
    message: (f) =>
      f.mode === "at_once"
        ? "Only the exec may have his close steps sent at once from his mailbox."
        : "Only the exec, RevOps or an admin may have the close steps wait for the exec's click again.",
    next: () => "Ask the exec to choose it on the campaign page.",
  },
  MAILBOX_TAKEN: {
    status: 409,
    rule: "issue 67 item 1: a mailbox belongs to one person",
    message: (f) => `Mailbox ${f.mailbox} is already connected by another person of this workspace.`,
    next: () => "Its owner disconnects it first, or an admin does.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof mailboxErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
