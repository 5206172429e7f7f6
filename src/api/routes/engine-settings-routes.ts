// Engine settings over HTTP: per-mailbox daily send limits (spec 002 "Per-mailbox daily send limits
// are configurable") and which drafter writes a campaign's touches. Thin over the domain functions.
import type { Kysely } from "kysely";
import { Type } from "typebox";
import { requireRole } from "../../auth/principal.ts";
import { listMailboxLimits, setMailboxLimit, utcDay } from "../../channels/index.ts";
import type { DB } from "../../db/database.ts";
import type { DrafterName } from "../../engine/index.ts";
import { readCampaignDrafter, setCampaignDrafter } from "../../engine/index.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const MailboxLimitView = Type.Object({
  mailbox: Type.String(),
  daily_limit: Type.Union([Type.Integer(), Type.Null()], {
    description: "sends per UTC day; null = no limit",
  }),
  sent_today: Type.Integer({ description: "sends counted today (UTC)" }),
});
const MailboxParams = Type.Object({
  mailbox: Type.String({ format: "email", maxLength: 320, description: "The sending mailbox's address" }),
});
export const MailboxLimitBody = Type.Object(
  {
    daily_limit: Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()], {
      description: "sends per UTC day (0 stops the mailbox); null clears the limit",
    }),
  },
  { additionalProperties: false },
);

const Drafter = Type.Union([Type.Literal("template"), Type.Literal("agent"), Type.Literal("llm")], {
  description:
    "template (built in, inline) | agent (drafting tasks agents lease) | llm (the built-in LLM drafter)",
});
const CampaignDrafterView = Type.Object({ campaign: Type.String(), drafter: Drafter });
const SlugParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 200, description: "The campaign's slug (or id)" }),
});
export const CampaignDrafterBody = Type.Object({ drafter: Drafter }, { additionalProperties: false });

/** A mailbox's limit and today's sends; a mailbox without a limit still reports its sends. */
async function mailboxView(db: Kysely<DB>, clientId: string, mailbox: string, now: Date) {
  const row = (await listMailboxLimits(db, clientId, now)).find((r) => r.mailbox === mailbox);
  if (row) return row;
  const c = await db
    .selectFrom("mailbox_send_counts")
    .select("sent")
    .where("client_id", "=", clientId)
    .where("mailbox", "=", mailbox)
    .where("day", "=", utcDay(now))
    .executeTakeFirst();
  return { mailbox, daily_limit: null, sent_today: Number(c?.sent ?? 0) };
}

export const engineSettingsRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/mailbox-limits",
    {
      schema: {
        tags: ["engine"],
        summary: "Sending mailboxes with a daily limit and today's sends",
        response: { 200: Type.Object({ items: Type.Array(MailboxLimitView) }), ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "read mailbox limits", "revops", "admin");
      return { items: await listMailboxLimits(deps.db, req.principal.clientId, deps.now()) };
    },
  );
  app.put(
    "/api/v1/mailbox-limits/:mailbox",
    {
      schema: {
        tags: ["engine"],
        summary: "Set (or clear with null) a sending mailbox's daily send limit",
        params: MailboxParams,
        body: MailboxLimitBody,
        response: { 200: MailboxLimitView, ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "set mailbox limits", "revops", "admin");
      const now = deps.now();
      await setMailboxLimit(deps.db, req.principal.clientId, req.params.mailbox, req.body.daily_limit, now);
      return mailboxView(deps.db, req.principal.clientId, req.params.mailbox, now);
    },
  );

  app.get(
    "/api/v1/campaigns/:slug/drafter",
    {
      schema: {
        tags: ["campaigns"],
        summary: "Which drafter writes the campaign's touches (template unless set)",
        params: SlugParams,
        response: { 200: CampaignDrafterView, ...stdErrors },
      },
    },
    async (req) => readCampaignDrafter(deps.db, req.principal, req.params.slug),
  );
  app.put(
    "/api/v1/campaigns/:slug/drafter",
    {
      schema: {
        tags: ["campaigns"],
        summary: "Set which drafter writes the campaign's touches from now on (revops, admin)",
        params: SlugParams,
        body: CampaignDrafterBody,
        response: { 200: CampaignDrafterView, ...stdErrors },
      },
    },
    async (req) =>
      setCampaignDrafter(
        deps.db,
        req.principal,
        { campaignSlug: req.params.slug, drafter: req.body.drafter as DrafterName },
        deps.now(),
      ),
  );
};
