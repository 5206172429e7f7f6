// Mailbox inbox settings (issue 12 parts 1 and 6): add or replace a mailbox's IMAP settings,
// pause and resume it, and name the receiving servers whose Authentication-Results it trusts
// (issue 35: their RFC 8601 authserv-ids). RevOps and admins manage mailboxes. The password (or, for XOAUTH2, the
// refresh token) is write-only: sealed with BATON_SECRET (inbox-secret.ts) or kept as the name of a
// BATON_MAILBOX_* environment variable.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { encryptSecret } from "./inbox-secret.ts";
import { clearDeliverabilityPause } from "./mailbox-deliverability.ts";

export const INBOX_MANAGER_ROLES = ["admin", "revops"] as const;
export const INBOX_READER_ROLES = ["admin", "revops", "slm", "exec"] as const;

export type InboxAuthInput =
  | { kind: "password"; password?: string; passwordEnv?: string }
  | {
      kind: "xoauth2";
      provider: string;
      /** the mailbox's OAuth2 refresh token, for the built-in google / microsoft providers (sealed) */
      refreshToken?: string;
      /** or the name of a BATON_MAILBOX_* variable that holds it */
      refreshTokenEnv?: string;
    };

export interface AddInboxInput {
  mailbox: string;
  host: string;
  port?: number;
  tls?: boolean;
  username?: string;
  auth: InboxAuthInput;
  folder?: string;
  /** replace the settings of a mailbox that has them (the cursor is kept if the host is the same) */
  replace?: boolean;
  /** RFC 8601 authserv-ids of the receiving servers whose Authentication-Results this mailbox trusts */
  trustedAuthservIds?: string[];
}

const AUTHSERV_ID = /^[a-z0-9](?:[a-z0-9._-]{0,251}[a-z0-9])?$/;

/** Lower-cased, de-duplicated, each a host name (or another RFC 8601 token of the same shape). */
export function normalizeAuthservIds(ids: readonly string[]): string[] {
  const out = [...new Set(ids.map((x) => x.trim().toLowerCase()).filter(Boolean))];
  if (out.length > 20) invalid("/trusted_authserv_ids", "at most 20");
  for (const [i, id] of out.entries())
    if (!AUTHSERV_ID.test(id)) invalid(`/trusted_authserv_ids/${i}`, "a host name such as mx.google.com");
  return out;
}

const ENV_NAME = /^BATON_MAILBOX_[A-Z0-9_]{1,50}$/;

function invalid(path: string, message: string): never {
  throw new BatonError("VALIDATION_FAILED", { errors: [{ path, message }] });
}

export async function addInbox(
  db: Kysely<DB>,
  actor: Principal,
  secret: string,
  input: AddInboxInput,
  now: Date,
): Promise<{ id: string; mailbox: string; replaced: boolean }> {
  requireRole(actor, "configure mailbox inboxes", ...INBOX_MANAGER_ROLES);
  const mailbox = input.mailbox.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(mailbox)) invalid("/mailbox", "an email address");
  let secretEnc: string | null = null;
  let secretEnv: string | null = null;
  let oauthProvider: string | null = null;
  if (input.auth.kind === "password") {
    if (input.auth.passwordEnv) {
      if (!ENV_NAME.test(input.auth.passwordEnv))
        invalid("/password_env", "the name of a BATON_MAILBOX_* environment variable");
      secretEnv = input.auth.passwordEnv;
    } else if (input.auth.password) {
      secretEnc = encryptSecret(secret, input.auth.password);
    } else invalid("/password", "give a password or password_env");
  } else {
    if (!/^[a-z0-9_-]{1,40}$/.test(input.auth.provider)) invalid("/oauth_provider", "google, microsoft, …");
    oauthProvider = input.auth.provider;
    // optional: a provider registered at the composition root may need none
    if (input.auth.refreshTokenEnv) {
      if (!ENV_NAME.test(input.auth.refreshTokenEnv))
        invalid("/refresh_token_env", "the name of a BATON_MAILBOX_* environment variable");
      secretEnv = input.auth.refreshTokenEnv;
    } else if (input.auth.refreshToken) {
      secretEnc = encryptSecret(secret, input.auth.refreshToken);
    }
  }
  const values = {
    host: input.host,
    port: input.port ?? (input.tls === false ? 143 : 993),
    tls: input.tls ?? true,
    username: input.username ?? mailbox,
    auth_kind: input.auth.kind,
    secret_enc: secretEnc,
    secret_env: secretEnv,
    oauth_provider: oauthProvider,
    folder: input.folder ?? "INBOX",
    ...(input.trustedAuthservIds
      ? { trusted_authserv_ids: normalizeAuthservIds(input.trustedAuthservIds) }
      : {}),
    updated_at: now,
  };
  const existing = await db
    .selectFrom("mailbox_inboxes")
    .select(["id", "host", "folder", "username"])
    .where("client_id", "=", actor.clientId)
    .where("mailbox", "=", mailbox)
    .executeTakeFirst();
  if (existing) {
    if (!input.replace) throw new BatonError("INBOX_EXISTS", { mailbox });
    const same =
      existing.host === values.host &&
      existing.folder === values.folder &&
      existing.username === values.username;
    await db
      .updateTable("mailbox_inboxes")
      .set({
        ...values,
        last_error: null,
        ...(same ? {} : { uidvalidity: null, last_uid: "0" }),
      })
      .where("client_id", "=", actor.clientId)
      .where("id", "=", existing.id)
      .execute();
    return { id: existing.id, mailbox, replaced: true };
  }
  const row = await db
    .insertInto("mailbox_inboxes")
    .values({ client_id: actor.clientId, mailbox, ...values })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, mailbox, replaced: false };
}

