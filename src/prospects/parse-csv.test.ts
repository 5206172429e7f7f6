import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, detectDelimiter, MAX_RECORD_BYTES, parseCsv, parseCsvSliced } from "./parse-csv.ts";

describe("parseCsv (RFC 4180)", () => {
  it("reads a header and rows, CRLF or LF, with a BOM and a trailing newline", () => {
    const r = parseCsv("\ufeffEmail,First\r\na@x.io,Ann\nb@x.io,Bob\r\n");
    expect(r.header).toEqual(["Email", "First"]);
    expect(r.rows).toEqual([
      ["a@x.io", "Ann"],
      ["b@x.io", "Bob"],
    ]);
    expect(r.lines).toEqual([2, 3]);
  });
  it("keeps commas, doubled quotes and line breaks inside quotes; counts lines for the report", () => {
    const r = parseCsv('a,b\n"x, y","say ""hi"""\n"multi\r\nline",z\nlast,1');
    expect(r.rows).toEqual([
      ["x, y", 'say "hi"'],
      ["multi\r\nline", "z"],
      ["last", "1"],
    ]);
    expect(r.lines).toEqual([2, 3, 5]);
  });
  it("empty fields, a trailing comma, blank lines", () => {
    const r = parseCsv("a,b,c\n,,\n\n1,,\n");
    expect(r.rows).toEqual([
      ["", "", ""],
      ["1", "", ""],
    ]);
  });
  it("refuses an unclosed quote and text after a closing quote, with the line the record starts on", () => {
    expect(() => parseCsv('a\nok\n"open\nmore')).toThrow(/never closed \(line 3\)/);
    expect(() => parseCsv('a\n"x"y')).toThrow(/after a closing quote \(line 2\)/);
    expect(() => parseCsv('a\r\nok\r\n\r\n"x\r\n"y\r\n')).toThrow(/after a closing quote \(line 4\)/);
  });
  it("keeps a quote inside an unquoted field as text", () => {
    expect(parseCsv('a,b\n5" screen,x\n').rows).toEqual([['5" screen', "x"]]);
  });
  it("round-trips any table of strings", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ minLength: 1 }), { minLength: 2, maxLength: 4 }), {
          minLength: 1,
          maxLength: 8,
        }),
        (rows) => {
          const width = rows[0].length;
          // a header of plain names: the delimiter is read from it
          const table = [
            Array.from({ length: width }, (_, i) => `h${i}`),
            ...rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "v")),
          ];
          const text = table.map((r) => r.map(csvField).join(",")).join("\r\n");
          const parsed = parseCsv(text);
          expect([parsed.header, ...parsed.rows].slice(1)).toEqual(table.slice(1));
        },
      ),
    );
  });

  it("gives each record's start in the text (a BOM counted), and the sliced parse reads the same", async () => {
    const text = '\ufeffa,b\r\n1,"x\ny"\n\n2,z\n';
    const r = parseCsv(text);
    expect(r.offsets).toEqual([6, 15]);
    expect(text.slice(r.offsets[0], r.offsets[0] + 2)).toBe("1,");
    expect(text.slice(r.offsets[1], r.offsets[1] + 2)).toBe("2,");
    const big = `h1,h2\n${Array.from({ length: 20_000 }, (_, i) => `v${i},"q ""${i}"""`).join("\n")}`;
    expect(await parseCsvSliced(big)).toEqual(parseCsv(big));
  });
});

// What Excel writes when a table is saved as "CSV (separated by semicolons)" in a German, French or
// Dutch locale: a BOM, `;` between fields (the comma is the decimal mark), CRLF, and quotes only
// around a field that holds a `;`, a quote or a line break.
const EXCEL = {
  de: '\ufeffE-Mail;Vorname;Nachname;Firma;Umsatz\r\njörg.müller@beispiel.de;Jörg;Müller;"Müller & Söhne; Berlin";1.234,50\r\n"anna@beispiel.de";Anna;"Schmidt\r\n(Vertrieb)";"Sagt ""ja""";0,5\r\n',
  fr: '\ufeffCourriel;Prénom;Nom;Société;Remarque\r\nhélène@exemple.fr;Hélène;Lefèvre;"Dupont; Fils";"l\'été, 2026"\r\nluc@exemple.fr;Luc;Martin;Acme;12,5\r\n',
  nl: '\ufeffE-mail;Voornaam;Achternaam;Bedrijf\r\nsanne@voorbeeld.nl;Sanne;de Vries;"Jansen; van Dijk B.V."\r\nties@voorbeeld.nl;Ties;"van ""t"" Hof";Acme\r\n',
};

