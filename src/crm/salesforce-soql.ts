// SOQL values built from data Baton does not control (record ids read back from Salesforce,
// cursors stored in the database, a configured field name). Each is escaped or checked, never
// pasted: SOQL and SOSL Reference, "Quoted String Escape Sequences" and "Date Formats".

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** A quoted SOQL string literal: O'Brien → 'O\'Brien'. Other control characters are refused. */
export function soqlString(value: string): string {
  let out = "";
  for (const ch of value) {
    const e = ESCAPES[ch];
    if (e) out += e;
    else if (ch < " " || ch === "\u007f") throw new Error("a SOQL string may not hold control characters");
    else out += ch;
  }
  return `'${out}'`;
}

/** A SOQL dateTime literal (unquoted, second precision, UTC): 2026-03-02T10:00:00Z. */
export function soqlDateTime(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new Error("not a date");
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** A field's API name (standard or custom, e.g. Lifecycle_Stage__c); anything else is refused. */
export function soqlField(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(name)) throw new Error(`'${name}' is not a Salesforce field name`);
  return name;
}

/** A Salesforce record id: 15 case-sensitive or 18 case-insensitive alphanumerics. */
export function isSalesforceId(id: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id);
}
