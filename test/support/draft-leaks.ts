// What must never reach a prospect in a draft (issue 60 item 3): text a person was meant to fill
// ([bracketed] parts, the template drafter's note), template syntax left unrendered ({{ … }},
// {% … %}), values that were never filled (undefined, null, [object Object]), and the team's own
// words: "Play:", a play's name, a campaign's slug, a segment id, or any other snake_case
// identifier (content types, signals, lifecycle stages). Addresses and links are left out of the
// identifier rule: a booking link's token or an email address may hold an underscore.
import type { Kysely, NotNull } from "kysely";
import type { DB } from "../../src/db/database.ts";

export interface Vocabulary {
  /** plays' names and their campaigns' names ("Play: …"), matched anywhere, case-insensitively */
  names: string[];
  /** campaign slugs and segment ids, matched as words */
  identifiers: string[];
}

export interface Leak {
  rule: string;
  found: string;
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function draftLeaks(text: string | null, vocabulary: Vocabulary): Leak[] {
  if (!text) return [];
  const leaks: Leak[] = [];
  const add = (rule: string, m: RegExpMatchArray | null) => {
    if (m) leaks.push({ rule, found: m[0] });
  };
  add("bracket", text.match(/\[[^\]\n]{0,80}\]?|\]/));
  add("template syntax", text.match(/\{\{|\}\}|\{%|%\}/));
  add("unfilled value", text.match(/\b(undefined|null|NaN)\b|\[object Object\]/));
  add("internal prefix", text.match(/\bplay:/i));
  const lower = text.toLowerCase();
  for (const name of vocabulary.names) {
    if (name.trim() !== "" && lower.includes(name.toLowerCase()))
      leaks.push({ rule: "internal name", found: name });
  }
  const words = text.replace(/https?:\/\/\S+/g, " ").replace(/\S+@\S+/g, " ");
  for (const id of vocabulary.identifiers) {
    add("internal identifier", words.match(new RegExp(`(?<![\\w-])${literal(id)}(?![\\w-])`, "i")));
  }
  add("snake_case identifier", words.match(/\b[a-z0-9]+(?:_[a-z0-9]+)+\b/i));
  return leaks;
}

/** The tenant's internal words: its plays' names, its play campaigns' names, its slugs and segments. */
export async function internalVocabulary(db: Kysely<DB>, clientId: string): Promise<Vocabulary> {
  const plays = await db.selectFrom("plays").select("name").where("client_id", "=", clientId).execute();
  const campaigns = await db
    .selectFrom("campaigns")
    .select(["slug", "name", "type"])
    .where("client_id", "=", clientId)
    .execute();
  const segments = await db
    .selectFrom("segments")
    .select("segment")
    .where("client_id", "=", clientId)
    .execute();
  return {
    names: [...plays.map((p) => p.name), ...campaigns.filter((c) => c.type === "play").map((c) => c.name)],
    identifiers: [...campaigns.map((c) => c.slug), ...segments.map((s) => s.segment)],
  };
}

export interface DraftText {
  table: string;
  id: string;
  campaign: string;
  channel: string;
  subject: string | null;
  body: string;
}

/** Every drafted text of the tenant: staged drafts (any status), the reps' tasks and the sent mail. */
export async function everyDraft(db: Kysely<DB>, clientId: string): Promise<DraftText[]> {
  const staged = await db
    .selectFrom("staged_drafts as d")
    .leftJoin("sales_send_queue as q", (j) =>
      j.onRef("q.client_id", "=", "d.client_id").onRef("q.id", "=", "d.send_item_id"),
    )
    .leftJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "q.client_id").onRef("c.id", "=", "q.campaign_id"),
    )
    .select(["d.id", "c.slug", "d.channel", "d.subject", "d.body", "d.original_body"])
    .where("d.client_id", "=", clientId)
    .execute();
  const tasks = await db
    .selectFrom("engine_rep_tasks as t")
    .innerJoin("campaign_contacts as e", (j) =>
      j.onRef("e.client_id", "=", "t.client_id").onRef("e.id", "=", "t.enrollment_id"),
    )
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .select(["t.id", "c.slug", "t.channel", "t.subject", "t.body"])
    .where("t.client_id", "=", clientId)
    .$narrowType<{ channel: NotNull }>() // joined to its enrollment: a touch's task (0640)
    .execute();
  const sent = await db
    .selectFrom("dev_email_outbox")
    .select(["id", "subject", "body"])
    .where("client_id", "=", clientId)
    .execute();
  return [
    ...staged.map((d) => ({
      table: "staged_drafts",
      id: d.id,
      campaign: d.slug ?? "?",
      channel: d.channel,
      subject: d.subject,
      // the drafter's words as well as the approver's edit of them
      body: d.original_body === null ? d.body : `${d.body}\n${d.original_body}`,
    })),
    ...tasks.map((t) => ({
      table: "engine_rep_tasks",
      id: t.id,
      campaign: t.slug,
      channel: t.channel,
      subject: t.subject,
      body: t.body,
    })),
    ...sent.map((m) => ({
      table: "dev_email_outbox",
      id: String(m.id),
      campaign: "?",
      channel: "email",
      subject: m.subject,
      body: m.body,
    })),
  ];
}
