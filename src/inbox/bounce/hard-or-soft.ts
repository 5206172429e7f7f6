// Whether a bounce kills the address (hard), may pass later (soft) or is the sender's own fault
// (keep the address, flag the sending mailbox), decided from the reason AND the status together
// (issue 56 item 5), as flufl.bounce and Sisimai do. Pure.
//
// Sisimai's reasons (Sisimai::Reason::*) map so: its hard-bounce rule makes userunknown,
// hostunknown and hasmoved hard, and notaccept when permanent; everything else is soft. Baton
// adds two things. A reason is only hard when the failure is permanent (a 5.x.x status, or a
// failed action without a status): a 4.x.x "user unknown" is a server that could not check yet
// (Postfix's soft_bounce, a recipient verification that timed out). And a permanent "account
// disabled, closed, deleted" (Gmail's DisabledUser, "account has been disabled or
// discontinued") is hard: the issue counts a disabled mailbox with unknown users, while
// "suspended", "inactive", "frozen", "temporarily locked" stay soft, as in Sisimai. The policy
// reasons (blocked, spam, authentication, reputation, content, relaying, PTR …) are the sender's
// fault whatever the status says.
import { assertNever } from "../../plays/index.ts";

/** Sisimai's reasons (the names its public corpus is labelled with) and the class of each. */
export const BOUNCE_REASONS = {
  // the address is dead
  userunknown: "hard",
  hostunknown: "hard",
  hasmoved: "hard",
  notaccept: "hard", // hard when permanent (5.x.x); a 4.x.x one is soft
  // the address may work later
  mailboxfull: "soft",
  greylisted: "soft", // Baton's own: Sisimai files greylisting under spamdetected; it is a retry-later
  suspend: "soft",
  expired: "soft",
  networkerror: "soft",
  toomanyconn: "soft",
  speeding: "soft",
  exceedlimit: "soft",
  systemerror: "soft",
  systemfull: "soft",
  mailererror: "soft",
  filtered: "soft",
  suppressed: "soft",
  onhold: "soft",
  undefined: "soft",
  // the sender's fault: keep the address
  blocked: "sender",
  policyviolation: "sender",
  authfailure: "sender",
  badreputation: "sender",
  spamdetected: "sender",
  contenterror: "sender",
  virusdetected: "sender",
  requireptr: "sender",
  rejected: "sender",
  securityerror: "sender",
  failedstarttls: "sender",
  norelaying: "sender",
  syntaxerror: "sender",
  notcompliantrfc: "sender",
  mesgtoobig: "sender",
} as const;
export type BounceReason = keyof typeof BOUNCE_REASONS;

export type BounceClass = "hard" | "soft" | "sender";

/** Words of an account that is gone for good, not paused. */
const ACCOUNT_GONE =
  /\b(account|mail ?box|user|address|recipient)( (that )?you tried to reach)?( has been| is| was)? (permanently )?(disabled|deleted|closed|terminated|discontinued|removed|cancell?ed)\b|\bdisabled (recipient|user|mail ?box|account)\b|\b(disabled|deleted|closed) (or|and) (discontinued|deleted|closed)\b|\bno longer (active|in use|valid|exists?)\b/i;

/** Words that a disabled account may come back: not gone for good. */
const ACCOUNT_PAUSED =
  /\btemporar(il)?y\b|\bsuspend|\binactiv|\bfrozen\b|\blocked\b|\bover ?quota\b|\bout of storage\b/i;

export function bounceClassOf(
  reason: BounceReason,
  input: { status: string | null; action?: string | null; text?: string | null },
): BounceClass {
  const temporary = Boolean(input.status?.startsWith("4") || input.action === "delayed");
  const kind = BOUNCE_REASONS[reason];
  switch (kind) {
    case "sender":
      return "sender";
    case "hard":
      return temporary ? "soft" : "hard";
    case "soft": {
      if (reason !== "suspend" || temporary || !input.text) return "soft";
      return ACCOUNT_GONE.test(input.text) && !ACCOUNT_PAUSED.test(input.text) ? "hard" : "soft";
    }
    default:
      return assertNever(kind);
  }
}
