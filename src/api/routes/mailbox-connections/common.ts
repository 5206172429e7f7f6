// What the routes of mailbox-connections-routes.ts share.
import { Type } from "typebox";
import { type Principal, ROLES, requireRole } from "../../../auth/principal.ts";
import type { OAuthMailboxProvider } from "../../../mailboxes/index.ts";
import {
  MAILBOX_MANAGERS,
  type MailboxConnectSettings,
  requireMailboxOAuthProvider,
} from "../../../mailboxes/index.ts";
import type { AppDeps } from "../../context.ts";
import { IsoTime, Nullable } from "../../schemas.ts";

export const Provider = Type.Union([Type.Literal("google"), Type.Literal("microsoft")], {
  description: "the mailbox's provider: google (Google Workspace, Gmail) or microsoft (Microsoft 365)",
});
export const ProviderParams = Type.Object({ provider: Provider });
export const Address = (description: string) =>
  Type.String({ minLength: 3, maxLength: 320, pattern: "^[^@\\s<>]+@[^@\\s<>]+$", description });
export const MailboxParams = Type.Object({
  mailbox: Address("The mailbox's address, as GET /api/v1/mailboxes/connections lists it"),
});
export const Connection = Type.Object({
  mailbox: Type.String({ description: "the mailbox's address (lower case)" }),
  owner: Type.Object(
    {
      id: Type.String({ description: "the owner's principal id" }),
      name: Type.String({ description: "the owner's name" }),
      email: Nullable(Type.String({ description: "the owner's sign-in address" })),
    },
    { description: "the person who connected it; its sends are theirs" },
  ),
  provider: Type.String({ description: "google | microsoft | imap_smtp" }),
  can_send: Type.Boolean({ description: "Baton sends from it" }),
  can_read: Type.Boolean({ description: "Baton reads replies from it" }),
  status: Type.String({
    description:
      "connected | needs_consent (the provider refused the grant: its sends are held until its owner reconnects) | paused (see status_reason and paused_until) | disconnected (no tokens)",
  }),
  status_reason: Nullable(Type.String({ description: "why it is in this status, in words" })),
  status_since: IsoTime,
  paused_until: Nullable(IsoTime),
  scopes: Type.Array(Type.String(), { description: "the scopes the provider granted" }),
  connected_at: IsoTime,
  sent_today: Type.Integer({ description: "messages sent from it today (UTC day)" }),
  provider_limit: Nullable(
    Type.Object(
      {
        per_day: Type.Integer({ description: "the provider's messages (recipients) a day" }),
        per_minute: Nullable(
          Type.Integer({ description: "the provider's messages a minute, when it has one" }),
        ),
        source: Type.String({ description: "where the limit comes from" }),
      },
      { description: "the provider's own sending limits (docs/mailboxes.md)" },
    ),
  ),
  last_error: Nullable(Type.String({ description: "the last error sending or reading, in words" })),
  last_error_at: Nullable(IsoTime),
  last_read_at: Nullable(IsoTime),
  campaigns: Type.Array(Type.String(), { description: "slugs of the campaigns whose pool holds it" }),
});
export const ConnectableProvider = Type.Object({
  name: Provider,
  label: Type.String({ description: "Google or Microsoft" }),
  configured: Type.Boolean({ description: "the deployment's OAuth app for it is set up (BATON_MAILBOX_*)" }),
});
export function settings(deps: AppDeps, name: OAuthMailboxProvider): MailboxConnectSettings {
  return {
    secret: deps.config.secret,
    publicUrl: deps.config.publicUrl,
    provider: requireMailboxOAuthProvider(deps.config, name),
  };
}
/** The role before the arguments: every person connects their own mailbox; an agent none. */
export const people = {
  preValidation: async (req: { principal: Principal }) =>
    requireRole(req.principal, "connect a mailbox", ...ROLES),
};
export const managers = {
  preValidation: async (req: { principal: Principal }) =>
    requireRole(req.principal, "set a campaign's mailbox pool", ...MAILBOX_MANAGERS),
};
/** My mailbox with the callback's outcome: words the page turns into a sentence, never a token. */
export function myMailbox(q: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v.slice(0, 320));
  return `/my-mailbox?${p.toString()}`;
}
