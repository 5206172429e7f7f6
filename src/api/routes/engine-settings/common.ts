// What the routes of engine-settings-routes.ts share.
import type { Kysely } from "kysely";
import { Type } from "typebox";
import { listMailboxLimits, utcDay } from "../../../channels/index.ts";
import type { DB } from "../../../db/database.ts";

export const MailboxLimitView = Type.Object({
  mailbox: Type.String(),
  daily_limit: Type.Union([Type.Integer(), Type.Null()], {
    description: "sends per UTC day; null = no limit",
  }),
  sent_today: Type.Integer({ description: "sends counted today (UTC)" }),
});
export const MailboxParams = Type.Object({
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
export const Drafter = Type.Union([Type.Literal("template"), Type.Literal("agent"), Type.Literal("llm")], {
  description:
    "template (built in, inline) | agent (drafting tasks agents lease) | llm (the built-in LLM drafter)",
});
export const CampaignDrafterView = Type.Object({ campaign: Type.String(), drafter: Drafter });
export const SlugParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 200, description: "The campaign's slug (or id)" }),
});
export const CampaignDrafterBody = Type.Object({ drafter: Drafter }, { additionalProperties: false });
/** A mailbox's limit and today's sends; a mailbox without a limit still reports its sends. */
export async function mailboxView(db: Kysely<DB>, clientId: string, mailbox: string, now: Date) {
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