describe("files from Excel (de, fr, nl: `;`), and the delimiter read from the header", () => {
  it("reads a German Excel file: BOM, `;`, quoted `;`, doubled quotes, a line break in a field", () => {
    const r = parseCsv(EXCEL.de);
    expect(r.delimiter).toBe(";");
    expect(r.header).toEqual(["E-Mail", "Vorname", "Nachname", "Firma", "Umsatz"]);
    expect(r.rows).toEqual([
      ["jörg.müller@beispiel.de", "Jörg", "Müller", "Müller & Söhne; Berlin", "1.234,50"],
      ["anna@beispiel.de", "Anna", "Schmidt\r\n(Vertrieb)", 'Sagt "ja"', "0,5"],
    ]);
    expect(r.lines).toEqual([2, 3]);
    // indexes in the text (the BOM one character, ö and ü one each), not bytes
    expect(r.offsets).toEqual([EXCEL.de.indexOf("jörg"), EXCEL.de.indexOf('"anna')]);
  });
  it("reads French and Dutch Excel files; commas inside a `;` file are text", () => {
    const fr = parseCsv(EXCEL.fr);
    expect(fr.delimiter).toBe(";");
    expect(fr.rows[0]).toEqual(["hélène@exemple.fr", "Hélène", "Lefèvre", "Dupont; Fils", "l'été, 2026"]);
    expect(fr.rows[1][4]).toBe("12,5");
    const nl = parseCsv(EXCEL.nl);
    expect(nl.rows).toEqual([
      ["sanne@voorbeeld.nl", "Sanne", "de Vries", "Jansen; van Dijk B.V."],
      ["ties@voorbeeld.nl", "Ties", 'van "t" Hof', "Acme"],
    ]);
  });
  it("reads a tab-separated file, and a comma file whose fields hold `;`", () => {
    expect(parseCsv("Email\tFirst\r\na@x.io\tAnn, Jr.\r\n").rows).toEqual([["a@x.io", "Ann, Jr."]]);
    const r = parseCsv('Email,Note\na@x.io,"a; b; c"\n');
    expect(r.delimiter).toBe(",");
    expect(r.rows).toEqual([["a@x.io", "a; b; c"]]);
  });
  it.each([
    ["Email", ","],
    ["Email;First;Last", ";"],
    ["Email,First;Last,Company", ","],
    ['"Name; of; the person",Email', ","],
    ["Email\tFirst;Last\tCompany", "\t"],
    ["\ufeffE-Mail;Vorname\r\na,b,c,d;x", ";"],
  ])("the header %j is %j-separated (outside quotes, the most; a comma when none or a tie)", (header, d) => {
    expect(detectDelimiter(header)).toBe(d);
  });
  it("a hostile file: a huge field refuses the file with its line; the sliced parse says the same", async () => {
    const huge = `Email;Note\r\na@x.io;ok\r\nb@x.io;"${"x".repeat(MAX_RECORD_BYTES)}"\r\n`;
    expect(() => parseCsv(huge)).toThrow(/longer than 1 MiB \(line 3\)/);
    await expect(parseCsvSliced(huge)).rejects.toThrow(/longer than 1 MiB \(line 3\)/);
    const unclosed = `Email;Note\r\na@x.io;"${"y".repeat(100_000)}`;
    await expect(parseCsvSliced(unclosed)).rejects.toThrow(/never closed \(line 2\)/);
  });
  it("the sliced parse reads every Excel file as the whole one does", async () => {
    for (const text of Object.values(EXCEL)) expect(await parseCsvSliced(text)).toEqual(parseCsv(text));
  });
});
