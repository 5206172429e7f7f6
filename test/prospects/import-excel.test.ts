// Issue 71 item 5: "A `;`-separated CSV from Excel imports." Files as Excel saves them in a German,
// French and Dutch locale (a BOM, `;` between fields, CRLF, quotes only where a field holds `;`, a
// quote or a line break) import like a comma file: the delimiter is read from the header, nobody is
// asked; a bad row is still reported by its line.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { runImport } from "../../src/prospects/import-contacts.ts";
import { csvDownloadBlob, toCsv } from "../../src/prospects/write-csv.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let d: Database;
let t: Tenant;
const now = new Date("2026-11-28T12:00:00Z");
const deps = { secret: "test-secret" };
beforeAll(async () => {
  d = await testDatabase();
  t = await createTenant(d.db);
});
afterAll(async () => d.close());

const crlf = (lines: string[]) => `\ufeff${lines.join("\r\n")}\r\n`;
const FILES = {
  de: {
    csv: crlf([
      "E-Mail;Vorname;Nachname;Position",
      'jörg.müller@beispiel.de;Jörg;"Müller; Jr.";"Leiter ""Vertrieb"""',
      "keine-adresse;Kai;Ohne;",
      'anna@beispiel.de;Anna;"Schmidt-\r\nBerg";Einkauf',
    ]),
    mapping: { email: "E-Mail", first_name: "Vorname", last_name: "Nachname", title: "Position" },
  },
  fr: {
    csv: crlf([
      "Courriel;Prénom;Nom;Fonction",
      'hélène@exemple.fr;Hélène;Lefèvre;"Achats; Europe"',
      "luc@exemple.fr;Luc;Martin;Directeur, ventes",
    ]),
    mapping: { email: "Courriel", first_name: "Prénom", last_name: "Nom", title: "Fonction" },
  },
  nl: {
    csv: crlf([
      "E-mail;Voornaam;Achternaam;Functie",
      'sanne@voorbeeld.nl;Sanne;de Vries;"Inkoop; Benelux"',
      'ties@voorbeeld.nl;Ties;"van ""t"" Hof";Directie',
    ]),
    mapping: { email: "E-mail", first_name: "Voornaam", last_name: "Achternaam", title: "Functie" },
  },
};

async function people(domain: string) {
  const r = await sql<{ email: string; full_name: string; title: string | null }>`
    select email, full_name, title from contacts
    where client_id = ${t.clientId} and email like ${`%@${domain}`} order by email`.execute(d.db);
  return r.rows.map((x) => [x.email, x.full_name, x.title]);
}

describe("an Excel `;` file imports", () => {
  it("German: quoted `;`, doubled quotes and a line break in a field; the bad row reported by its line", async () => {
    const r = await runImport(
      d.db,
      t.revops,
      { kind: "contacts", csv: FILES.de.csv, mapping: FILES.de.mapping, dryRun: false, onDuplicate: "skip" },
      deps,
      now,
    );
    expect(r.counts).toMatchObject({ rows: 3, created: 2, refused: 1 });
    expect(r.report.find((x) => x.action === "refused")).toMatchObject({
      row: 2,
      line: 3,
      reason: "bad_email",
    });
    expect(await people("beispiel.de")).toEqual([
      ["anna@beispiel.de", "Anna Schmidt-\r\nBerg", "Einkauf"],
      ["jörg.müller@beispiel.de", "Jörg Müller; Jr.", 'Leiter "Vertrieb"'],
    ]);
  });
  it.each(["fr", "nl"] as const)("%s: every row imports with its `;` and quotes as text", async (lang) => {
    const f = FILES[lang];
    const r = await runImport(
      d.db,
      t.revops,
      { kind: "contacts", csv: f.csv, mapping: f.mapping, dryRun: false, onDuplicate: "skip" },
      deps,
      now,
    );
    expect(r.counts).toMatchObject({ rows: 2, created: 2, refused: 0 });
  });
  it("French and Dutch fields read whole", async () => {
    expect(await people("exemple.fr")).toEqual([
      ["hélène@exemple.fr", "Hélène Lefèvre", "Achats; Europe"],
      ["luc@exemple.fr", "Luc Martin", "Directeur, ventes"],
    ]);
    expect(await people("voorbeeld.nl")).toEqual([
      ["sanne@voorbeeld.nl", "Sanne de Vries", "Inkoop; Benelux"],
      ["ties@voorbeeld.nl", 'Ties van "t" Hof', "Directie"],
    ]);
  });
});

describe("a downloaded CSV imports again (issue 71: the download's BOM)", () => {
  it("the file starts with EF BB BF and Müller reads back as Müller, in `,` and `;`", async () => {
    for (const [delimiter, domain] of [
      [",", "download.de"],
      [";", "download.at"],
    ] as const) {
      const blob = csvDownloadBlob(
        toCsv(
          ["Email", "First", "Last"],
          [
            [`joerg@${domain}`, "Jörg", "Müller"],
            [`zoe@${domain}`, "Zoë", "Ærø-Straße"],
          ],
          { delimiter },
        ),
      );
      const bytes = Buffer.from(await blob.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const r = await runImport(
        d.db,
        t.revops,
        {
          kind: "contacts",
          csv: bytes.toString("utf8"), // as the CLI reads a file: the BOM stays in the text
          mapping: { email: "Email", first_name: "First", last_name: "Last" },
          dryRun: false,
          onDuplicate: "skip",
          legalBasis: "legitimate_interest",
        },
        deps,
        now,
      );
      expect(r.counts).toMatchObject({ rows: 2, created: 2, refused: 0 });
      expect(await people(domain)).toEqual([
        [`joerg@${domain}`, "Jörg Müller", null],
        [`zoe@${domain}`, "Zoë Ærø-Straße", null],
      ]);
    }
  });
});
