// The enrolment list a person uploads (a column "email" or "contact_id", or one column of
// addresses), read with csv-parse (issue 71 item 5) so that what Excel writes in de/fr/nl (`;`, a
// BOM, quoted fields) reads as it does on the import page; the delimiter comes from the header line
// (src/prospects/csv-delimiter.ts). A record csv-parse cannot read is skipped: the preview lists
// what it found, and the person sees what is missing.
import { parse } from "csv-parse/browser/esm/sync";
import { detectDelimiter } from "../../../src/prospects/csv-delimiter.ts";

export interface EnrollTarget {
  contact_id?: string;
  email?: string;
}

export function readEnrollCsv(text: string): EnrollTarget[] {
  const records = parse(text, {
    delimiter: detectDelimiter(text),
    record_delimiter: ["\r\n", "\n", "\r"],
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    trim: true,
  }) as string[][];
  if (records.length === 0) return [];
  const head = records[0].map((h) => h.toLowerCase());
  const emailCol = head.indexOf("email");
  const idCol = head.indexOf("contact_id");
  const hasHeader = emailCol >= 0 || idCol >= 0;
  return (hasHeader ? records.slice(1) : records)
    .map((cells): EnrollTarget => {
      if (idCol >= 0 && cells[idCol]) return { contact_id: cells[idCol] };
      return { email: cells[hasHeader ? emailCol : 0] };
    })
    .filter((t) => t.contact_id || t.email);
}
