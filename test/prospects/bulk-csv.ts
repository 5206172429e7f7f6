// A large contact CSV for the import test and bench (issue 15): `unique` people and `dupes` repeat
// rows, each repeating an earlier person's address in another spelling the dedupe rule folds:
// MIXED CASE for company addresses, dots and +tags for Gmail/googlemail, +tags for Outlook.
import { csvField } from "../../src/prospects/parse-csv.ts";

export function bulkContactsCsv(unique: number, dupes: number, tag: string): string {
  const lines = ["Email,First Name,Last Name,Title,Basis"];
  const addressOf = (i: number) =>
    i % 3 === 0
      ? { local: `first${i}.last`, domain: "gmail.com" }
      : i % 3 === 1
        ? { local: `person${i}`, domain: "outlook.com" }
        : { local: `p${i}.${tag}`, domain: `co${i % 500}.example` };
  const variant = (i: number, k: number) => {
    const a = addressOf(i);
    if (a.domain === "gmail.com")
      return k % 2
        ? `${a.local.replace(".", "")}+promo${k}@GoogleMail.com`
        : `${a.local.toUpperCase()}@gmail.com`;
    if (a.domain === "outlook.com") return `${a.local}+news${k}@Outlook.com`;
    return `${a.local}@${a.domain}`.toUpperCase();
  };
  for (let i = 0; i < unique; i++) {
    const a = addressOf(i);
    lines.push(
      [
        `${a.local}@${a.domain}`,
        `First${i}`,
        `Last, ${tag}`,
        i % 7 ? "Buyer" : 'Head of "Ops"',
        "legitimate_interest",
      ]
        .map(csvField)
        .join(","),
    );
    // spread the repeats through the file (never before the first spelling)
    if (i % Math.floor(unique / dupes) === 0 && lines.length - 1 - (i + 1) < dupes)
      lines.push([variant(i, i), `First${i}`, `Last, ${tag}`, "Buyer", ""].map(csvField).join(","));
  }
  // a person's address may be long ago in the file: the gmail ones keep their own 'tag' free
  return `${lines.join("\r\n")}\r\n`;
}
