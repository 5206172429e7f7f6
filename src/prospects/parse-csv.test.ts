import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, parseCsv, parseCsvSliced } from "./parse-csv.ts";

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
  it("refuses an unclosed quote and text after a closing quote", () => {
    expect(() => parseCsv('a\n"open')).toThrow(/never closed/);
    expect(() => parseCsv('a\n"x"y')).toThrow(/after a closing quote/);
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
          const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "v"));
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
