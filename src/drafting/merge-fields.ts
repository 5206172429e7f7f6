// The merge fields a step's templates may name (issue 37 item 4, docs/campaigns.md "Templates"):
// one table, read by the validation at save (render-template.ts), the renderer and the docs. Each
// field is an object and a property, `{{contact.first_name}}`; nothing deeper and nothing else.
// Contacts and accounts have no custom fields in Baton's schema (0001, 0125, 0130): when they get
// some, they are added here and nowhere else.

export const MERGE_FIELDS = {
  "contact.first_name": "the first word of the contact's full name",
  "contact.last_name": "the rest of the contact's full name after the first word",
  "contact.full_name": "the contact's full name",
  "contact.title": "the contact's job title",
  "contact.email": "the contact's email address",
  "account.name": "the contact's company",
  "account.domain": "the company's web domain",
  "account.vertical": "the company's vertical (retail, manufacturing, …)",
  "sender.first_name": "the first word of the sender's name",
  "sender.last_name": "the rest of the sender's name",
  "sender.full_name": "the sender's name",
  "sender.email": "the sender's email address",
  "sender.booking_link":
    "the sender's booking page (Calendly or Cal.com), carrying a token that names the contact, so a booking ends the sequence",
  "campaign.name": "the campaign's name",
  "enrollment.goal": "the enrollment's goal: awareness, pipeline, credibility or marketing_relief",
} as const;

export type MergeField = keyof typeof MERGE_FIELDS;
export const MERGE_FIELD_NAMES = Object.keys(MERGE_FIELDS) as MergeField[];

export function isMergeField(path: string): path is MergeField {
  return Object.hasOwn(MERGE_FIELDS, path);
}

/** What the fields are filled from: the drafter's input, or a preview's. */
export interface MergeSource {
  contact: { full_name: string; title: string | null; email: string | null };
  account: { name: string; domain?: string | null; vertical: string | null } | null;
  /** The person the touch goes out from (the contact's owner); absent or null: `senderName`. */
  sender?: { full_name: string; email: string | null; booking_link?: string | null } | null;
  senderName: string;
  campaign: { name: string };
  enrollment: { goal: string | null };
}

/** "Mary Ann Smith" → ["Mary", "Ann Smith"]; the rest is "" for a one-word name. */
export function splitName(full: string): [string, string] {
  const words = full.trim().split(/\s+/).filter(Boolean);
  return [words[0] ?? "", words.slice(1).join(" ")];
}

/** Each field's text; null where the source has none (the renderer shows it as [field]). */
export function mergeValues(s: MergeSource): Record<MergeField, string | null> {
  const [first, last] = splitName(s.contact.full_name);
  const senderFull = s.sender?.full_name ?? s.senderName;
  const [senderFirst, senderLast] = splitName(senderFull);
  const text = (v: string | null | undefined) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
  return {
    "contact.first_name": text(first),
    "contact.last_name": text(last),
    "contact.full_name": text(s.contact.full_name),
    "contact.title": text(s.contact.title),
    "contact.email": text(s.contact.email),
    "account.name": text(s.account?.name),
    "account.domain": text(s.account?.domain),
    "account.vertical": text(s.account?.vertical),
    "sender.first_name": text(senderFirst),
    "sender.last_name": text(senderLast),
    "sender.full_name": text(senderFull),
    "sender.email": text(s.sender?.email),
    "sender.booking_link": text(s.sender?.booking_link),
    "campaign.name": text(s.campaign.name),
    "enrollment.goal": text(s.enrollment.goal),
  };
}
