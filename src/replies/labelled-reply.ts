// The shape of one labelled reply (labelled-replies*.ts) and short constructors for the sets.
import type { ReplyIntent } from "./classifier.ts";

export const LANGUAGES = ["en", "de", "fr", "es", "nl", "it", "pt"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface LabelledReply {
  text: string;
  intent: ReplyIntent;
  /** The language the reply is written in (default: en). */
  lang?: Language;
  /** For out_of_office: YYYY-MM-DD, or null when the reply gives none. */
  returnDate?: string | null;
  receivedAt?: string;
}

/** Received on Wednesday 2026-02-25 unless a case says otherwise. */
export const LABELLED_RECEIVED_AT = "2026-02-25T15:30:00Z";

/** A set in one language: [intent, text] pairs, or [out_of_office, text, returnDate, receivedAt?]. */
export type Row =
  | [Exclude<ReplyIntent, "out_of_office">, string]
  | ["out_of_office", string, string | null, string?];

export function labelled(lang: Language, rows: Row[]): LabelledReply[] {
  return rows.map((row) => {
    if (row[0] === "out_of_office") {
      const [intent, text, returnDate, receivedAt] = row;
      return receivedAt ? { lang, intent, text, returnDate, receivedAt } : { lang, intent, text, returnDate };
    }
    return { lang, intent: row[0], text: row[1] };
  });
}
