// What the routes of mailboxes-routes.ts share.
import { Type } from "typebox";

export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const Str = Type.String();
export const Inbox = Type.Object({
  id: Str,
  host: Str,
  port: Type.Integer(),
  tls: Type.Boolean(),
  username: Str,
  auth_kind: Type.String({ description: "password | xoauth2" }),
  oauth_provider: Nullable(Str),
  password: Type.Union([Str, Type.Null()], {
    description:
      "how the password (xoauth2: the refresh token) is kept: 'encrypted' or 'env:NAME'; never the secret",
  }),
  folder: Str,
  status: Type.String({ description: "pending | connected | error | paused" }),
  connected: Type.Boolean({ description: "a worker holds the mailbox and its session is connected" }),
  idle_supported: Type.Union([Type.Boolean(), Type.Null()]),
  last_sync_at: Nullable(Str),
  last_connected_at: Nullable(Str),
  cursor: Type.Object({ uidvalidity: Nullable(Str), last_uid: Str }),
  last_error: Nullable(Str),
  last_error_at: Nullable(Str),
  processed_count: Str,
  unmatched_count: Str,
  claimed_by: Nullable(Str),
  lease_until: Nullable(Str),
  trusted_authserv_ids: Type.Array(Str, {
    description: "RFC 8601 authserv-ids whose Authentication-Results this mailbox trusts (issue 35)",
  }),
});
export const Deliverability = Type.Object({
  status: Type.String({
    description:
      "ok | flagged (a bounce said the fault was the sender's) | paused (complaint rate: sends nothing)",
  }),
  reason: Nullable(Str),
  flagged_at: Nullable(Str),
  sender_fault_count: Type.Integer(),
  complaints: Type.Integer(),
  sends_counted: Type.Integer(),
  complaint_rate: Type.Number({ description: "complaints over the last 1,000 sends (0.003 = 0.3 %)" }),
  paused_at: Nullable(Str),
});
export const Mailbox = Type.Object({
  mailbox: Str,
  inbox: Type.Union([Inbox, Type.Null()]),
  sending: Type.Object({
    sent_today: Type.Integer(),
    daily_limit: Type.Union([Type.Integer(), Type.Null()]),
    limit_today: Type.Union([Type.Integer(), Type.Null()], {
      description: "today's allowance: the warm-up ramp's value capped by the limit",
    }),
    ramp: Type.Union([
      Type.Object({ start: Type.Integer(), step: Type.Integer(), start_day: Str }),
      Type.Null(),
    ]),
    remaining_today: Type.Union([Type.Integer(), Type.Null()]),
    campaigns: Type.Array(Str, { description: "campaigns whose mailbox pool holds it" }),
  }),
  deliverability: Type.Union([Deliverability, Type.Null()]),
});
export const Params = Type.Object({
  mailbox: Type.String({
    minLength: 3,
    maxLength: 320,
    description: "The mailbox's address, as GET /api/v1/mailboxes lists it",
  }),
});
export const AuthservIds = Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
  maxItems: 20,
  description:
    "RFC 8601 authserv-ids of the receiving servers whose verdict the mailbox trusts: mx.google.com or mx.microsoft.com (read from their ARC seal by google.com or microsoft.com), or your own MX's host name (its Authentication-Results above the first Received); replaces the list",
});
export const PauseResult = Type.Object({ id: Str, mailbox: Str, status: Str });
