// One-click unsubscribe (spec 002 "Channels", RFC 8058): a GET only describes what a POST would do;
// a POST unsubscribes at once through the coordinator's opt-out propagation (spec 001: opt-out
// propagation is the coordinator's job), and is idempotent.
import type { Kysely } from "kysely";
import { optOut } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { verifyUnsubscribeToken } from "./unsubscribe-token.ts";

export interface UnsubscribeView {
  clientId: string;
  contactId: string;
  /** e.g. "d***@prospect.example": enough to recognise, not enough to harvest. */
  maskedEmail: string | null;
  alreadyUnsubscribed: boolean;
}

export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

function subjectOf(secret: string, token: string) {
  const s = verifyUnsubscribeToken(secret, token);
  if (!s) throw new BatonError("UNSUBSCRIBE_LINK_INVALID", {});
  return s;
}

/** For the confirmation page: reads only. */
export async function describeUnsubscribe(
  db: Kysely<DB>,
  secret: string,
  token: string,
): Promise<UnsubscribeView> {
  const s = subjectOf(secret, token);
  const c = await db
    .selectFrom("contacts")
    .select(["email", "unsubscribe_flag", "opt_out_flag"])
    .where("client_id", "=", s.clientId)
    .where("contact_id", "=", s.contactId)
    .executeTakeFirst();
  if (!c) throw new BatonError("NOT_FOUND", { entity: "Contact", id: s.contactId });
  return {
    ...s,
    maskedEmail: maskEmail(c.email),
    alreadyUnsubscribed: c.unsubscribe_flag || c.opt_out_flag,
  };
}

/** Unsubscribes the token's contact everywhere (flag 'unsubscribe', source 'one_click'). Idempotent. */
export async function unsubscribeByToken(db: Kysely<DB>, secret: string, token: string, now: Date) {
  const s = subjectOf(secret, token);
  const r = await optOut(
    db,
    null,
    { clientId: s.clientId, contactId: s.contactId, flag: "unsubscribe", source: "one_click" },
    now,
  );
  return { ...s, ...r };
}
