// A connected mailbox's state in words (issue 67), as My mailbox and the Mailboxes page say it.
import type { operations } from "../../src/client/contract.ts";
import { fmtTime } from "./format.ts";

type Connection =
  operations["listMailboxConnections"]["responses"][200]["content"]["application/json"]["items"][number];

const LABEL: Record<string, string> = {
  google: "Google",
  microsoft: "Microsoft",
  imap_smtp: "IMAP/SMTP",
};
export const label = (p: string | null | undefined) => LABEL[p ?? ""] ?? "the provider";

/** A mailbox's state as a sentence its owner can act on. */
export function statusInWords(m: Connection): string {
  switch (m.status) {
    case "connected":
      return "Connected: Baton sends from it and reads its replies.";
    case "needs_consent":
      return `${label(m.provider)} asks for your consent again${m.status_reason ? ` (${m.status_reason})` : ""}. Its sends wait until you reconnect.`;
    case "paused":
      return `Paused${m.paused_until ? ` until ${fmtTime(m.paused_until)}` : ""}${m.status_reason ? `: ${m.status_reason}` : ""}. Its sends wait; nothing is lost.`;
    case "disconnected":
      return "Disconnected: Baton holds no access to it and sends nothing from it.";
    default:
      return m.status;
  }
}
