// The mailboxes people own, as My mailbox and the admin's Mailboxes page show them (issue 67 item
// 1): a person sees their own; admins and RevOps every mailbox of the workspace, with its owner, its
// health (status, why, since when, a pause's end, the last error) and today's sends against the
// provider's own limit (PROVIDER_LIMITS) and the campaigns whose pool holds it. Never a token.
//
// RevOps and admins put a mailbox into a campaign's pool (setPoolMailbox, mailbox-pools.ts): a
// connected one, or one waiting for consent or paused (it sends again when it resumes); a
// disconnected one is refused (MAILBOX_DISCONNECTED), as Baton could not send from it.
import { type Kysely, sql } from "kysely";
import { recordAudit } from "../audit/index.ts";
import { describePrincipal, hasRole, type Principal, ROLES, requireRole } from "../auth/principal.ts";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { setPoolMailbox } from "./mailbox-pools.ts";
import { mailboxOAuthProvider, PROVIDER_LIMITS } from "./providers.ts";
import { OAUTH_MAILBOX_PROVIDERS } from "./tables.ts";

/** Who sees every mailbox and puts mailboxes into pools. */
export const MAILBOX_MANAGERS = ["revops", "admin"] as const;

export interface MailboxConnectionView {
  mailbox: string;
  owner: { id: string; name: string; email: string | null };
  provider: string;
  can_send: boolean;
  can_read: boolean;
  status: string;
  status_reason: string | null;
  status_since: string;
  paused_until: string | null;
  scopes: string[];
  connected_at: string;
  sent_today: number;
  /** the provider's own limits (Google Workspace, Microsoft 365); null for an IMAP/SMTP mailbox */
  provider_limit: { per_day: number; per_minute: number | null; source: string } | null;
  last_error: string | null;
  last_error_at: string | null;
  last_read_at: string | null;
  campaigns: string[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function listMailboxConnections(
  db: Kysely<DB>,
  principal: Principal,
  now: Date,
): Promise<{ items: MailboxConnectionView[]; everyone: boolean }> {
  requireRole(principal, "list mailboxes", ...ROLES);
  const everyone = hasRole(principal, ...MAILBOX_MANAGERS);
  const clientId = principal.clientId;
  const mine = everyone ? sql`` : sql`and m.owner_id = ${principal.principalId}`;
  const rows = await sql<{
    mailbox: string;
    owner_id: string;
    owner_name: string;
    owner_email: string | null;
    provider: string;
    can_send: boolean;
    can_read: boolean;
    status: string;
    status_reason: string | null;
    status_since: Date;
    paused_until: Date | null;
    scopes: string[];
    connected_at: Date;
    last_error: string | null;
    last_error_at: Date | null;
    last_read_at: Date | null;
    sent_today: number;
    campaigns: string[] | null;
  }>`
    select m.mailbox, m.owner_id, p.display_name as owner_name, p.email as owner_email, m.provider,
           m.can_send, m.can_read, m.status, m.status_reason, m.status_since, m.paused_until, m.scopes,
           m.connected_at, m.last_error, m.last_error_at, m.last_read_at,
           coalesce(c.sent, 0)::int as sent_today,
           (select array_agg(cp.slug order by cp.slug) from campaign_mailboxes cm
              join campaigns cp on cp.client_id = cm.client_id and cp.id = cm.campaign_id
             where cm.client_id = ${clientId} and cm.mailbox = m.mailbox) as campaigns
      from mailbox_connections m
      join principals p on p.client_id = m.client_id and p.principal_id = m.owner_id
      left join mailbox_send_counts c on c.client_id = ${clientId} and c.mailbox = m.mailbox
                                     and c.day = ${now.toISOString().slice(0, 10)}::date
     where m.client_id = ${clientId} ${mine}
     order by m.status = 'disconnected', p.display_name, m.mailbox`.execute(db);
  return {
    everyone,
    items: rows.rows.map((r) => {
      const limit =
        r.provider === "google" || r.provider === "microsoft" ? PROVIDER_LIMITS[r.provider] : null;
      return {
        mailbox: r.mailbox,
        owner: { id: r.owner_id, name: r.owner_name, email: r.owner_email },
        provider: r.provider,
        can_send: r.can_send,
        can_read: r.can_read,
        status: r.status,
        status_reason: r.status_reason,
        status_since: iso(r.status_since)!,
        paused_until: iso(r.paused_until),
        scopes: r.scopes,
        connected_at: iso(r.connected_at)!,
        sent_today: r.sent_today,
        provider_limit: limit
          ? { per_day: limit.perDay, per_minute: limit.perMinute, source: limit.source }
          : null,
        last_error: r.last_error,
        last_error_at: iso(r.last_error_at),
        last_read_at: iso(r.last_read_at),
        campaigns: r.campaigns ?? [],
      };
    }),
  };
}

/** The providers a person may connect on this deployment (those whose OAuth app is set up). */
export function connectableProviders(config: Pick<Config, "inbox">) {
  return OAUTH_MAILBOX_PROVIDERS.map((name) => {
    const p = mailboxOAuthProvider(config, name);
    return { name, label: name === "google" ? "Google" : "Microsoft", configured: !!p };
  });
}

/**
 * Adds a mailbox to a campaign's pool, or removes it (RevOps, admins). A disconnected mailbox is
 * refused (its tokens are gone: nothing could be sent from it); one waiting for consent or paused
 * is accepted and sends when it is connected again; an address with no connection goes through the
 * deployment's relay, as before issue 67.
 */
export async function setCampaignPoolMailbox(
  db: Kysely<DB>,
  principal: Principal,
  slug: string,
  address: string,
  op: "add" | "remove",
  now: Date,
): Promise<{ campaign: string; pool: string[] }> {
  requireRole(principal, "set a campaign's mailbox pool", ...MAILBOX_MANAGERS);
  const mailbox = address.trim().toLowerCase();
  const clientId = principal.clientId;
  const campaign = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", clientId)
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!campaign) throw new BatonError("CAMPAIGN_NOT_FOUND", { campaign: slug });
  if (op === "add") {
    const row = await db
      .selectFrom("mailbox_connections")
      .select("status")
      .where("client_id", "=", clientId)
      .where("mailbox", "=", mailbox)
      .executeTakeFirst();
    if (row?.status === "disconnected") throw new BatonError("MAILBOX_DISCONNECTED", { mailbox });
  }
  const pool = await setPoolMailbox(db, clientId, campaign.id, mailbox, op, now);
  await recordAudit(db, {
    clientId,
    actorPrincipalId: principal.principalId,
    actorLabel: describePrincipal(principal),
    action: op === "add" ? "mailbox_pool_added" : "mailbox_pool_removed",
    target: slug,
    details: { mailbox },
  });
  return { campaign: slug, pool };
}