const byRef = (ref: string) => (eb: any) =>
  /^[0-9a-f-]{36}$/i.test(ref)
    ? eb.or([eb("id", "=", ref), eb("mailbox", "=", ref.toLowerCase())])
    : eb("mailbox", "=", ref.toLowerCase());

/**
 * Which receiving servers' Authentication-Results the mailbox believes (issue 35): mail is trusted
 * only when it is authenticated, by these or by Baton's own DKIM check. Replaces the list.
 */
export async function setTrustedAuthservIds(
  db: Kysely<DB>,
  actor: Principal,
  ref: string,
  ids: readonly string[],
  now: Date,
): Promise<{ id: string; mailbox: string; trusted_authserv_ids: string[] }> {
  requireRole(actor, "choose which servers a mailbox trusts", ...INBOX_MANAGER_ROLES);
  const row = await db
    .updateTable("mailbox_inboxes")
    .set({ trusted_authserv_ids: normalizeAuthservIds(ids), updated_at: now })
    .where("client_id", "=", actor.clientId)
    .where(byRef(ref))
    .returning(["id", "mailbox", "trusted_authserv_ids"])
    .executeTakeFirst();
  if (!row) throw new BatonError("NOT_FOUND", { entity: "mailbox", id: ref });
  return row;
}

/**
 * Pauses (the worker lets go of it at its next lease renewal) or resumes a mailbox. Resuming also
 * lifts a pause the mailbox put on its own sending (its complaint rate, issue 35).
 */
export async function setInboxPaused(
  db: Kysely<DB>,
  actor: Principal,
  ref: string,
  paused: boolean,
  now: Date,
): Promise<{ id: string; mailbox: string; status: string }> {
  requireRole(actor, paused ? "pause mailboxes" : "resume mailboxes", ...INBOX_MANAGER_ROLES);
  const sendingResumed = !paused && (await clearDeliverabilityPause(db, actor.clientId, ref, now));
  const row = await db
    .updateTable("mailbox_inboxes")
    .set(paused ? { status: "paused", updated_at: now } : { status: "pending", updated_at: now })
    .where("client_id", "=", actor.clientId)
    .where((eb) =>
      /^[0-9a-f-]{36}$/i.test(ref)
        ? eb.or([eb("id", "=", ref), eb("mailbox", "=", ref.toLowerCase())])
        : eb("mailbox", "=", ref.toLowerCase()),
    )
    .where("status", paused ? "<>" : "=", "paused")
    .returning(["id", "mailbox", "status"])
    .executeTakeFirst();
  if (row) return row;
  const known = await db
    .selectFrom("mailbox_inboxes")
    .select(["id", "mailbox", "status"])
    .where("client_id", "=", actor.clientId)
    .where((eb) =>
      /^[0-9a-f-]{36}$/i.test(ref)
        ? eb.or([eb("id", "=", ref), eb("mailbox", "=", ref.toLowerCase())])
        : eb("mailbox", "=", ref.toLowerCase()),
    )
    .executeTakeFirst();
  // a sending mailbox Baton does not read (no inbox settings) whose own pause was lifted
  if (!known && sendingResumed) return { id: "", mailbox: ref.toLowerCase(), status: "sending_resumed" };
  if (!known) throw new BatonError("NOT_FOUND", { entity: "mailbox", id: ref });
  return known; // already in the asked state
}
