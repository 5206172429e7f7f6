// The shape of one labelled reply (labelled-replies*.ts) and short constructors for the sets.
import type { ReplyIntent } from "./classifier.ts";

export const LANGUAGES = ["en", "de", "fr", "es", "nl", "it", "pt"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface LabelledReply {
  text: string;
  intent: ReplyIntent;
  /** The language the reply is written in (default: en). */
  lang?: Language;
  /** For out_of_office and later: YYYY-MM-DD, or null when the reply gives none. */
  returnDate?: string | null;
  /** For referral: the address the reply gives for the person it names, or null. */
  referralEmail?: string | null;
  receivedAt?: string;
}

/** Received on Wednesday 2026-02-25 unless a case says otherwise. */
export const LABELLED_RECEIVED_AT = "2026-02-25T15:30:00Z";

/**
 * A set in one language: [intent, text] pairs; [out_of_office | later, text, returnDate,
 * receivedAt?] (the date to resume or try again, null when the reply gives none); or [referral,
 * text, email?] (the address given for the person named, null or absent when none).
 */
export type Row =
  | [Exclude<ReplyIntent, "out_of_office" | "later" | "referral">, string]
  | ["out_of_office" | "later", string, string | null, string?]
  | ["referral", string, (string | null)?];

export function labelled(lang: Language, rows: Row[]): LabelledReply[] {
  return rows.map((row): LabelledReply => {
    if (row[0] === "out_of_office" || row[0] === "later") {
      const [intent, text, returnDate, receivedAt] = row;
      return receivedAt ? { lang, intent, text, returnDate, receivedAt } : { lang, intent, text, returnDate };
    }
    if (row[0] === "referral") {
      const [intent, text, email] = row;
      return { lang, intent, text, referralEmail: email ?? null };
    }
    return { lang, intent: row[0], text: row[1] };
  });
}
